using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Envigil.Host.Tests.Monitoring;

/// <summary>A webhook request as the receiver got it.</summary>
public sealed record ReceivedWebhook(string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.GetValueOrDefault(name);
}

/// <summary>A subscriber's endpoint on loopback (Kestrel on a free port) that records every POST and answers with a chosen status.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly List<ReceivedWebhook> _requests = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile int _status = StatusCodes.Status200OK;

    private WebhookReceiver(WebApplication app) => _app = app;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/{**path}", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            receiver.Record(new ReceivedWebhook(http.Request.Path + http.Request.QueryString, headers, body));
            http.Response.StatusCode = receiver._status;
            if (receiver._status is >= 300 and < 400)
                http.Response.Headers.Location = "http://127.0.0.1:1/elsewhere";
        });
        await app.StartAsync();
        receiver.BaseUrl = app.Urls.Single().TrimEnd('/');
        return receiver;
    }

    /// <summary>http://127.0.0.1:port</summary>
    public string BaseUrl { get; private set; } = "";

    public IReadOnlyList<ReceivedWebhook> Requests
    {
        get
        {
            lock (_gate)
                return [.. _requests];
        }
    }

    /// <summary>The status every following request is answered with.</summary>
    public void AnswerWith(HttpStatusCode status) => _status = (int)status;

    public async Task<ReceivedWebhook> WaitForAsync(Func<ReceivedWebhook, bool> match, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_requests.FirstOrDefault(match) is { } found)
                    return found;
                changed = _changed.Task;
            }
            await changed.WaitAsync(cancellationToken);
        }
    }

    private void Record(ReceivedWebhook request)
    {
        lock (_gate)
        {
            _requests.Add(request);
            _changed.TrySetResult();
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
