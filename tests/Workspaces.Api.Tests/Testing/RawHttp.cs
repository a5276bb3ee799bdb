using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Workspaces.Api.Tests.Testing;

public sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string? ContentType => Headers.GetValueOrDefault("content-type");

    public string BodyText => Encoding.UTF8.GetString(Body);
}

// HTTP/1.1 over a plain socket, byte for byte as given: what an attacker sends, including what HttpClient would refuse to
// (bad percent-encoding, raw control bytes, over-long lines). One connection per request ("Connection: close").
public static class RawHttp
{
    public static byte[] Request(string method, byte[] target, IEnumerable<(string Name, byte[] Value)> headers, byte[]? body)
    {
        using var request = new MemoryStream();
        Write(request, $"{method} ");
        request.Write(target);
        Write(request, " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        foreach (var (name, value) in headers)
        {
            Write(request, $"{name}: ");
            request.Write(value);
            Write(request, "\r\n");
        }

        Write(request, "\r\n");
        request.Write(body ?? []);
        return request.ToArray();
    }

    public static async Task<RawResponse> SendAsync(IPEndPoint server, byte[] request, CancellationToken cancellationToken)
    {
        using var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(server, cancellationToken);
        var stream = client.GetStream();

        // The server may answer (413, 400) before reading everything and close: keep reading what it sent.
        var writing = stream.WriteAsync(request, cancellationToken).AsTask();
        using var received = new MemoryStream();
        try
        {
            await stream.CopyToAsync(received, cancellationToken);
        }
        catch (IOException) when (received.Length > 0)
        {
            // Reset after the response arrived (the server closed with our body unread).
        }

        try
        {
            await writing;
        }
        catch (IOException)
        {
            // The server stopped reading a body it had refused.
        }

        return Parse(received.ToArray());
    }

    private static RawResponse Parse(byte[] data)
    {
        var end = data.AsSpan().IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            throw new InvalidDataException($"No complete response head: {Encoding.Latin1.GetString(data)}");
        }

        var lines = Encoding.Latin1.GetString(data, 0, end).Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
        var body = data.AsSpan(end + 4).ToArray();
        return new RawResponse(status, headers, headers.GetValueOrDefault("transfer-encoding") == "chunked" ? Dechunk(body) : body);
    }

    private static byte[] Dechunk(byte[] chunked)
    {
        using var body = new MemoryStream();
        var at = 0;
        while (true)
        {
            var lineEnd = chunked.AsSpan(at).IndexOf("\r\n"u8);
            var size = Convert.ToInt32(Encoding.ASCII.GetString(chunked, at, lineEnd).Split(';')[0], 16);
            at += lineEnd + 2;
            if (size == 0)
            {
                return body.ToArray();
            }

            body.Write(chunked, at, size);
            at += size + 2;
        }
    }

    private static void Write(Stream stream, string ascii) => stream.Write(Encoding.ASCII.GetBytes(ascii));
}
