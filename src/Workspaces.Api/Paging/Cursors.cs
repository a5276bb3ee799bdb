using System.Buffers.Text;
using System.ComponentModel;
using System.Security.Cryptography;
using System.Text;
using Workspaces.Data.Tokens;

namespace Workspaces.Api.Paging;

// Opaque, tamper-evident page cursors: base64url(scope|position) + "." + HMAC. The scope binds a cursor to
// one list (e.g. one workspace's people), so a modified cursor or another list's cursor is rejected, never followed.
// The HMAC key is derived from the token signing key (SigningKeyRing): cursors are made with the signing key's and
// accepted with any key of the ring, so a key rotation does not break a listing in progress; once a key is retired, its cursors are
// refused (400) and the client starts the listing again.
public sealed class Cursors(SigningKeyRing keys)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public string Encode(string scope, string position)
    {
        var payload = Encoding.UTF8.GetBytes($"{scope}|{position}");
        return Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(HMACSHA256.HashData(keys.CursorKey, payload));
    }

    /// <returns>The position, or null when the cursor was not made by this service for this scope.</returns>
    public string? Decode(string scope, string cursor)
    {
        var parts = cursor.Split('.');
        if (parts.Length != 2 || !Base64Url.IsValid(parts[0]) || !Base64Url.IsValid(parts[1]))
        {
            return null;
        }

        var payload = Base64Url.DecodeFromChars(parts[0]);
        var mac = Base64Url.DecodeFromChars(parts[1]);
        if (!keys.CursorKeys.Any(key => CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(key, payload), mac)))
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(payload);
        return text.StartsWith(scope + "|", StringComparison.Ordinal) ? text[(scope.Length + 1)..] : null;
    }

    /// <returns>Errors for the limit and cursor query parameters, if any.</returns>
    public static Dictionary<string, string[]> ValidateLimit(int? limit)
    {
        var errors = new Dictionary<string, string[]>();
        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"limit must be between 1 and {MaxLimit}."];
        }

        return errors;
    }
}

[Description("One page of a list, oldest first.")]
public sealed record Page<T>(
    [property: Description("The items of this page.")] IReadOnlyList<T> Data,
    [property: Description("Pass as cursor to get the next page; null on the last page. Opaque.")] string? NextCursor);
