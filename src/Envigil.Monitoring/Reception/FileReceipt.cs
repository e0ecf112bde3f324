namespace Envigil.Monitoring.Reception;

/// <summary>Channels a data file can arrive through (PRODUCT.md contract: treated identically).</summary>
public static class ReceptionChannels
{
    public const string DropFolder = "ftp";
    public const string Http = "http";
    public const string Mqtt = "mqtt";
    public const string Reprocess = "reprocess";
}

/// <summary>
/// Who delivered a file and what they may deliver for. A station token delivers for its station, an FTP account,
/// MQTT user or facility token for its facility's stations, the public network's account for the state's stations,
/// an integration token for any station; a sender
/// linked to nothing may deliver nothing.
/// </summary>
public sealed record SenderScope(string Sender, string Channel, string? FacilityId = null, string? StationCode = null, bool AnyStation = false, bool PublicNetwork = false, string? Account = null)
{
    /// <summary>An FTP or MQTT account: which facility it delivers for is looked up when the file is processed, so linking the account later and reprocessing works.</summary>
    public static SenderScope ForAccount(string account, string channel) => new(account, channel, Account: account);

    public string Encode() =>
        AnyStation ? "any" : Account is not null ? $"account:{Account}" : PublicNetwork ? "network" : StationCode is not null ? $"station:{StationCode}" : FacilityId is not null ? $"facility:{FacilityId}" : "none";

    /// <summary>An account scope becomes the facility (or public network) the registry links it to now.</summary>
    public SenderScope Resolve(Registry.RegistrySnapshot registry, string publicNetworkAccount) => Account switch
    {
        null => this,
        _ when Account == publicNetworkAccount => this with { Account = null, PublicNetwork = true },
        _ => this with { Account = null, FacilityId = registry.FacilityByAccount(Account)?.Id },
    };

    public static SenderScope Decode(string sender, string channel, string encoded) => encoded switch
    {
        "any" => new SenderScope(sender, channel, AnyStation: true),
        "network" => new SenderScope(sender, channel, PublicNetwork: true),
        _ when encoded.StartsWith("account:", StringComparison.Ordinal) => ForAccount(encoded["account:".Length..], channel),
        _ when encoded.StartsWith("station:", StringComparison.Ordinal) => new SenderScope(sender, channel, StationCode: encoded["station:".Length..]),
        _ when encoded.StartsWith("facility:", StringComparison.Ordinal) => new SenderScope(sender, channel, FacilityId: encoded["facility:".Length..]),
        _ => new SenderScope(sender, channel),
    };

    /// <summary>Null when the sender may deliver for the station, else the reason it may not.</summary>
    public string? Refusal(Registry.Station station)
    {
        if (AnyStation)
            return null;
        if (PublicNetwork)
            return station.FacilityId is null ? null : $"the file names station {station.Code} of facility {station.FacilityId} but sender '{Sender}' delivers only for the public network";
        if (StationCode is not null)
            return string.Equals(StationCode, station.Code, StringComparison.OrdinalIgnoreCase)
                ? null
                : $"the file names station {station.Code} but sender '{Sender}' delivers only for station {StationCode}";
        if (FacilityId is not null)
            return station.FacilityId == FacilityId
                ? null
                : $"the file names station {station.Code} ({(station.FacilityId is null ? "public network" : "facility " + station.FacilityId)}) but sender '{Sender}' delivers only for facility {FacilityId}";
        return $"sender '{Sender}' ({Channel}) is not linked to any facility or station (set the facility's FTP account, then reprocess)";
    }
}

/// <summary>Where a received file stands.</summary>
public static class ReceiptStates
{
    /// <summary>Archived, not processed yet (or interrupted: processed again at start).</summary>
    public const string Pending = "pending";
    /// <summary>Every line stored (or recognised as already stored).</summary>
    public const string Stored = "stored";
    /// <summary>The same bytes were received and processed before; nothing new.</summary>
    public const string Duplicate = "duplicate";
    /// <summary>Some lines stored, others quarantined with reasons.</summary>
    public const string Partial = "partial";
    /// <summary>Nothing stored: the file or all its lines have problems that a registry fix may solve.</summary>
    public const string Quarantined = "quarantined";
    /// <summary>The sender may not deliver for the station the file names. Audited.</summary>
    public const string Rejected = "rejected";

    public static readonly IReadOnlyList<string> NeedAttention = [Partial, Quarantined, Rejected];
}

/// <summary>One arrival of a file: the archived bytes (by SHA-256), who sent it, how, and what became of its lines.</summary>
public sealed class FileReceipt
{
    public long Id { get; set; }
    public required string Sha256 { get; set; }
    public required string FileName { get; set; }
    public required string Channel { get; set; }
    /// <summary>FTP account, token name or MQTT user.</summary>
    public required string Sender { get; set; }
    /// <summary>What the sender may deliver for, as <see cref="SenderScope.Encode"/> writes it: any, facility:ID, station:CODE or none.</summary>
    public required string SenderScope { get; set; }
    public string? StationCode { get; set; }
    public DateTime ReceivedAtUtc { get; set; }
    public int SizeBytes { get; set; }
    public required string State { get; set; }
    public string? Reason { get; set; }
    public int LineCount { get; set; }
    public int StoredCount { get; set; }
    public int DuplicateCount { get; set; }
    public int ConflictCount { get; set; }
    public int RejectedCount { get; set; }
    public DateTime? ProcessedAtUtc { get; set; }
    public int Attempts { get; set; }
}

/// <summary>A line that was not stored, with the reason.</summary>
public sealed class QuarantinedLine
{
    public long ReceiptId { get; set; }
    public int LineNumber { get; set; }
    public required string RawLine { get; set; }
    public required string Reason { get; set; }
}
