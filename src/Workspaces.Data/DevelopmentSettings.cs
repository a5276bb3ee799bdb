using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Hosting;

namespace Workspaces.Data;

public static class DevelopmentSettings
{
    public const string FileName = "appsettings.Development.json";

    // The repository-root appsettings.Development.json is linked into every host's output (see Workspaces.Data.csproj),
    // so the API, the CLI and the tests read the same file. It sits just above the host's own appsettings files,
    // below environment variables and the command line.
    public static void AddRepositoryDevelopmentSettings(this IConfigurationBuilder configuration, IHostEnvironment environment)
    {
        if (!environment.IsDevelopment())
        {
            return;
        }

        var file = new JsonConfigurationSource { Path = Path.Combine(AppContext.BaseDirectory, FileName), Optional = false };
        file.ResolveFileProvider();

        var sources = configuration.Sources;
        var lastAppSettings = -1;
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is JsonConfigurationSource { Path: { } path } && path.StartsWith("appsettings", StringComparison.Ordinal))
            {
                lastAppSettings = i;
            }
        }

        sources.Insert(lastAppSettings + 1, file);
    }
}
