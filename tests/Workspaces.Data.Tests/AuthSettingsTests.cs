using Microsoft.Extensions.Configuration;
using Workspaces.Data.Tokens;

namespace Workspaces.Data.Tests;

// Outside Development the service must not start with the development key, or without a key.
public sealed class AuthSettingsTests
{
    private static readonly string DevelopmentKey = new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(AppContext.BaseDirectory, DevelopmentSettings.FileName))
        .Build()["Auth:SigningKey"]!;

    [Test]
    public void The_repository_development_key_works_in_Development() =>
        Assert.That(AuthSettings.From(Settings(DevelopmentKey), isDevelopment: true).SigningKey.KeySize, Is.GreaterThanOrEqualTo(256));

    [Test]
    public void The_repository_development_key_is_refused_outside_Development() =>
        Assert.Throws<InvalidOperationException>(() => AuthSettings.From(Settings(DevelopmentKey), isDevelopment: false));

    [TestCase(null)]
    [TestCase("")]
    [TestCase("too-short")]
    public void A_missing_or_short_key_is_refused(string? key) =>
        Assert.Throws<InvalidOperationException>(() => AuthSettings.From(Settings(key), isDevelopment: false));

    [Test]
    public void A_real_key_works_outside_Development() =>
        Assert.That(AuthSettings.From(Settings("a-production-secret-of-at-least-32-bytes!"), isDevelopment: false).Issuer, Is.EqualTo("https://issuer.example"));

    private static IConfiguration Settings(string? key) => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Auth:Issuer"] = "https://issuer.example",
            ["Auth:Audience"] = "workspaces-api",
            ["Auth:SigningKey"] = key,
        })
        .Build();
}
