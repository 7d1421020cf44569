using System.Globalization;

namespace Drivers.NotebookHosting.Passwords;

/// <summary>
/// The PHC string of an Argon2 hash as argon2-cffi writes it: <c>$argon2id$v=19$m=10240,t=10,p=8$salt$hash</c>,
/// salt and hash in base64 without padding (PHC string format, github.com/P-H-C/phc-string-format).
/// Pure: no I/O, no cryptography.
/// </summary>
internal readonly record struct Argon2Phc(Argon2Phc.Variant Kind, int MemoryKiB, int Iterations, int Parallelism, byte[] Salt, byte[] Digest)
{
    /// <summary>The Argon2 variants argon2-cffi names (argon2d, argon2i, argon2id).</summary>
    public enum Variant { D, I, Id }

    // Argon2 1.3 (0x13); argon2-cffi writes v=19 and Konscious implements only this version.
    private const int Version = 19;

    // Costs past these are not taken as a hash at all, so a hostile one cannot pin the CPU or the memory.
    private const int MaxMemoryKiB = 1024 * 1024;
    private const int MaxIterations = 64;
    private const int MaxParallelism = 64;

    public string Format()
    {
        var kind = Kind switch { Variant.D => "argon2d", Variant.I => "argon2i", _ => "argon2id" };
        return string.Create(CultureInfo.InvariantCulture,
            $"${kind}$v={Version}$m={MemoryKiB},t={Iterations},p={Parallelism}${Unpadded(Salt)}${Unpadded(Digest)}");
    }

    public static bool TryParse(ReadOnlySpan<char> text, out Argon2Phc phc)
    {
        phc = default;
        Span<Range> parts = stackalloc Range[7];
        // "" $ kind $ v=19 $ m=..,t=..,p=.. $ salt $ hash: exactly six parts, the first empty.
        if (text.Split(parts, '$') != 6 || !text[parts[0]].IsEmpty)
        {
            return false;
        }
        Variant kind;
        switch (text[parts[1]])
        {
            case "argon2id": kind = Variant.Id; break;
            case "argon2i": kind = Variant.I; break;
            case "argon2d": kind = Variant.D; break;
            default: return false;
        }
        if (!text[parts[2]].SequenceEqual("v=19"))
        {
            return false;
        }
        if (!TryParseCosts(text[parts[3]], out var memory, out var iterations, out var parallelism))
        {
            return false;
        }
        if (!TryDecode(text[parts[4]], out var salt) || salt.Length < 8
            || !TryDecode(text[parts[5]], out var digest) || digest.Length < 4 || digest.Length > 1024)
        {
            return false;
        }
        // Argon2 needs at least 8 KiB per lane (RFC 9106 section 3.1).
        if (iterations is < 1 or > MaxIterations || parallelism is < 1 or > MaxParallelism
            || memory < 8 * parallelism || memory > MaxMemoryKiB)
        {
            return false;
        }
        phc = new Argon2Phc(kind, memory, iterations, parallelism, salt, digest);
        return true;
    }

    private static bool TryParseCosts(ReadOnlySpan<char> text, out int memory, out int iterations, out int parallelism)
    {
        memory = iterations = parallelism = 0;
        Span<Range> costs = stackalloc Range[4];
        if (text.Split(costs, ',') != 3)
        {
            return false;
        }
        return TryParseCost(text[costs[0]], "m=", out memory)
            && TryParseCost(text[costs[1]], "t=", out iterations)
            && TryParseCost(text[costs[2]], "p=", out parallelism);
    }

    private static bool TryParseCost(ReadOnlySpan<char> text, string name, out int value)
    {
        value = 0;
        var digits = text.StartsWith(name, StringComparison.Ordinal) ? text[name.Length..] : default;
        return !digits.IsEmpty && digits.Length <= 10 && !digits.ContainsAnyExceptInRange('0', '9')
            && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static bool TryDecode(ReadOnlySpan<char> unpadded, out byte[] bytes)
    {
        bytes = [];
        // Unpadded base64 never leaves a single character over, and it never carries '='.
        if (unpadded.IsEmpty || unpadded.Length > 2048 || unpadded.Length % 4 == 1 || unpadded.Contains('='))
        {
            return false;
        }
        Span<char> padded = stackalloc char[unpadded.Length + 3];
        unpadded.CopyTo(padded);
        var length = unpadded.Length;
        while (length % 4 != 0)
        {
            padded[length++] = '=';
        }
        var buffer = new byte[length / 4 * 3];
        if (!Convert.TryFromBase64Chars(padded[..length], buffer, out var written))
        {
            return false;
        }
        bytes = buffer.AsSpan(0, written).ToArray();
        return true;
    }

    private static string Unpadded(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');
}
