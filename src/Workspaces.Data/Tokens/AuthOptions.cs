namespace Workspaces.Data.Tokens;

// The "Auth" section: who issues the service's tokens, and which identity provider vouches for admins.
// The signing keys are read apart (SigningKeyRing), because they change while the service runs.
public sealed class AuthOptions
{
    public const string Section = "Auth";

    public string Issuer { get; set; } = "";

    public string Audience { get; set; } = "";

    public AdminOptions Admin { get; set; } = new();
}

// Admin tokens come from an OpenID Connect provider (Authority); the service's own key mints them only in Development.
public sealed class AdminOptions
{
    public Uri? Authority { get; set; }

    public string? Audience { get; set; }

    // The claim (type and value) of the provider's token that grants workspaces:admin, e.g. "roles" = "workspaces-admin".
    public string? ClaimType { get; set; }

    public string? ClaimValue { get; set; }

    // exp - iat (exp - nbf when there is no iat) of any admin token, from either scheme.
    public TimeSpan MaxLifetime { get; set; } = TimeSpan.FromHours(1);

    // How soon the provider's keys are fetched again when a token names a key id not seen yet (a key rollover).
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(5);
}
