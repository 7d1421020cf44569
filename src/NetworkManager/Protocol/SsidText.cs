using System.Text;

namespace Drivers.NetworkManager.Protocol;

/// <summary>Turns raw SSID bytes (up to 32, any encoding, possibly empty) into something to show. Pure.</summary>
internal static class SsidText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Display(ReadOnlySpan<byte> ssid)
    {
        if (ssid.IsEmpty)
        {
            return "";
        }
        try
        {
            var text = StrictUtf8.GetString(ssid);
            return text.Any(char.IsControl) ? Escape(ssid) : text;
        }
        catch (DecoderFallbackException)
        {
            return Escape(ssid);
        }
    }

    // Not UTF-8 or control characters: show printable ASCII and \xNN for the rest, like iw does.
    private static string Escape(ReadOnlySpan<byte> ssid)
    {
        var text = new StringBuilder(ssid.Length * 2);
        foreach (var b in ssid)
        {
            if (b is >= 0x20 and < 0x7f and not (byte)'\\')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\x{b:x2}");
            }
        }
        return text.ToString();
    }
}
