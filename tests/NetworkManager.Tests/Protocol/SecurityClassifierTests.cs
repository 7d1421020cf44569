using Drivers.NetworkManager.Protocol;
using Drivers.NetworkManager.Wifi;
using FsCheck.Xunit;

namespace Drivers.NetworkManager.Tests.Protocol;

public sealed class SecurityClassifierTests
{
    [Theory]
    [InlineData(0x0u, 0x0u, 0x0u, "open")]
    [InlineData(0x1u, 0x0u, 0x0u, "WEP")]
    [InlineData(0x7u, 0x0u, 0x0u, "WEP")] // privacy with WPS bits: still WEP, not "== 1"
    [InlineData(0x1u, 0x0u, 0x188u, "WPA2")] // a real WPA2-PSK access point
    [InlineData(0x7u, 0x0u, 0x188u, "WPA2")]
    [InlineData(0x1u, 0x144u, 0x0u, "WPA1")]
    [InlineData(0x1u, 0x14cu, 0x18cu, "WPA1 WPA2")]
    [InlineData(0x1u, 0x0u, 0x488u, "WPA3")]
    [InlineData(0x1u, 0x0u, 0x588u, "WPA2 WPA3")]
    [InlineData(0x1u, 0x0u, 0x288u, "WPA2 802.1X")]
    [InlineData(0x1u, 0x0u, 0x888u, "OWE")]
    [InlineData(0x0u, 0x0u, 0x1000u, "OWE-TM")]
    [InlineData(0x1u, 0x0u, 0x2288u, "WPA2 802.1X WPA-EAP-SUITE-B-192")]
    public void Flags_are_read_the_way_nmcli_reads_them(uint flags, uint wpa, uint rsn, string expected)
    {
        Assert.Equal(expected, SecurityClassifier.Describe(SecurityClassifier.Classify(flags, wpa, rsn)));
    }

    [Theory]
    [InlineData(WifiSecurity.Wpa2, "wpa-psk")]
    [InlineData(WifiSecurity.Wpa2 | WifiSecurity.Wpa3, "wpa-psk")]
    [InlineData(WifiSecurity.Wpa3, "sae")]
    [InlineData(WifiSecurity.Wpa1, "wpa-psk")]
    [InlineData(WifiSecurity.Wep, "none")]
    [InlineData(WifiSecurity.Wpa2 | WifiSecurity.Enterprise, "wpa-eap")]
    public void Key_management_is_sae_only_for_wpa3_only_networks(WifiSecurity security, string expected)
    {
        Assert.Equal(expected, SecurityClassifier.KeyManagement(security));
    }

    [Property]
    public bool The_privacy_bit_without_wpa_or_rsn_is_wep_whatever_the_wps_bits(uint flags) =>
        SecurityClassifier.Classify(flags | 1, 0, 0) == WifiSecurity.Wep;

    [Property]
    public bool Without_privacy_wpa_or_rsn_a_network_is_open(uint flags) =>
        SecurityClassifier.Classify(flags & ~1u, 0, 0) == WifiSecurity.Open;

    [Property]
    public bool Any_flags_give_a_non_empty_description(uint flags, uint wpa, uint rsn) =>
        SecurityClassifier.Describe(SecurityClassifier.Classify(flags, wpa, rsn)).Length > 0;

    [Property]
    public bool Wep_never_combines_with_another_label(uint flags, uint wpa, uint rsn)
    {
        var security = SecurityClassifier.Classify(flags, wpa, rsn);
        return !security.HasFlag(WifiSecurity.Wep) || security == WifiSecurity.Wep;
    }

    [Property]
    public bool Any_wpa_element_means_a_password_is_needed(uint flags, uint wpa, uint rsn) =>
        wpa == 0 || SecurityClassifier.NeedsSecret(SecurityClassifier.Classify(flags, wpa, rsn));
}
