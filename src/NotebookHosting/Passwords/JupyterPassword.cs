using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Konscious.Security.Cryptography;

namespace Drivers.NotebookHosting.Passwords;

/// <summary>
/// Jupyter password hashes, in exactly the text form of Jupyter's own <c>passwd</c>
/// (notebook/auth/security.py, jupyter_server/auth/security.py), so that any Jupyter accepts them.
/// </summary>
/// <remarks>
/// The clear-text password is taken as a span, encoded into a buffer this class owns and zeroed as soon
/// as the hash is computed; it is never turned into a <see cref="string"/> here.
/// </remarks>
public static class JupyterPassword
{
    // argon2-cffi PasswordHasher(memory_cost=10240, time_cost=10, parallelism=8) in Jupyter's passwd;
    // argon2-cffi's defaults for salt and hash length are 16 bytes each.
    private const int MemoryKiB = 10240;
    private const int Iterations = 10;
    private const int Parallelism = 8;
    private const int SaltBytes = 16;
    private const int HashBytes = 16;

    // Jupyter's salt_len = 12 hex characters (48 random bits) for the hashlib forms.
    private const int HexSaltLength = 12;

    /// <summary>Makes a Jupyter password hash of <paramref name="password"/> with a fresh random salt.</summary>
    /// <param name="password">The clear-text password; must not be empty.</param>
    /// <param name="algorithm">Argon2 (Jupyter's default) or the old SHA-1 form for notebook before 6.1.</param>
    /// <returns>The hash as Jupyter writes it, e.g. <c>argon2:$argon2id$v=19$m=10240,t=10,p=8$...</c>.</returns>
    /// <exception cref="ArgumentException">The password is empty.</exception>
    public static string Hash(ReadOnlySpan<char> password, JupyterPasswordAlgorithm algorithm = JupyterPasswordAlgorithm.Argon2)
    {
        if (password.IsEmpty)
        {
            throw new ArgumentException("A Jupyter password must not be empty.", nameof(password));
        }
        return algorithm switch
        {
            JupyterPasswordAlgorithm.Argon2 => HashArgon2(password),
            JupyterPasswordAlgorithm.Sha1 => HashHashlib(password, HashAlgorithmName.SHA1, "sha1"),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown Jupyter password algorithm."),
        };
    }

    /// <summary>
    /// Checks <paramref name="password"/> against a Jupyter hash (argon2, or the hashlib forms sha1, sha256,
    /// sha384, sha512, md5), as Jupyter's <c>passwd_check</c> does, comparing digests in constant time.
    /// </summary>
    /// <returns>True when the password matches; false when it does not or the hash is not a form this class reads.</returns>
    public static bool Verify(ReadOnlySpan<char> password, string? hash)
    {
        if (hash is null || password.IsEmpty)
        {
            return false;
        }
        if (hash.StartsWith("argon2:", StringComparison.Ordinal))
        {
            return Argon2Phc.TryParse(hash.AsSpan("argon2:".Length), out var phc) && VerifyArgon2(password, phc);
        }
        return HashlibForm.TryParse(hash, out var form) && VerifyHashlib(password, form);
    }

    /// <summary>True when <paramref name="text"/> has the shape of a Jupyter password hash this class can verify.</summary>
    public static bool IsHash(string? text) =>
        text is not null && (text.StartsWith("argon2:", StringComparison.Ordinal)
            ? Argon2Phc.TryParse(text.AsSpan("argon2:".Length), out _)
            : HashlibForm.TryParse(text, out _));

    private static string HashArgon2(ReadOnlySpan<char> password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var parameters = new Argon2Phc(Argon2Phc.Variant.Id, MemoryKiB, Iterations, Parallelism, salt, []);
        var digest = ComputeArgon2(password, parameters, HashBytes);
        return "argon2:" + (parameters with { Digest = digest }).Format();
    }

    private static bool VerifyArgon2(ReadOnlySpan<char> password, Argon2Phc phc)
    {
        var digest = ComputeArgon2(password, phc, phc.Digest.Length);
        try
        {
            return CryptographicOperations.FixedTimeEquals(digest, phc.Digest);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(digest);
        }
    }

    private static byte[] ComputeArgon2(ReadOnlySpan<char> password, Argon2Phc parameters, int length)
    {
        // Konscious keeps a reference to this array, not a copy, so zeroing it afterwards erases the password.
        var utf8 = new byte[Encoding.UTF8.GetByteCount(password)];
        try
        {
            Encoding.UTF8.GetBytes(password, utf8);
            Argon2 argon2 = parameters.Kind switch
            {
                Argon2Phc.Variant.I => new Argon2i(utf8),
                Argon2Phc.Variant.D => new Argon2d(utf8),
                _ => new Argon2id(utf8),
            };
            using (argon2)
            {
                argon2.Salt = parameters.Salt;
                argon2.MemorySize = parameters.MemoryKiB;
                argon2.Iterations = parameters.Iterations;
                argon2.DegreeOfParallelism = parameters.Parallelism;
                return argon2.GetBytes(length);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(utf8);
        }
    }

    private static string HashHashlib(ReadOnlySpan<char> password, HashAlgorithmName algorithm, string name)
    {
        Span<byte> random = stackalloc byte[HexSaltLength / 2];
        RandomNumberGenerator.Fill(random);
        var salt = Convert.ToHexStringLower(random);
        Span<byte> digest = stackalloc byte[64];
        var written = ComputeHashlib(password, salt, algorithm, digest);
        return string.Create(CultureInfo.InvariantCulture, $"{name}:{salt}:{Convert.ToHexStringLower(digest[..written])}");
    }

    private static bool VerifyHashlib(ReadOnlySpan<char> password, HashlibForm form)
    {
        Span<byte> expected = stackalloc byte[64];
        if (!Convert.FromHexString(form.HexDigest, expected, out _, out var expectedLength).Equals(OperationStatus.Done))
        {
            return false;
        }
        Span<byte> actual = stackalloc byte[64];
        var written = ComputeHashlib(password, form.Salt, form.Algorithm, actual);
        return CryptographicOperations.FixedTimeEquals(actual[..written], expected[..expectedLength]);
    }

    // hashlib form: digest = alg(utf8(password) + ascii(salt)), not iterated (security.py passwd).
    private static int ComputeHashlib(ReadOnlySpan<char> password, string salt, HashAlgorithmName algorithm, Span<byte> digest)
    {
        var length = Encoding.UTF8.GetByteCount(password) + Encoding.UTF8.GetByteCount(salt);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var written = Encoding.UTF8.GetBytes(password, buffer);
            written += Encoding.UTF8.GetBytes(salt, buffer.AsSpan(written));
            using var hash = IncrementalHash.CreateHash(algorithm);
            hash.AppendData(buffer, 0, written);
            return hash.GetHashAndReset(digest);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer.AsSpan(0, length));
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
