using System.Text;

namespace Xnm;

/// <summary>What an SSID may be, checked before NetworkManager is asked.</summary>
internal static class Ssids
{
    /// <summary>Null when <paramref name="ssid"/> can name a network, else why not.</summary>
    /// <remarks>IEEE 802.11, SSID element: 0 to 32 octets; an empty one is the wildcard, never a network's name.</remarks>
    public static string? Problem(string ssid) =>
        ssid.Length == 0 ? "the SSID is empty; give the network's name as 'xnm wifi list' shows it"
        : Encoding.UTF8.GetByteCount(ssid) > 32 ? $"the SSID '{UsageErrors.Printable(ssid)}' is longer than 32 bytes, which no Wi-Fi network's name can be"
        : null;
}
