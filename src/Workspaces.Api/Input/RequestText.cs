using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Workspaces.Api.Input;

// What any text the API accepts must be, wherever it arrives (body, path, query): well-formed UTF-8 / UTF-16 and no
// NUL. PostgreSQL refuses NUL in text and jsonb, a lone surrogate cannot be encoded to UTF-8, and invalid UTF-8 read
// into a string silently becomes U+FFFD; so such text is refused at the door rather than stored altered or failing
// deep inside. Pure: no I/O.
public static class RequestText
{
    // Beyond this, numbers stop being exact in most JSON parsers and jsonb writes them out in plain notation
    // (1e308 becomes 309 digits); the databases' numeric types overflow not far past it.
    public const int MaxNumberLength = 1000;
    public const int MaxNumberExponent = 308;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <returns>Why the JSON body is refused, or null when every string, property name and number in it is acceptable.</returns>
    public static string? CheckJson(ReadOnlySpan<byte> json)
    {
        if (!Utf8.IsValid(json))
        {
            return "The body is not valid UTF-8.";
        }

        // A leading byte order mark is allowed (RFC 8259 lets parsers ignore it; the serializer does).
        var reader = new Utf8JsonReader(json.StartsWith(Encoding.UTF8.Preamble) ? json[Encoding.UTF8.Preamble.Length..] : json);
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    // Unescaped text is valid UTF-8 (checked above) without control characters (JSON forbids them raw):
                    // only escapes can spell a NUL or a lone surrogate.
                    case JsonTokenType.String or JsonTokenType.PropertyName when reader.ValueIsEscaped:
                        if (!IsAcceptable(reader.GetString()!))
                        {
                            return "Text in the body contains a NUL character or an unpaired surrogate (\\u0000, \\ud800).";
                        }

                        break;
                    case JsonTokenType.Number when !IsAcceptableNumber(reader.ValueSpan):
                        return $"A number in the body is longer than {MaxNumberLength} characters or its exponent is beyond ±{MaxNumberExponent}.";
                }
            }
        }
        catch (JsonException)
        {
            return "The body is not valid JSON.";
        }
        catch (InvalidOperationException)
        {
            // Utf8JsonReader refuses to unescape a lone surrogate.
            return "Text in the body contains an unpaired surrogate (\\ud800).";
        }

        return null;
    }

    /// <returns>Why the request target (path and query, percent-encoded as sent) is refused, or null.</returns>
    public static string? CheckTarget(string target)
    {
        // The usual target: visible ASCII without a percent-escape, nothing to decode (the hot path).
        if (!target.AsSpan().ContainsAnyExceptInRange('!', '~') && !target.Contains('%', StringComparison.Ordinal))
        {
            return null;
        }

        var bytes = new List<byte>(target.Length);
        for (var i = 0; i < target.Length; i++)
        {
            if (target[i] != '%')
            {
                // A request line is ASCII on the wire; anything else came through a test server as text.
                bytes.AddRange(Encoding.UTF8.GetBytes(target[i].ToString()));
                continue;
            }

            if (i + 2 >= target.Length || !IsHex(target[i + 1]) || !IsHex(target[i + 2]))
            {
                return "The path or query has a '%' that is not followed by two hex digits.";
            }

            bytes.Add(Convert.ToByte(target.Substring(i + 1, 2), 16));
            i += 2;
        }

        string decoded;
        try
        {
            decoded = StrictUtf8.GetString([.. bytes]);
        }
        catch (DecoderFallbackException)
        {
            return "The path or query is not valid UTF-8 once percent-decoded.";
        }

        return decoded.Any(char.IsControl) ? "The path or query contains a NUL or another control character." : null;
    }

    // No NUL, and every surrogate paired.
    public static bool IsAcceptable(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0' || char.IsLowSurrogate(c))
            {
                return false;
            }

            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return false;
                }

                i++;
            }
        }

        return true;
    }

    private static bool IsAcceptableNumber(ReadOnlySpan<byte> number)
    {
        if (number.Length > MaxNumberLength)
        {
            return false;
        }

        var e = number.IndexOfAny((byte)'e', (byte)'E');
        if (e < 0)
        {
            return true;
        }

        // The reader has checked the grammar: an optional sign, then digits. Leading zeros can be many.
        var digits = number[(e + 1)..].TrimStart("+-"u8).TrimStart((byte)'0');
        return digits.Length <= 3 && (digits.Length == 0 || int.Parse(digits, provider: null) <= MaxNumberExponent);
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);
}
