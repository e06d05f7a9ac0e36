using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using NicDoctor.Fleet.Metrics;

namespace NicDoctor.Fleet.Exporter;

/// <summary>
/// A minimal HTTP/1.1 responder for Prometheus scrapes over a plain socket (no ASP.NET, AOT-safe):
/// <c>GET /metrics</c> answers one scrape, <c>GET /</c> a short page, anything else 404/405. One
/// connection at a time, <c>Connection: close</c>: a scrape every few seconds needs no more.
/// </summary>
public sealed class MetricsHttpServer : IDisposable
{
    private const int MaxRequestHeaderBytes = 16 * 1024;
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(10);
    private readonly TcpListener _listener;
    private readonly Func<IReadOnlyList<MetricFamily>> _scrape;

    public MetricsHttpServer(IPEndPoint endpoint, Func<IReadOnlyList<MetricFamily>> scrape)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        _scrape = scrape ?? throw new ArgumentNullException(nameof(scrape));
        _listener = new TcpListener(endpoint);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
    }

    /// <summary>The bound address (port 0 asks the kernel for a free port).</summary>
    public IPEndPoint LocalEndpoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>Serves until <paramref name="cancellationToken"/> is cancelled. <paramref name="onError"/> hears about failed requests.</summary>
    public void Serve(CancellationToken cancellationToken, Action<string>? onError = null)
    {
        using CancellationTokenRegistration stop = cancellationToken.Register(_listener.Stop);
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = _listener.AcceptSocket();
            }
            catch (SocketException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            using (client)
            {
                try
                {
                    Handle(client);
                }
                catch (Exception e) when (e is IOException or SocketException)
                {
                    onError?.Invoke(e.Message); // a client that hung up: serve the next one
                }
            }
        }
    }

    public void Dispose() => _listener.Stop();

    /// <summary>Parses the request line (<c>GET /metrics HTTP/1.1</c>) of a request head.</summary>
    internal static (string Method, string Path)? ParseRequestLine(string head)
    {
        int end = head.IndexOf("\r\n", StringComparison.Ordinal);
        string line = end < 0 ? head : head[..end];
        string[] parts = line.Split(' ');
        if (parts.Length != 3 || !parts[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
            return null;
        string path = parts[1];
        int query = path.IndexOf('?', StringComparison.Ordinal);
        return (parts[0], query < 0 ? path : path[..query]);
    }

    private void Handle(Socket client)
    {
        client.ReceiveTimeout = (int)ClientTimeout.TotalMilliseconds;
        client.SendTimeout = (int)ClientTimeout.TotalMilliseconds;
        string? head = ReadHead(client);
        if (head is null)
            return;
        (string Method, string Path)? request = ParseRequestLine(head);
        if (request is null)
        {
            Send(client, 400, "Bad Request", "text/plain; charset=utf-8", "bad request\n"u8.ToArray(), true);
            return;
        }
        (string method, string path) = request.Value;
        bool bodyWanted = method != "HEAD";
        if (method is not ("GET" or "HEAD"))
        {
            Send(client, 405, "Method Not Allowed", "text/plain; charset=utf-8", "only GET\n"u8.ToArray(), true);
            return;
        }
        switch (path)
        {
            case "/metrics":
                Send(client, 200, "OK", ExpositionWriter.ContentType, Encoding.UTF8.GetBytes(ExpositionWriter.ToText(_scrape())), bodyWanted);
                break;
            case "/":
                Send(client, 200, "OK", "text/html; charset=utf-8",
                    "<html><head><title>nicdoctor exporter</title></head><body><h1>nicdoctor exporter</h1><p><a href=\"/metrics\">Metrics</a></p></body></html>\n"u8.ToArray(), bodyWanted);
                break;
            default:
                Send(client, 404, "Not Found", "text/plain; charset=utf-8", "not found: try /metrics\n"u8.ToArray(), bodyWanted);
                break;
        }
    }

    // Reads up to the blank line that ends the request head; the request body (none for GET) is ignored.
    private static string? ReadHead(Socket client)
    {
        var buffer = new byte[MaxRequestHeaderBytes];
        int length = 0;
        while (length < buffer.Length)
        {
            int n = client.Receive(buffer, length, buffer.Length - length, SocketFlags.None);
            if (n == 0)
                return length == 0 ? null : Encoding.ASCII.GetString(buffer, 0, length);
            length += n;
            if (buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8) >= 0)
                return Encoding.ASCII.GetString(buffer, 0, length);
        }
        return Encoding.ASCII.GetString(buffer, 0, length); // oversized head: the request line is still at the front
    }

    private static void Send(Socket client, int status, string reason, string contentType, byte[] body, bool withBody)
    {
        string head = string.Create(CultureInfo.InvariantCulture,
            $"HTTP/1.1 {status} {reason}\r\nContent-Type: {contentType}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
        client.Send(Encoding.ASCII.GetBytes(head));
        if (withBody)
            client.Send(body);
        client.Shutdown(SocketShutdown.Send);
    }
}
