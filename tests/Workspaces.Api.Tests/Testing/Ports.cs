using System.Net;
using System.Net.Sockets;

namespace Workspaces.Api.Tests.Testing;

public static class Ports
{
    // A loopback port no one listens on now (the OS picks it), for a child process or a stand-in server.
    public static int Free()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
