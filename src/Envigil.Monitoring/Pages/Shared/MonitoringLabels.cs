using System.Globalization;
using Envigil.Monitoring.Observations;
using Envigil.Monitoring.Reception;
using Envigil.Monitoring.Registry;
using static Envigil.Kernel.Localization.UiCulture;

namespace Envigil.Monitoring.Pages.Shared;

/// <summary>What the monitoring pages call states, kinds and statuses, in the current UI language.</summary>
public static class MonitoringLabels
{
    /// <summary>The states in the order the legend lists them.</summary>
    public static readonly IReadOnlyList<StationState> States =
        [StationState.Online, StationState.Late, StationState.Offline, StationState.Calibrating, StationState.Fault, StationState.Exceeding];

    public static string State(StationState state) => state switch
    {
        StationState.Online => T("Trực tuyến", "Online"),
        StationState.Late => T("Chậm", "Late"),
        StationState.Offline => T("Mất tín hiệu", "Offline"),
        StationState.Calibrating => T("Đang hiệu chuẩn", "Calibrating"),
        StationState.Fault => T("Lỗi thiết bị", "Fault"),
        StationState.Exceeding => T("Vượt quy chuẩn", "Exceeding"),
        _ => state.ToString(),
    };

    /// <summary>CSS class suffix and JSON value: the enum name in lower case (online, late, ...).</summary>
    public static string StateKey(StationState state) => state.ToString().ToLowerInvariant();

    /// <summary>
    /// The symbol drawn inside a station's marker and its legend entry, so that a state is told apart without colour
    /// (WCAG 1.4.1): ✓ online, … late, × offline, ≈ calibrating, ! fault, ▲ exceeding.
    /// </summary>
    public static string StateSymbol(StationState state) => state switch
    {
        StationState.Online => "✓",
        StationState.Late => "…",
        StationState.Offline => "×",
        StationState.Calibrating => "≈",
        StationState.Fault => "!",
        StationState.Exceeding => "▲",
        _ => "?",
    };

    public static string Kind(StationKind kind) => kind switch
    {
        StationKind.Wastewater => T("Nước thải", "Wastewater"),
        StationKind.StackEmission => T("Khí thải ống khói", "Stack emission"),
        StationKind.AmbientAir => T("Không khí xung quanh", "Ambient air"),
        StationKind.SurfaceWater => T("Nước mặt", "Surface water"),
        StationKind.Groundwater => T("Nước dưới đất", "Groundwater"),
        _ => kind.ToString(),
    };

    public static string Kind(string kind) => Enum.TryParse<StationKind>(kind, out var k) ? Kind(k) : kind;

    public static string ReceiptState(string state) => state switch
    {
        ReceiptStates.Pending => T("Đang chờ xử lý", "Pending"),
        ReceiptStates.Stored => T("Đã lưu", "Stored"),
        ReceiptStates.Duplicate => T("Trùng, đã có", "Duplicate"),
        ReceiptStates.Partial => T("Lưu một phần", "Partly stored"),
        ReceiptStates.Quarantined => T("Cách ly", "Quarantined"),
        ReceiptStates.Rejected => T("Bị từ chối", "Rejected"),
        _ => state,
    };

    /// <summary>Circular 10/2021 status codes 00, 01, 02.</summary>
    public static string Status(short status) => status switch
    {
        ObservationStatus.Measuring => T("Đang đo", "Measuring"),
        ObservationStatus.Calibrating => T("Hiệu chuẩn", "Calibrating"),
        ObservationStatus.Fault => T("Lỗi thiết bị", "Device fault"),
        _ => status.ToString("00", CultureInfo.InvariantCulture),
    };

    /// <summary>Why a value does not count: its status, or (when measuring) that it lies outside the physical range.</summary>
    public static string Invalid(short status) =>
        status == ObservationStatus.Measuring ? T("ngoài dải đo", "outside the physical range") : Status(status).ToLower(CultureInfo.CurrentCulture);

    public static string Parameter(string code) =>
        ParameterCatalogue.Find(code) is { } definition ? $"{code} – {T(definition.NameVi, definition.NameEn)}" : code;

    /// <summary>A measured value in the reader's number format (Vietnamese writes 62,4).</summary>
    public static string Number(double value) => value.ToString("#,##0.###", CultureInfo.CurrentCulture);

    public static string Number(double? value) => value is { } v ? Number(v) : "—";

    public static string Percent(double value) => value.ToString("0.#", CultureInfo.CurrentCulture) + " %";
}
