using System.Security.Cryptography;
using System.Text;

namespace StreamingPlatform.Api.Channels;

/// <summary>
/// Stream keys are 256-bit random tokens. Redis keeps only a salted SHA-256 of each: a key has far too much
/// entropy to guess, so a slow password hash would only cost latency on every publish.
/// </summary>
public static class StreamKey
{
    private const int KeyBytes = 32;
    private const int SaltBytes = 16;

    public static string Generate() => Base64Url(RandomNumberGenerator.GetBytes(KeyBytes));

    public static StreamKeyHash Hash(string key)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        return new StreamKeyHash(Convert.ToBase64String(salt), Convert.ToBase64String(Digest(salt, key)));
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
