using Drivers.Em73xx.Protocol.Pdu;
using FsCheck;
using FsCheck.Xunit;

namespace Drivers.Em73xx.Tests.Protocol.Pdu;

public sealed class PduPropertyTests
{
    // The alphabet written out again from TS 23.038 6.2.1 and 6.2.1.1, independently of Gsm7's table.
    private const string Basic = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private const string Extension = "\f^{}\\[~]|€";

    private static readonly string[] GsmPool = [.. Basic.Select(c => c.ToString()), .. Extension.Select(c => c.ToString())];

    private static readonly string[] AnyPool =
    [
        .. GsmPool, "č", "ř", "ž", "ů", "ç", "`", "中", "文", "😀", "🐎", "👍🏽", "𝄞", "\u0000", "\u200D", "\uFFFF",
    ];

    private static readonly string[] Valid =
    [
        "07911326040000F0040B911346610089F60000208062917314080CC8F71D14969741F977FD07",
        "0011000B916407281553F80000AA0AE8329BFD4697D9EC37",
        "07910201956905F0040B910201014160F300082021913052158004062806" + "2A",
        "0006000B910221815716F2709021510121807090215101718000",
        "0791947101670000" + "11000781214365F700F6AA0568656C6C6F",
        "0044" + "0B911346610089F6" + "0008" + "20806291731480" + "0F" + "0A" + "01020000" + "080412340201" + "00410042",
    ];

    [Property(MaxTest = 300)]
    public bool Any_gsm_text_round_trips_in_the_minimal_number_of_parts(NonNegativeInt[] picks, NonNegativeInt length, byte reference) =>
        RoundTrips(Build(GsmPool, picks, length.Get % 1300), reference, expectGsm7: true);

    [Property(MaxTest = 300)]
    public bool Any_mixed_text_with_emoji_round_trips_in_the_minimal_number_of_parts(NonNegativeInt[] picks, NonNegativeInt length, byte reference) =>
        RoundTrips(Build(AnyPool, picks, length.Get % 700), reference, expectGsm7: null);

    [Property(MaxTest = 300)]
    public bool Any_string_at_all_round_trips(string? text, byte reference) => RoundTrips(text ?? "", reference, expectGsm7: null);

    [Fact]
    public void The_empty_text_round_trips() => Assert.True(RoundTrips("", 0, expectGsm7: true));

    [Property(MaxTest = 1000)]
    public bool Any_text_fed_to_the_decoder_never_throws_and_a_refusal_names_its_error(string? text) =>
        Consistent(text ?? "");

    [Property(MaxTest = 1000)]
    public bool Any_octets_as_hex_never_throw_and_a_refusal_names_its_error(byte[] octets) =>
        Consistent(Convert.ToHexString(octets));

    [Property(MaxTest = 1000)]
    public bool Any_octets_after_a_plausible_start_never_throw(byte first, byte[] tail)
    {
        // Most random octets fail at the first field; this keeps the decoder busy in addresses, time stamps and headers.
        var start = "00" + (first & 0x7F).ToString("X2", System.Globalization.CultureInfo.InvariantCulture) + "0B911346610089F6";
        return Consistent(start + Convert.ToHexString(tail));
    }

    [Property(MaxTest = 1000)]
    public bool A_header_of_random_octets_never_throws(byte udl, byte[] userData) =>
        Consistent("00" + "44" + "0B911346610089F6" + "0004" + "20806291731480" + udl.ToString("X2", System.Globalization.CultureInfo.InvariantCulture) + Convert.ToHexString(userData))
        && Consistent("00" + "44" + "0B911346610089F6" + "0000" + "20806291731480" + udl.ToString("X2", System.Globalization.CultureInfo.InvariantCulture) + Convert.ToHexString(userData));

    [Fact]
    public void Every_truncation_of_a_valid_pdu_is_refused_with_a_typed_error()
    {
        foreach (var hex in Valid)
        {
            Assert.True(PduDecoder.TryDecode(hex, out _, out _), hex);
            for (var cut = 0; cut < hex.Length; cut++)
            {
                Assert.False(PduDecoder.TryDecode(hex.AsSpan(0, cut), out _, out var error), $"{hex} cut at {cut}");
                Assert.True(Enum.IsDefined(error) && error != PduError.None);
            }
        }
    }

    [Property(MaxTest = 1000)]
    public bool A_mutated_valid_pdu_never_throws(NonNegativeInt which, NonNegativeInt position, char replacement, NonNegativeInt cut)
    {
        var chars = Valid[which.Get % Valid.Length].ToCharArray();
        chars[position.Get % chars.Length] = replacement;
        var mutated = new string(chars);
        return Consistent(mutated) && Consistent(mutated[..(cut.Get % (mutated.Length + 1))]);
    }

    private static bool Consistent(string hex)
    {
        var decoded = PduDecoder.TryDecode(hex, out var pdu, out var error);
        _ = PduDecoder.TryGetTpduLength(hex, out _);
        _ = PduDecoder.TryDecode(hex, hex.Length / 2, out _, out var lengthError);
        return Enum.IsDefined(error) && Enum.IsDefined(lengthError)
            && (decoded ? error == PduError.None && pdu is not null : error != PduError.None);
    }

    private static string Build(string[] pool, NonNegativeInt[] picks, int length)
    {
        if (picks.Length == 0)
        {
            return "";
        }
        var text = new System.Text.StringBuilder();
        for (var i = 0; text.Length < length; i++)
        {
            // Vary the picks along the text so that a short array still gives a varied long text.
            text.Append(pool[(picks[i % picks.Length].Get + (i / picks.Length * 7919)) % pool.Length]);
        }
        return text.ToString();
    }

    private static bool RoundTrips(string text, byte reference, bool? expectGsm7)
    {
        var encoded = PduEncoder.Encode("+420775123456", text, reference);
        var parts = new List<SmsPdu>();
        foreach (var part in encoded)
        {
            if (!PduDecoder.TryDecode(part.Hex, part.TpduLength, out var pdu, out var error))
            {
                throw new InvalidOperationException($"{error}: {part.Hex}");
            }
            Assert.Equal(part.Hex.Length / 2, part.TpduLength + 1);
            Assert.True(part.Hex.Length / 2 <= 1 + 175);
            parts.Add(pdu);
        }
        var model = Model(text);
        Assert.Equal(model.Parts, encoded.Count);
        Assert.All(parts, p => Assert.Equal(model.Gsm7 ? PduAlphabet.Gsm7 : PduAlphabet.Ucs2, p.Alphabet));
        if (expectGsm7 is { } gsm7)
        {
            Assert.Equal(gsm7, model.Gsm7);
        }
        foreach (var part in parts)
        {
            var single = parts.Count == 1;
            Assert.Equal(!single, part.Concatenation is not null);
            if (model.Gsm7)
            {
                Assert.True(Septets(part.Text) <= (single ? 160 : 153));
            }
            else
            {
                Assert.True(part.Text.Length <= (single ? 70 : 67));
            }
        }
        for (var i = 0; i + 1 < parts.Count; i++)
        {
            // A surrogate pair of the input is never split: a part ends on a high surrogate only if the input had a lone one there.
            var end = parts[i].Text;
            var nextStart = parts[i + 1].Text;
            Assert.False(end.Length > 0 && char.IsHighSurrogate(end[^1]) && nextStart.Length > 0 && char.IsLowSurrogate(nextStart[0]));
        }
        var shuffled = parts.OrderBy(p => (p.Concatenation?.Sequence ?? 0) * 7 % 5).ToList();
        var message = Assert.Single(PduReassembler.Reassemble(shuffled));
        Assert.True(message.IsComplete);
        Assert.Equal(text, message.Text);
        return true;
    }

    private static int Septets(string text) => text.Sum(c => Extension.Contains(c, StringComparison.Ordinal) ? 2 : 1);

    // The independent model: the units a text is made of (a character and its septets, or a UTF-16 code unit or
    // surrogate pair), then the fewest contiguous groups within the limit, by dynamic programming rather than greedily.
    private static (bool Gsm7, int Parts) Model(string text)
    {
        var gsm7 = text.All(c => Basic.Contains(c, StringComparison.Ordinal) || Extension.Contains(c, StringComparison.Ordinal));
        var units = new List<int>();
        for (var i = 0; i < text.Length; i++)
        {
            if (gsm7)
            {
                units.Add(Extension.Contains(text[i], StringComparison.Ordinal) ? 2 : 1);
            }
            else if (char.IsSurrogatePair(text, i))
            {
                units.Add(2);
                i++;
            }
            else
            {
                units.Add(1);
            }
        }
        if (units.Sum() <= (gsm7 ? 160 : 70))
        {
            return (gsm7, 1);
        }
        var limit = gsm7 ? 153 : 67;
        var fewest = new int[units.Count + 1];
        for (var end = 1; end <= units.Count; end++)
        {
            fewest[end] = int.MaxValue;
            var sum = 0;
            for (var start = end - 1; start >= 0 && (sum += units[start]) <= limit; start--)
            {
                fewest[end] = Math.Min(fewest[end], fewest[start] + 1);
            }
        }
        return (gsm7, fewest[units.Count]);
    }
}
