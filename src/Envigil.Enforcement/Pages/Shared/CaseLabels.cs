using System.Globalization;
using Envigil.Enforcement.Cases;
using static Envigil.Kernel.Localization.UiCulture;

namespace Envigil.Enforcement.Pages.Shared;

public static class CaseLabels
{
    public static string Status(CaseStatus status) => CaseWorkflow.Label(status).For(IsEnglish);

    /// <summary>VND as Vietnamese write it: 1.500.000 đ.</summary>
    public static string Vnd(long? amount) => amount is { } a ? a.ToString("N0", CaseWorkflow.Vietnamese) + " đ" : "—";

    public static string Event(CaseEventKind kind) => kind switch
    {
        CaseEventKind.Opened => T("Mở hồ sơ", "Opened"),
        CaseEventKind.Edited => T("Sửa thông tin", "Edited"),
        CaseEventKind.StatusChanged => T("Chuyển trạng thái", "Status changed"),
        CaseEventKind.AlertAdded => T("Thêm cảnh báo", "Alert added"),
        CaseEventKind.DocumentAttached => T("Đính kèm tài liệu", "Document attached"),
        CaseEventKind.Commented => T("Ý kiến", "Comment"),
        _ => kind.ToString(),
    };

    public static string Size(long bytes) =>
        bytes >= 1024 * 1024 ? (bytes / 1024d / 1024d).ToString("0.0", CultureInfo.InvariantCulture) + " MB" :
        bytes >= 1024 ? (bytes / 1024d).ToString("0", CultureInfo.InvariantCulture) + " KB" : bytes + " B";
}
