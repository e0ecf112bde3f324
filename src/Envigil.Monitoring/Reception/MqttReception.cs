using Envigil.Monitoring.Registry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;

namespace Envigil.Monitoring.Reception;

/// <summary>
/// The MQTT channel (optional): Envigil subscribes to a broker such as mosquitto; a datalogger publishes the file
/// text to <c>envigil/{account}/files/{fileName}</c>. The broker's ACL lets each account publish only under its own
/// topic, so the topic's account is the sender. QoS 1 with a persistent session: a message is acknowledged only
/// after the file is archived, so the broker keeps it while Envigil is down.
/// </summary>
public sealed partial class MqttReception(ReceptionPipeline pipeline, IOptions<MonitoringOptions> options, ILogger<MqttReception> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value.Mqtt;
        if (!settings.Enabled)
            return;
        var factory = new MqttClientFactory();
        using var client = factory.CreateMqttClient();
        client.ApplicationMessageReceivedAsync += async e =>
        {
            e.AutoAcknowledge = false;
            if (await ReceiveAsync(e.ApplicationMessage.Topic, System.Buffers.BuffersExtensions.ToArray(e.ApplicationMessage.Payload), stoppingToken))
                await e.AcknowledgeAsync(stoppingToken);
        };
        var clientOptions = new MqttClientOptionsBuilder()
            .WithTcpServer(settings.Host, settings.Port)
            .WithClientId(settings.ClientId)
            .WithCleanSession(false)
            .WithCredentials(settings.Username, settings.Password)
            .Build();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!client.IsConnected)
                {
                    await client.ConnectAsync(clientOptions, stoppingToken);
                    await client.SubscribeAsync(factory.CreateSubscribeOptionsBuilder()
                        .WithTopicFilter(f => f.WithTopic(settings.Topic).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)).Build(), stoppingToken);
                    LogConnected(settings.Host, settings.Port, settings.Topic);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogConnectFailed(settings.Host, settings.Port, ex.Message);
            }
            await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
        }
        if (client.IsConnected)
            await client.DisconnectAsync(cancellationToken: CancellationToken.None);
    }

    /// <returns>True when the file is archived (or can never be: a bad topic), so the message may be acknowledged.</returns>
    private async Task<bool> ReceiveAsync(string topic, byte[] payload, CancellationToken cancellationToken)
    {
        // envigil/{account}/files/{fileName}
        var parts = topic.Split('/');
        if (parts.Length != 4 || parts[2] != "files" || parts[1].Length == 0 || parts[3].Length == 0)
        {
            LogBadTopic(topic);
            return true;
        }
        if (payload.Length > MaxPayloadBytes)
        {
            LogTooLarge(topic, payload.Length);
            return true; // acknowledged and dropped: a broker redelivering it forever helps nobody
        }
        try
        {
            await pipeline.ReceiveAsync([new IncomingFile(parts[3], payload, SenderScope.ForAccount(parts[1], ReceptionChannels.Mqtt))], cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogReceiveFailed(ex, topic);
            return false; // not acknowledged: the broker delivers it again
        }
    }

    private const int MaxPayloadBytes = 16 * ReceptionPipeline.MaxFileBytes;

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT message on topic {Topic} refused: {Bytes} bytes is more than a data file can be")]
    private partial void LogTooLarge(string topic, int bytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT reception connected to {Host}:{Port}, topic {Topic}")]
    private partial void LogConnected(string host, int port, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT broker {Host}:{Port} not reachable: {Reason}; retrying")]
    private partial void LogConnectFailed(string host, int port, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT message on topic {Topic} ignored: expected envigil/{{account}}/files/{{fileName}}")]
    private partial void LogBadTopic(string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT message on topic {Topic} could not be archived; it will be delivered again")]
    private partial void LogReceiveFailed(Exception ex, string topic);
}
