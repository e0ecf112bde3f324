namespace Envigil.Monitoring;

/// <summary>Configuration section Envigil:Monitoring.</summary>
public sealed class MonitoringOptions
{
    public const string Section = "Envigil:Monitoring";

    /// <summary>Folder the FTP server writes into, one sub-folder per facility account. Empty: {DataDirectory}/drop.</summary>
    public string? DropFolder { get; set; }

    /// <summary>Watch the drop folder (on by default).</summary>
    public bool DropFolderEnabled { get; set; } = true;

    /// <summary>Delete a file from the drop folder once it is archived (it is kept in the archive).</summary>
    public bool DeleteDroppedFiles { get; set; } = true;

    /// <summary>The drop-folder / MQTT account of the province's own (public) monitoring network: it may deliver only for stations that belong to no facility.</summary>
    public string PublicNetworkAccount { get; set; } = "network";

    public MqttReceptionOptions Mqtt { get; set; } = new();

    /// <summary>Demo mode: seed the demo registry and run the station simulator.</summary>
    public bool SimulatorEnabled { get; set; } = true;

    /// <summary>Hours of history the simulator writes at first start in demo mode.</summary>
    public int SimulatorBackfillHours { get; set; } = 6;
}

/// <summary>MQTT reception through a broker such as mosquitto: payload = file text, topic names the account and file.</summary>
public sealed class MqttReceptionOptions
{
    public bool Enabled { get; set; }
    public string Host { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 1883;
    public string? Username { get; set; }
    public string? Password { get; set; }
    /// <summary>Topic filter; the broker's ACL lets each facility account publish only under envigil/{its account}/files/.</summary>
    public string Topic { get; set; } = "envigil/+/files/#";

    /// <summary>The persistent session's client id; give each host that subscribes its own (only one should).</summary>
    public string ClientId { get; set; } = "envigil-reception";
}
