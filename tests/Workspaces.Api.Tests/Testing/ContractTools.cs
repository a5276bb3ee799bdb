using System.Diagnostics;

namespace Workspaces.Api.Tests.Testing;

// The npm tools of tests/contract (pinned by its package-lock.json; infra/test.sh runs npm ci there). A missing tool
// fails the test that needs it, saying how to get it: these checks are never skipped.
public static class ContractTools
{
    public sealed record Run(int ExitCode, string Output, string Errors)
    {
        public override string ToString() => $"exit code {ExitCode}\n{Output}\n{Errors}";
    }

    public static string Folder { get; } = Path.Combine(RepositoryRoot(), "tests", "contract");

    public static async Task<Run> RunAsync(string tool, params string[] arguments)
    {
        var executable = Path.Combine(Folder, "node_modules", ".bin", tool);
        if (!File.Exists(executable))
        {
            Assert.Fail($"{tool} is not installed in {Folder}: run `npm ci` there (infra/test.sh does; it needs node 20 and npm).");
        }

        return await RunProcessAsync(executable, arguments);
    }

    public static async Task<Run> RunProcessAsync(string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName) { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"{fileName} could not be started ({e.Message}): the OpenAPI checks need node 20 and npm on the PATH.");
            throw;
        }

        using (process)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var errors = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            return new Run(process.ExitCode, await output, await errors);
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Workspaces.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Workspaces.sln was not found above the test's directory.");
    }
}
