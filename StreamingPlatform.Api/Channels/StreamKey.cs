using System.Security.Cryptography;
using System.Text;

namespace StreamingPlatform.Api.Channels;

/// <summary>
/// Stream keys are 256-bit random tokens. Redis keeps only a salted SHA-256 of each: a key has far too much
/// entropy to guess, so a slow password hash would only cost latency on every publish. The salt is derived from the
/// channel's name (<see cref="SaltFor"/>), so the publish hook can hash a key before it reads anything and have Redis
/// compare the digests in the same round trip that claims the name; a hash stored under another salt (a random one,
/// before keys were salted this way) still verifies, through <see cref="Digest"/> with the stored salt.
/// </summary>
public static class StreamKey
{
    private const int KeyBytes = 32;
    private const int SaltBytes = 16;

    public static string Generate() => Base64Url(RandomNumberGenerator.GetBytes(KeyBytes));

    public static StreamKeyHash Hash(string channel, string key)
    {
        var salt = SaltFor(channel);
        return new StreamKeyHash(salt, Digest(salt, key)!);
    }

    /// <summary>The salt a key of <paramref name="channel"/> is hashed with (base64), unique to the channel's name.</summary>
    public static string SaltFor(string channel) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes("stream key salt\n" + channel)).AsSpan(0, SaltBytes));

    /// <summary>The stored form of <paramref name="key"/> hashed with <paramref name="salt"/> (base64 both); null for a corrupt salt.</summary>
    public static string? Digest(string salt, string key)
    {
        try
        {
            return Convert.ToBase64String(Digest(Convert.FromBase64String(salt), key));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Compares in constant time, so the answer's timing says nothing about the stored hash.</summary>
    public static bool Verify(string? key, StreamKeyHash stored)
    {
        if (string.IsNullOrEmpty(key))
        {
            return false;
        }

        byte[] salt, expected;
        try
        {
            salt = Convert.FromBase64String(stored.Salt);
            expected = Convert.FromBase64String(stored.Hash);
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Digest(salt, key), expected);
    }

    private static byte[] Digest(byte[] salt, string key)
    {
        var keyBytes = Encoding.UTF8.GetBytes(key);
        var input = new byte[salt.Length + keyBytes.Length];
        salt.CopyTo(input, 0);
        keyBytes.CopyTo(input, salt.Length);
        return SHA256.HashData(input);
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

public sealed record StreamKeyHash(string Salt, string Hash);
