using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Workspaces.Api.Tests.Telemetry;

// Spans leave the process over OTLP when, and only because, OTEL_EXPORTER_OTLP_ENDPOINT is set: a loopback listener
// stands in for the collector and receives OTLP/HTTP protobuf posts.
public sealed class OtlpExportTests : ApiTest
{
    [Test]
    public async Task Spans_are_posted_to_the_OTLP_endpoint_when_it_is_set()
    {
        var port = Testing.Ports.Free();
        using var collector = new HttpListener();
        collector.Prefixes.Add($"http://127.0.0.1:{port}/");
        collector.Start();
        var posts = new ConcurrentQueue<(string Path, string? ContentType, byte[] Body)>();
        var receiving = ReceiveAsync(collector, posts);

        await using var api = new Testing.ApiFactory(settings: new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{port}",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        });
        await CreateWorkspaceAsync("exported");
        using var client = Client(await CreateTokenAsync("exported"), api);
        using var response = await client.GetAsync("/v1/workspaces/exported/people/nobody");
        var traceId = Convert.FromHexString((await AssertProblemAsync(response, HttpStatusCode.NotFound))["traceId"]!.GetValue<string>());

        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!posts.Any(p => p.Body.AsSpan().IndexOf(traceId) >= 0) && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(100);
        }

        var post = posts.FirstOrDefault(p => p.Body.AsSpan().IndexOf(traceId) >= 0);
        Assert.That(post.Body, Is.Not.Null, $"no OTLP post held the request's trace id; posts: {string.Join(", ", posts.Select(p => p.Path))}");
        Assert.That(post.Path, Is.EqualTo("/v1/traces"));
        Assert.That(post.ContentType, Is.EqualTo("application/x-protobuf"));
        Assert.That(post.Body.AsSpan().IndexOf("exported"u8), Is.GreaterThanOrEqualTo(0), "the spans carry the workspace id");
        collector.Stop();
        await receiving;
    }

    [Test]
    public async Task Nothing_leaves_the_process_without_OTEL_EXPORTER_OTLP_ENDPOINT()
    {
        // An exporter attached without an endpoint would send to OTLP's default ports on localhost (4317 gRPC, 4318
        // HTTP): any connection made to them while the instance serves and flushes its spans is an export.
        using var grpc = await ListenAsync(4317);
        using var http = await ListenAsync(4318);
        var connections = 0;
        var accepting = new[] { grpc, http }.Select(l => CountConnectionsAsync(l, () => Interlocked.Increment(ref connections))).ToArray();

        await using (var api = new Testing.ApiFactory())
        {
            await CreateWorkspaceAsync("not-exported");
            using var client = Client(await CreateTokenAsync("not-exported"), api);
            using var response = await client.GetAsync("/v1/workspaces/not-exported/people/nobody");
            await AssertProblemAsync(response, HttpStatusCode.NotFound);
            Assert.That(api.Services.GetRequiredService<TracerProvider>().ForceFlush(5000), Is.True, "spans are recorded and flushed");
        }

        await Task.Delay(TimeSpan.FromSeconds(1));
        grpc.Stop();
        http.Stop();
        await Task.WhenAll(accepting);
        Assert.That(connections, Is.Zero);
    }

    // Both loopback addresses, as "localhost" may be either. Another run of this test on the machine may hold the port
    // for a few seconds.
    private static async Task<TcpListener> ListenAsync(int port)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var listener = new TcpListener(IPAddress.IPv6Any, port);
            listener.Server.DualMode = true;
            try
            {
                listener.Start();
                return listener;
            }
            catch (SocketException) when (waited.Elapsed < TimeSpan.FromSeconds(60))
            {
                listener.Dispose();
                await Task.Delay(500);
            }
        }
    }

    private static async Task CountConnectionsAsync(TcpListener listener, Action counted)
    {
        while (true)
        {
            try
            {
                using var connection = await listener.AcceptTcpClientAsync();
                counted();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
        }
    }

    private static async Task ReceiveAsync(HttpListener listener, ConcurrentQueue<(string, string?, byte[])> posts)
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            posts.Enqueue((context.Request.Url!.AbsolutePath, context.Request.ContentType, body.ToArray()));
            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }
}
