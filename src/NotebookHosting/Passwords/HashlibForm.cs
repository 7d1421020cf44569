using System.Security.Cryptography;

namespace Drivers.NotebookHosting.Passwords;

/// <summary>
/// Jupyter's older hash form <c>algorithm:salt:hexdigest</c> (notebook/auth/security.py passwd_check splits
/// on the first two colons and hands the name to Python's hashlib). Pure: no I/O, no cryptography.
/// </summary>
internal readonly record struct HashlibForm(HashAlgorithmName Algorithm, string Salt, string HexDigest)
{
    public static bool TryParse(string text, out HashlibForm form)
    {
        form = default;
        var first = text.IndexOf(':', StringComparison.Ordinal);
        var second = first < 0 ? -1 : text.IndexOf(':', first + 1);
        if (second < 0)
        {
            return false;
        }
        HashAlgorithmName algorithm;
        int digestBytes;
        switch (text.AsSpan(0, first))
        {
            case "md5": algorithm = HashAlgorithmName.MD5; digestBytes = 16; break;
            case "sha1": algorithm = HashAlgorithmName.SHA1; digestBytes = 20; break;
            case "sha256": algorithm = HashAlgorithmName.SHA256; digestBytes = 32; break;
            case "sha384": algorithm = HashAlgorithmName.SHA384; digestBytes = 48; break;
            case "sha512": algorithm = HashAlgorithmName.SHA512; digestBytes = 64; break;
            default: return false;
        }
        var salt = text[(first + 1)..second];
        var digest = text[(second + 1)..];
        // Python encodes the salt as ASCII, so anything else could never have been a Jupyter hash.
        if (salt.Length > 256 || !System.Text.Ascii.IsValid(salt) || salt.AsSpan().ContainsAnyInRange('\0', '\x1f')
            || digest.Length != digestBytes * 2 || !IsHex(digest))
        {
            return false;
        }
        form = new HashlibForm(algorithm, salt, digest);
        return true;
    }

    private static bool IsHex(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }
        return true;
    }
}
