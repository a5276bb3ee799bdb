using Microsoft.Extensions.Configuration;
using Workspaces.Data.Tokens;

namespace Workspaces.Data.Tests;

// Which key sets the service accepts. Outside Development it must not start with the development key, or without a key.
public sealed class SigningKeyRingTests
{
    private const string Real = "a-production-secret-of-at-least-32-bytes!";
    private const string OtherReal = "another-production-secret-of-32-bytes-at-least";

    private static readonly string DevelopmentKey = new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(AppContext.BaseDirectory, DevelopmentSettings.FileName))
        .Build()["Auth:SigningKey"]!;

    [Test]
    public void The_repository_development_key_works_in_Development() =>
        Assert.That(Build(new() { SigningKey = DevelopmentKey }, isDevelopment: true).Signing.Key.KeySize, Is.GreaterThanOrEqualTo(256));

    [Test]
    public void The_repository_development_key_is_refused_outside_Development() =>
        Assert.Throws<InvalidOperationException>(() => Build(new() { SigningKey = DevelopmentKey }));

    [TestCase(null)]
    [TestCase("")]
    [TestCase("too-short")]
    public void A_missing_or_short_key_is_refused(string? key) =>
        Assert.Throws<InvalidOperationException>(() => Build(new() { SigningKey = key }));

    [Test]
    public void A_short_named_key_is_refused() =>
        Assert.Throws<InvalidOperationException>(() => Build(Named(("k1", "too-short", true))));

    [Test]
    public void The_legacy_key_alone_signs_as_kid_legacy() =>
        Assert.That(Build(new() { SigningKey = Real }).Signing.Key.KeyId, Is.EqualTo(SigningKeyRing.LegacyKeyId));

    [Test]
    public void A_named_key_marked_Signing_signs_and_the_legacy_key_only_validates()
    {
        var options = Named(("k2", OtherReal, true));
        options.SigningKey = Real;
        var keys = Build(options);

        Assert.That(keys.Signing.Key.KeyId, Is.EqualTo("k2"));
        Assert.That(keys.ById.Keys, Is.EquivalentTo(new[] { "k2", SigningKeyRing.LegacyKeyId }));
    }

    [Test]
    public void Named_keys_without_one_marked_Signing_are_refused() =>
        Assert.Throws<InvalidOperationException>(() => Build(Named(("k1", Real, false), ("k2", OtherReal, false))));

    [Test]
    public void Two_keys_marked_Signing_are_refused() =>
        Assert.Throws<InvalidOperationException>(() => Build(Named(("k1", Real, true), ("k2", OtherReal, true))));

    [Test]
    public void A_named_key_may_not_take_the_legacy_keys_id() =>
        Assert.Throws<InvalidOperationException>(() => Build(Named((SigningKeyRing.LegacyKeyId, Real, true))));

    private static SigningKeyRing.KeySet Build(SigningKeysOptions options, bool isDevelopment = false) =>
        SigningKeyRing.Build(options, isDevelopment);

    private static SigningKeysOptions Named(params (string Id, string Secret, bool Signing)[] keys) => new()
    {
        SigningKeys = keys.ToDictionary(k => k.Id, k => new NamedSigningKey { Secret = k.Secret, Signing = k.Signing }),
    };
}
