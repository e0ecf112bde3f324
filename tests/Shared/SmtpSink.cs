using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Envigil.Tests;

/// <summary>A message as the <see cref="SmtpSink"/> received it, with subject and body decoded to text.</summary>
public sealed record ReceivedMail(string From, IReadOnlyList<string> To, string Subject, string Body, IReadOnlyDictionary<string, string> Headers, string Raw);

/// <summary>
/// A small SMTP server on loopback for tests (RFC 5321 as far as System.Net.Mail.SmtpClient needs it: EHLO/HELO,
/// MAIL FROM, RCPT TO, DATA with dot-unstuffing, RSET, NOOP, QUIT). It decodes what SmtpClient writes for UTF-8:
/// RFC 2047 encoded-words in the subject (B and Q) and base64, quoted-printable, 7bit or 8bit bodies. It can refuse
/// the next messages with a 4xx reply, as a busy server does, to exercise retries.
/// </summary>
public sealed partial class SmtpSink : IAsyncDisposable
{
    public const string DefaultRefusal = "451 4.3.0 Mailbox busy, try again later";

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<ReceivedMail> _messages = [];
    private readonly List<Task> _sessions = [];
    private readonly Task _accepting;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _refuse;
    private string _refusal = DefaultRefusal;
    private int _refused;

    public SmtpSink()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    public string Host => "127.0.0.1";

    public IReadOnlyList<ReceivedMail> Messages
    {
        get
        {
            lock (_gate)
                return [.. _messages];
        }
    }

    /// <summary>How many messages were refused so far.</summary>
    public int Refused => Volatile.Read(ref _refused);

    /// <summary>Refuse the next <paramref name="count"/> messages at the end of DATA with <paramref name="reply"/> (a 4xx or 5xx line).</summary>
    public void RefuseNext(int count, string reply = DefaultRefusal)
    {
        lock (_gate)
        {
            _refuse = count;
            _refusal = reply;
        }
    }

    /// <summary>The first received message that matches, waiting for it if it has not arrived yet.</summary>
    public async Task<ReceivedMail> WaitForMessageAsync(Func<ReceivedMail, bool> match, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_messages.FirstOrDefault(match) is { } found)
                    return found;
                changed = _changed.Task;
            }
            await changed.WaitAsync(cancellationToken);
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            lock (_gate)
            {
                _sessions.RemoveAll(s => s.IsCompleted);
                _sessions.Add(ServeAsync(client));
            }
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            // Latin-1 maps every byte to one char, so 8-bit content survives until it is decoded with its charset.
            using var reader = new StreamReader(stream, Encoding.Latin1, detectEncodingFromByteOrderMarks: false);
            await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 localhost Envigil test SMTP ready");
            string? from = null;
            var to = new List<string>();
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                var verb = (line.Length >= 4 ? line[..4] : line).ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await writer.WriteLineAsync("250-localhost greets you");
                        await writer.WriteLineAsync("250 8BITMIME");
                        break;
                    case "HELO":
                        await writer.WriteLineAsync("250 localhost");
                        break;
                    case "MAIL":
                        from = Address(line);
                        to.Clear();
                        await writer.WriteLineAsync("250 2.1.0 OK");
                        break;
                    case "RCPT":
                        if (from is null)
                        {
                            await writer.WriteLineAsync("503 5.5.1 MAIL first");
                            break;
                        }
                        to.Add(Address(line));
                        await writer.WriteLineAsync("250 2.1.5 OK");
                        break;
                    case "DATA":
                        if (from is null || to.Count == 0)
                        {
                            await writer.WriteLineAsync("503 5.5.1 RCPT first");
                            break;
                        }
                        await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                        var raw = new StringBuilder();
                        while (await reader.ReadLineAsync(_stop.Token) is { } dataLine && dataLine != ".")
                            raw.Append(dataLine.StartsWith('.') ? dataLine[1..] : dataLine).Append("\r\n");
                        await writer.WriteLineAsync(Accept(from, to, raw.ToString()));
                        from = null;
                        to.Clear();
                        break;
                    case "RSET":
                        from = null;
                        to.Clear();
                        await writer.WriteLineAsync("250 2.0.0 OK");
                        break;
                    case "NOOP":
                        await writer.WriteLineAsync("250 2.0.0 OK");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 2.0.0 Bye");
                        return;
                    default:
                        await writer.WriteLineAsync("502 5.5.2 Command not implemented");
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The client hung up, or the sink is stopping.
        }
    }

    /// <returns>The reply to the end of DATA.</returns>
    private string Accept(string from, List<string> to, string raw)
    {
        lock (_gate)
        {
            if (_refuse > 0)
            {
                _refuse--;
                _refused++;
                return _refusal;
            }
            _messages.Add(Parse(from, [.. to], raw));
            _changed.TrySetResult();
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        return "250 2.0.0 Queued";
    }

    private static string Address(string line)
    {
        var start = line.IndexOf('<');
        var end = line.IndexOf('>', start + 1);
        return start >= 0 && end > start ? line[(start + 1)..end] : line[(line.IndexOf(':') + 1)..].Trim();
    }

    public static ReceivedMail Parse(string from, IReadOnlyList<string> to, string raw)
    {
        var split = raw.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var headerText = split >= 0 ? raw[..split] : raw;
        var bodyText = split >= 0 ? raw[(split + 4)..] : "";
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? name = null;
        foreach (var line in headerText.Split("\r\n"))
        {
            if (line.Length > 0 && (line[0] == ' ' || line[0] == '\t') && name is not null)
            {
                headers[name] += line; // unfolding keeps the leading white space (RFC 5322 §2.2.3)
                continue;
            }
            var colon = line.IndexOf(':');
            if (colon <= 0)
                continue;
            name = line[..colon].Trim();
            headers[name] = line[(colon + 1)..].TrimStart();
        }

        var contentType = headers.GetValueOrDefault("Content-Type") ?? "text/plain; charset=us-ascii";
        var charset = CharsetPattern().Match(contentType) is { Success: true } m ? m.Groups[1].Value : "us-ascii";
        var transfer = (headers.GetValueOrDefault("Content-Transfer-Encoding") ?? "7bit").Trim().ToLowerInvariant();
        // A message body ends with CRLF before the terminating dot; that CRLF belongs to the protocol, not to the text.
        if (bodyText.EndsWith("\r\n", StringComparison.Ordinal))
            bodyText = bodyText[..^2];
        var bodyBytes = transfer switch
        {
            "base64" => Convert.FromBase64String(string.Concat(bodyText.Where(c => !char.IsWhiteSpace(c)))),
            "quoted-printable" => QuotedPrintable(bodyText, underscoreIsSpace: false),
            _ => Encoding.Latin1.GetBytes(bodyText),
        };
        var body = Encoding.GetEncoding(charset).GetString(bodyBytes);
        var subject = DecodeEncodedWords(headers.GetValueOrDefault("Subject") ?? "");
        return new ReceivedMail(from, to, subject, body, headers, raw);
    }

    /// <summary>
    /// RFC 2047: <c>=?charset?B|Q?text?=</c>. White space between adjacent encoded-words is dropped, and their bytes
    /// are joined before decoding, since a writer may split one multi-byte character across two words.
    /// </summary>
    public static string DecodeEncodedWords(string value)
    {
        var result = new StringBuilder();
        var pending = new List<byte>();
        string? pendingCharset = null;
        var position = 0;
        foreach (Match word in EncodedWordPattern().Matches(value))
        {
            var between = value[position..word.Index];
            if (pendingCharset is null || between.Trim().Length > 0 || !string.Equals(pendingCharset, word.Groups[1].Value, StringComparison.OrdinalIgnoreCase))
            {
                Flush();
                result.Append(Utf8(between));
            }
            pendingCharset = word.Groups[1].Value;
            var text = word.Groups[3].Value;
            pending.AddRange(word.Groups[2].Value.Equals("B", StringComparison.OrdinalIgnoreCase)
                ? Convert.FromBase64String(text)
                : QuotedPrintable(text, underscoreIsSpace: true));
            position = word.Index + word.Length;
        }
        Flush();
        result.Append(Utf8(value[position..]));
        return result.ToString();

        void Flush()
        {
            if (pendingCharset is not null && pending.Count > 0)
                result.Append(Encoding.GetEncoding(pendingCharset).GetString([.. pending]));
            pending.Clear();
            pendingCharset = null;
        }
    }

    /// <summary>Quoted-printable (RFC 2045 §6.7) or the Q encoding of RFC 2047 (where '_' is a space), to bytes.</summary>
    public static byte[] QuotedPrintable(string text, bool underscoreIsSpace)
    {
        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '=' && i + 2 < text.Length && text[i + 1] == '\r' && text[i + 2] == '\n')
            {
                i += 2; // soft line break
            }
            else if (c == '=' && i + 2 < text.Length && Uri.IsHexDigit(text[i + 1]) && Uri.IsHexDigit(text[i + 2]))
            {
                bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.Add(underscoreIsSpace && c == '_' ? (byte)' ' : (byte)c);
            }
        }
        return [.. bytes];
    }

    /// <summary>Header text read as Latin-1 (byte for byte) back to the UTF-8 a writer may have put there unencoded.</summary>
    private static string Utf8(string latin1) => Encoding.UTF8.GetString(Encoding.Latin1.GetBytes(latin1));

    [GeneratedRegex(@"charset\s*=\s*""?([^"";\s]+)""?", RegexOptions.IgnoreCase)]
    private static partial Regex CharsetPattern();

    [GeneratedRegex(@"=\?([^?]+)\?([BbQq])\?([^?]*)\?=")]
    private static partial Regex EncodedWordPattern();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        Task[] sessions;
        lock (_gate)
            sessions = [.. _sessions];
        await Task.WhenAll(sessions);
        _stop.Dispose();
    }
}
