using Drivers.NetworkManager.Protocol;
using FsCheck.Xunit;

namespace Drivers.NetworkManager.Tests.Protocol;

public sealed class SsidTextTests
{
    [Fact]
    public void Utf8_ssids_are_shown_as_they_are() => Assert.Equal("Café ☕", SsidText.Display("Café ☕"u8));

    [Fact]
    public void A_hidden_ssid_is_empty() => Assert.Equal("", SsidText.Display([]));

    [Fact]
    public void Bytes_that_are_not_utf8_are_escaped() => Assert.Equal("Caf\\xe9", SsidText.Display([0x43, 0x61, 0x66, 0xe9]));

    [Fact]
    public void Control_characters_are_escaped_so_they_cannot_rewrite_a_terminal() =>
        Assert.Equal("a\\x1b[2Jb", SsidText.Display([0x61, 0x1b, 0x5b, 0x32, 0x4a, 0x62]));

    [Property]
    public bool Any_bytes_give_printable_text(byte[] ssid) =>
        !SsidText.Display(ssid ?? []).Any(char.IsControl);

    [Property]
    public bool Printable_ascii_is_kept_as_is(string text)
    {
        var ascii = new string((text ?? "").Where(c => c is >= ' ' and < (char)0x7f and not '\\').ToArray());
        return SsidText.Display(System.Text.Encoding.ASCII.GetBytes(ascii)) == ascii;
    }
}
