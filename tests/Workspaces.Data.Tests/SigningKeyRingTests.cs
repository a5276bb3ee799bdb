using Microsoft.Extensions.Configuration;
using Workspaces.Data.Tokens;

namespace Workspaces.Data.Tests;

// Which key sets the service accepts. Outside Development it must not start with the development key, or without a key.
public sealed class SigningKeyRingTests
{
    private const string Real = "a-production-secret-of-at-least-32-bytes!";
    private static readonly string Rsa = System.Security.Cryptography.RSA.Create(2048).ExportPkcs8PrivateKeyPem();
    private static readonly string OtherRsa = System.Security.Cryptography.RSA.Create(2048).ExportPkcs8PrivateKeyPem();

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
    public void A_named_key_that_is_not_an_RSA_private_key_is_refused() =>
        Assert.Throws<InvalidOperationException>(() => Build(Named(("k1", Real, true))));

    [Test]
    public void A_named_RSA_key_under_2048_bits_is_refused() =>
        Assert.Throws<InvalidOperationException>(() => Build(Named(("k1", System.Security.Cryptography.RSA.Create(1024).ExportPkcs8PrivateKeyPem(), true))));

    [Test]
    public void The_legacy_key_alone_signs_as_kid_legacy() =>
        Assert.That(Build(new() { SigningKey = Real }).Signing.Key.KeyId, Is.EqualTo(SigningKeyRing.LegacyKeyId));

    [Test]
    public void A_named_key_marked_Signing_signs_with_RS256_and_the_legacy_key_only_validates()
    {
        var options = Named(("k2", OtherRsa, true));
        options.SigningKey = Real;
        var keys = Build(options);

        Assert.That(keys.Signing.Key.KeyId, Is.EqualTo("k2"));
        Assert.That(keys.Signing.Algorithm, Is.EqualTo("RS256"));
        Assert.That(keys.ById.Keys, Is.EquivalentTo(new[] { "k2", SigningKeyRing.LegacyKeyId }));
    }

    [Test]
    public void Named_keys_without_one_marked_Signing_are_refused() =>
        Assert.Throws<InvalidOperationException>(() => Build(Named(("k1", Rsa, false), ("k2", OtherRsa, false))));

    [Test]
    public void Two_keys_marked_Signing_are_refused() =>
        Assert.Throws<InvalidOperationException>(() => Build(Named(("k1", Rsa, true), ("k2", OtherRsa, true))));

    [Test]
    public void A_named_key_may_not_take_the_legacy_keys_id() =>
        Assert.Throws<InvalidOperationException>(() => Build(Named((SigningKeyRing.LegacyKeyId, Rsa, true))));

    private static SigningKeyRing.KeySet Build(SigningKeysOptions options, bool isDevelopment = false) =>
        SigningKeyRing.Build(options, isDevelopment);

    private static SigningKeysOptions Named(params (string Id, string PrivateKey, bool Signing)[] keys) => new()
    {
        SigningKeys = keys.ToDictionary(k => k.Id, k => new NamedSigningKey { PrivateKey = k.PrivateKey, Signing = k.Signing }),
    };
}
