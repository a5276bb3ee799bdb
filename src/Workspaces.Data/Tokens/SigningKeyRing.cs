using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Workspaces.Data.Tokens;

// Auth:SigningKey (the key of the service's first version) and Auth:SigningKeys:{kid}: {Secret, Signing}.
public sealed class SigningKeysOptions
{
    public string? SigningKey { get; set; }

    public Dictionary<string, NamedSigningKey> SigningKeys { get; set; } = [];
}

public sealed class NamedSigningKey
{
    public string Secret { get; set; } = "";

    public bool Signing { get; set; }
}

// The HMAC-SHA256 keys of workspace tokens, by key id (kid). One signs; the others only validate; a key removed from
// the configuration is retired and its tokens are refused. The legacy Auth:SigningKey is the key "legacy": it
// validates the tokens minted before key ids existed (they have none) and signs while no named key is marked Signing.
// The configuration is watched: an edit reaches this instance when the configuration reloads. An edit that is not a
// valid key set is refused (logged) and the instance keeps the keys it had; at start it stops the service.
public sealed class SigningKeyRing : IDisposable
{
    public const string LegacyKeyId = "legacy";
    private const string DevelopmentKeyPrefix = "dev-only-";
    private const int MinimumSecretBytes = 32;

    private readonly bool _isDevelopment;
    private readonly IDisposable? _subscription;
    private volatile KeySet _keys;

    public SigningKeyRing(IOptionsMonitor<SigningKeysOptions> options, IHostEnvironment environment, ILogger<SigningKeyRing> logger)
    {
        _isDevelopment = environment.IsDevelopment();
        _keys = Build(options.CurrentValue, _isDevelopment);
        _subscription = options.OnChange(changed =>
        {
            try
            {
                _keys = Build(changed, _isDevelopment);
                logger.LogInformation("Signing keys reloaded: {KeyIds}; signing with {SigningKeyId}", string.Join(", ", _keys.ById.Keys), _keys.Signing.Key.KeyId);
            }
            catch (InvalidOperationException e)
            {
                logger.LogError("Signing keys not reloaded, the previous keys stay in use: {Reason}", e.Message);
            }
        });
    }

    public SigningCredentials Signing => _keys.Signing;

    public IEnumerable<SymmetricSecurityKey> All => _keys.ById.Values;

    /// <returns>The key a token names (no key id: the legacy key), or null when it is unknown or retired.</returns>
    public SymmetricSecurityKey? Find(string? keyId) =>
        _keys.ById.GetValueOrDefault(string.IsNullOrEmpty(keyId) ? LegacyKeyId : keyId);

    public void Dispose() => _subscription?.Dispose();

    public static KeySet Build(SigningKeysOptions options, bool isDevelopment)
    {
        var secrets = options.SigningKeys.ToDictionary(k => k.Key, k => (k.Value.Secret, k.Value.Signing), StringComparer.Ordinal);
        if (secrets.ContainsKey(LegacyKeyId))
        {
            throw new InvalidOperationException($"Auth:SigningKeys:{LegacyKeyId} is reserved for Auth:SigningKey.");
        }

        if (!string.IsNullOrEmpty(options.SigningKey))
        {
            secrets[LegacyKeyId] = (options.SigningKey, !options.SigningKeys.Values.Any(k => k.Signing));
        }

        foreach (var (id, (secret, _)) in secrets)
        {
            var name = id == LegacyKeyId ? "Auth:SigningKey" : $"Auth:SigningKeys:{id}:Secret";
            if (string.IsNullOrWhiteSpace(secret) || Encoding.UTF8.GetByteCount(secret) < MinimumSecretBytes)
            {
                throw new InvalidOperationException($"{name} must be a secret of at least {MinimumSecretBytes} bytes.");
            }

            if (!isDevelopment && secret.StartsWith(DevelopmentKeyPrefix, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"{name} is a development key; outside Development set a real secret.");
            }
        }

        var signing = secrets.Where(k => k.Value.Signing).Select(k => k.Key).ToList();
        if (signing.Count != 1)
        {
            throw new InvalidOperationException(signing.Count == 0
                ? "No signing key: set Auth:SigningKeys:{kid}:Secret and mark one Signing (or keep Auth:SigningKey)."
                : $"Only one signing key may be marked Signing; marked: {string.Join(", ", signing)}.");
        }

        var byId = secrets.ToDictionary(k => k.Key, k => new SymmetricSecurityKey(Encoding.UTF8.GetBytes(k.Value.Secret)) { KeyId = k.Key }, StringComparer.Ordinal);
        return new KeySet(byId, new SigningCredentials(byId[signing[0]], SecurityAlgorithms.HmacSha256));
    }

    public sealed record KeySet(IReadOnlyDictionary<string, SymmetricSecurityKey> ById, SigningCredentials Signing);
}
