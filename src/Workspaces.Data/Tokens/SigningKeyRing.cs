using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Workspaces.Data.Tokens;

// Auth:SigningKey (the HMAC key of the service's first version) and Auth:SigningKeys:{kid}: {PrivateKey, Signing}.
public sealed class SigningKeysOptions
{
    public string? SigningKey { get; set; }

    public Dictionary<string, NamedSigningKey> SigningKeys { get; set; } = [];
}

public sealed class NamedSigningKey
{
    // An RSA private key (≥ 2048 bits) in PEM.
    public string PrivateKey { get; set; } = "";

    public bool Signing { get; set; }
}

// The keys of workspace tokens, by key id (kid). One signs; the others only validate; a key removed from the
// configuration is retired and its tokens are refused. Named keys are RSA (RS256). The legacy Auth:SigningKey
// (HMAC-SHA256) is the key "legacy": it validates the tokens minted before key ids existed (they have none) and signs
// while no named key is marked Signing.
// The configuration is watched: an edit reaches this instance when the configuration reloads. An edit that is not a
// valid key set is refused (logged) and the instance keeps the keys it had; at start it stops the service.
public sealed class SigningKeyRing : IDisposable
{
    public const string LegacyKeyId = "legacy";
    private const string DevelopmentKeyPrefix = "dev-only-";
    private const int MinimumSecretBytes = 32;
    private const int MinimumRsaBits = 2048;

    private readonly IDisposable? _subscription;
    private volatile KeySet _keys;

    public SigningKeyRing(IOptionsMonitor<SigningKeysOptions> options, IHostEnvironment environment, ILogger<SigningKeyRing> logger)
    {
        var isDevelopment = environment.IsDevelopment();
        _keys = Build(options.CurrentValue, isDevelopment);
        _subscription = options.OnChange(changed =>
        {
            try
            {
                _keys = Build(changed, isDevelopment);
                logger.LogInformation("Signing keys reloaded: {KeyIds}; signing with {SigningKeyId}", string.Join(", ", _keys.ById.Keys), _keys.Signing.Key.KeyId);
            }
            catch (InvalidOperationException e)
            {
                logger.LogError("Signing keys not reloaded, the previous keys stay in use: {Reason}", e.Message);
            }
        });
    }

    public SigningCredentials Signing => _keys.Signing;

    // Cursors (Paging.Cursors) are signed with a key derived from the signing key, and accepted with any key's.
    public byte[] CursorKey
    {
        get
        {
            var keys = _keys;
            return keys.CursorKeys[keys.Signing.Key.KeyId];
        }
    }

    public IEnumerable<byte[]> CursorKeys => _keys.CursorKeys.Values;

    /// <returns>The key a token names (no key id: the legacy key), or null when it is unknown or retired.</returns>
    public SecurityKey? Find(string? keyId) =>
        _keys.ById.GetValueOrDefault(string.IsNullOrEmpty(keyId) ? LegacyKeyId : keyId);

    public void Dispose() => _subscription?.Dispose();

    public static KeySet Build(SigningKeysOptions options, bool isDevelopment)
    {
        if (options.SigningKeys.ContainsKey(LegacyKeyId))
        {
            throw new InvalidOperationException($"Auth:SigningKeys:{LegacyKeyId} is reserved for Auth:SigningKey.");
        }

        var keys = new Dictionary<string, (SecurityKey Key, byte[] Secret, bool Signing)>(StringComparer.Ordinal);
        foreach (var (id, named) in options.SigningKeys)
        {
            var rsa = RSA.Create();
            try
            {
                rsa.ImportFromPem(named.PrivateKey);
            }
            catch (Exception e) when (e is ArgumentException or CryptographicException)
            {
                throw new InvalidOperationException($"Auth:SigningKeys:{id}:PrivateKey is not an RSA private key in PEM.", e);
            }

            if (rsa.KeySize < MinimumRsaBits)
            {
                throw new InvalidOperationException($"Auth:SigningKeys:{id}:PrivateKey must be an RSA key of at least {MinimumRsaBits} bits.");
            }

            keys[id] = (new RsaSecurityKey(rsa) { KeyId = id }, rsa.ExportParameters(includePrivateParameters: true).D!, named.Signing);
        }

        if (!string.IsNullOrEmpty(options.SigningKey))
        {
            if (Encoding.UTF8.GetByteCount(options.SigningKey) < MinimumSecretBytes)
            {
                throw new InvalidOperationException($"Auth:SigningKey must be a secret of at least {MinimumSecretBytes} bytes.");
            }

            if (!isDevelopment && options.SigningKey.StartsWith(DevelopmentKeyPrefix, StringComparison.Ordinal))
            {
                throw new InvalidOperationException("Auth:SigningKey is the development key; outside Development set a real secret.");
            }

            var secret = Encoding.UTF8.GetBytes(options.SigningKey);
            keys[LegacyKeyId] = (new SymmetricSecurityKey(secret) { KeyId = LegacyKeyId }, secret, !keys.Values.Any(k => k.Signing));
        }

        var signing = keys.Where(k => k.Value.Signing).Select(k => k.Key).ToList();
        if (signing.Count != 1)
        {
            throw new InvalidOperationException(signing.Count == 0
                ? "No signing key: set Auth:SigningKeys:{kid}:PrivateKey and mark one Signing (or keep Auth:SigningKey)."
                : $"Only one signing key may be marked Signing; marked: {string.Join(", ", signing)}.");
        }

        var key = keys[signing[0]].Key;
        return new KeySet(
            keys.ToDictionary(k => k.Key, k => k.Value.Key, StringComparer.Ordinal),
            new SigningCredentials(key, key is RsaSecurityKey ? SecurityAlgorithms.RsaSha256 : SecurityAlgorithms.HmacSha256),
            keys.ToDictionary(k => k.Key, k => HMACSHA256.HashData(k.Value.Secret, "workspaces/cursor/v1"u8), StringComparer.Ordinal));
    }

    public sealed record KeySet(IReadOnlyDictionary<string, SecurityKey> ById, SigningCredentials Signing, IReadOnlyDictionary<string, byte[]> CursorKeys);
}
