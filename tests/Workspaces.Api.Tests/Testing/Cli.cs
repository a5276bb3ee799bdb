using System.Diagnostics;
using System.Reflection;

namespace Workspaces.Api.Tests.Testing;

// The real CLI (its built Workspaces.Cli.dll) as a child process, against the test database.
public static class Cli
{
    private static readonly string DllPath = typeof(Cli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "WorkspacesCliPath").Value!;

    /// <returns>Standard output; a non-zero exit fails the test with standard error.</returns>
    public static async Task<string> RunAsync(params string[] args)
    {
        var (exitCode, stdout, stderr) = await RunProcessAsync(args);
        Assert.That(exitCode, Is.Zero, $"workspaces {string.Join(' ', args)}: {stderr}");
        return stdout;
    }

    /// <returns>Standard error of a command that must fail.</returns>
    public static async Task<string> RunFailingAsync(params string[] args)
    {
        var (exitCode, _, stderr) = await RunProcessAsync(args);
        Assert.That(exitCode, Is.Not.Zero, $"workspaces {string.Join(' ', args)} succeeded");
        return stderr;
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunProcessAsync(string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.GetFullPath(DllPath));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        start.Environment["Database__Provider"] = TestEngine.Provider;
        start.Environment["ConnectionStrings__Workspaces"] = ApiFactory.ConnectionString;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
