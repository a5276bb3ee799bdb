using System.Diagnostics;
using System.Reflection;

namespace Workspaces.Api.Tests.Testing;

// The real CLI (its built Workspaces.Cli.dll) as a child process, against the test database.
public static class Cli
{
    private static readonly string DllPath = typeof(Cli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "WorkspacesCliPath").Value!;

    /// <returns>Standard output; a non-zero exit fails the test with standard error.</returns>
    public static Task<string> RunAsync(params string[] args) => RunWithAsync(null, args);

    /// <param name="settings">Configuration beyond the test database's, e.g. Database:Servers:db2.</param>
    public static async Task<string> RunWithAsync(IReadOnlyDictionary<string, string>? settings, params string[] args)
    {
        var (exitCode, stdout, stderr) = await RunProcessAsync(args, settings);
        Assert.That(exitCode, Is.Zero, $"workspaces {string.Join(' ', args)}: {stderr}");
        return stdout;
    }

    /// <returns>Standard error of a command that must fail.</returns>
    public static async Task<string> RunFailingAsync(params string[] args) => (await RunFailingWithAsync(null, args)).Stderr;

    /// <returns>Standard output and error of a command that must fail.</returns>
    public static async Task<(string Stdout, string Stderr)> RunFailingWithAsync(IReadOnlyDictionary<string, string>? settings, params string[] args)
    {
        var (exitCode, stdout, stderr) = await RunProcessAsync(args, settings);
        Assert.That(exitCode, Is.Not.Zero, $"workspaces {string.Join(' ', args)} succeeded");
        return (stdout, stderr);
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunProcessAsync(string[] args, IReadOnlyDictionary<string, string>? settings)
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
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
