using System.Text.RegularExpressions;
using static Envigil.Kernel.Localization.UiCulture;

namespace Envigil.Monitoring.Pages.Shared;

/// <summary>
/// The registry, the token service and the reception pipeline explain problems in English (the API's language).
/// The pages show the common ones in Vietnamese; a message not listed here is shown as it is, so a new or changed
/// message is never lost, only untranslated.
/// </summary>
public static class ServiceMessages
{
    private static readonly (Regex Pattern, string Vietnamese)[] Translations =
    [
        // RegistryService
        (new(@"^Id: 1-64 letters, digits, '_', '-' or '\.'\.$"), "Mã cơ sở: 1–64 ký tự gồm chữ, số, '_', '-' hoặc '.'."),
        (new(@"^Name is required \(at most (\d+) characters\)\.$"), "Phải nhập tên (tối đa $1 ký tự)."),
        (new(@"^Commune code '(.*)' is not a commune of (.*)\.$"), "Mã xã '$1' không phải là xã, phường của tỉnh."),
        (new(@"^Design flows cannot be negative\.$"), "Lưu lượng thiết kế không được âm."),
        (new(@"^FTP account: 1-32 lower-case letters, digits, '_' or '-'\.$"), "Tài khoản FTP: 1–32 ký tự gồm chữ thường, số, '_' hoặc '-'."),
        (new(@"^FTP account '(.*)' already belongs to another facility\.$"), "Tài khoản FTP '$1' đã thuộc về cơ sở khác."),
        (new(@"^(Tax code|Address|Industry|Permit number): at most 200 characters\.$"), "$1: tối đa 200 ký tự."),
        (new(@"^Code: 1-64 letters, digits, '_', '-' or '\.' \(as in the data file names\)\.$"), "Mã trạm: 1–64 ký tự gồm chữ, số, '_', '-' hoặc '.' (như trong tên tệp dữ liệu)."),
        (new(@"^Cadence: 60 to 86,400 seconds\.$"), "Chu kỳ: từ 60 đến 86.400 giây."),
        (new(@"^Location (.*), (.*) is not in (.*) \(latitude and longitude look swapped\)\.$"), "Vị trí (vĩ độ $1; kinh độ $2) không nằm trong tỉnh (có vẻ vĩ độ và kinh độ bị đảo)."),
        (new(@"^Location (.*), (.*) is not in (.*)\.$"), "Vị trí (vĩ độ $1; kinh độ $2) không nằm trong tỉnh."),
        (new(@"^Commune code '(.*)' is not a commune of the province\.$"), "Mã xã '$1' không phải là xã, phường của tỉnh."),
        (new(@"^Facility '(.*)' is not registered\.$"), "Cơ sở '$1' chưa được đăng ký."),
        (new(@"^Station '(.*)' is not registered\.$"), "Trạm '$1' chưa được đăng ký."),
        (new(@"^Parameter '(.*)' is not in the catalogue \(.*\); add an alias first if it is a local spelling\.$"),
            "Thông số '$1' không có trong danh mục (mã theo Phụ lục 15 Thông tư 10/2021); nếu đó là cách viết riêng, hãy thêm bí danh trước."),
        (new(@"^Parameter '(.*)' is not in the catalogue\.$"), "Thông số '$1' không có trong danh mục."),
        (new(@"^Unit is required \(at most 32 characters\)\.$"), "Phải có đơn vị đo (tối đa 32 ký tự)."),
        (new(@"^The physical minimum must be below the maximum\.$"), "Giá trị nhỏ nhất của dải đo phải nhỏ hơn giá trị lớn nhất."),
        (new(@"^Alias: 1-64 characters\.$"), "Bí danh: 1–64 ký tự."),
        (new(@"^'(.*)' already means (.*) in the catalogue\.$"), "'$1' đã có nghĩa là $2 trong danh mục."),
        // MachineTokenAdministration
        (new(@"^Name is required \(at most 100 characters\)\.$"), "Phải nhập tên (tối đa 100 ký tự)."),
        (new(@"^Expiry must be in the future\.$"), "Ngày hết hạn phải ở tương lai."),
        // Reception pipeline (receipt and line reasons)
        (new(@"^parameter '(.*)' is not in the catalogue; add an alias for it$"), "thông số '$1' không có trong danh mục; hãy thêm bí danh cho nó"),
        (new(@"^parameter (.*) is not registered for station (.*)$"), "thông số $1 chưa được đăng ký cho trạm $2"),
        (new(@"^unit '(.*)' does not match the registered unit '(.*)' of (.*)$"), "đơn vị '$1' không khớp đơn vị đã đăng ký '$2' của $3"),
        (new(@"^station '(.*)' in the file name is not registered$"), "trạm '$1' trong tên tệp chưa được đăng ký"),
        (new(@"^(\d+) of (\d+) lines quarantined$"), "$1 trong $2 dòng bị cách ly"),
        (new(@"^none of the (\d+) lines could be stored$"), "không lưu được dòng nào trong $1 dòng"),
        (new(@"^the file holds no data lines$"), "tệp không có dòng dữ liệu nào"),
        (new(@"^(\d+) values differ from values already stored: kept as conflicts for review$"), "$1 giá trị khác với giá trị đã lưu: giữ lại dưới dạng xung đột để xem xét"),
        (new(@"^every value was already stored$"), "mọi giá trị đã được lưu trước đó"),
        (new(@"^the file names station (.*) but sender '(.*)' delivers only for (.*)$"), "tệp ghi trạm $1 nhưng bên gửi '$2' chỉ được gửi cho $3"),
    ];

    /// <summary>The message in the current UI language when a translation is known, else as given.</summary>
    public static string InUiLanguage(string? message)
    {
        if (string.IsNullOrEmpty(message) || IsEnglish)
            return message ?? "";
        foreach (var (pattern, vietnamese) in Translations)
        {
            if (pattern.IsMatch(message))
                return pattern.Replace(message, vietnamese);
        }
        return message;
    }
}
