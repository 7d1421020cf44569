using Drivers.Em73xx.Protocol.Pdu;

namespace Drivers.Em73xx.Tests.Protocol.Pdu;

public sealed class PduEncoderTests
{
    [Fact]
    public void Hellohello_to_a_swedish_number_encodes_as_dreamfabric_shows_it()
    {
        // Dreamfabric's SMS-SUBMIT example ("SMS messages and the PDU format", dreamfabric.com/sms):
        // no SMSC, TP-VPF relative, TP-MR 00, +46708251358, GSM 7-bit, validity AA (4 days), "hellohello".
        var pdus = PduEncoder.Encode("+46708251358", "hellohello", 0, validity: TimeSpan.FromDays(4));

        var pdu = Assert.Single(pdus);
        Assert.Equal("0011000B916407281553F80000AA0AE8329BFD4697D9EC37", pdu.Hex);
        Assert.Equal(23, pdu.TpduLength);
    }

    [Fact]
    public void A_national_number_has_the_unknown_type_and_an_odd_digit_count_ends_in_f()
    {
        var pdu = Assert.Single(PduEncoder.Encode("1234567", "A", 0));

        // TS 23.040 9.1.2.5: 7 digits, type 81, semi-octets swapped, F fills the last octet.
        Assert.StartsWith("0001000781214365F7" + "0000" + "0141", pdu.Hex, StringComparison.Ordinal);
        Assert.True(PduDecoder.TryDecode(pdu.Hex, pdu.TpduLength, out var decoded, out _));
        Assert.Equal("1234567", decoded.Address.Value);
    }

    [Fact]
    public void The_status_report_request_sets_tp_srr()
    {
        var pdu = Assert.Single(PduEncoder.Encode("+420775123456", "ok", 0, requestStatusReport: true));

        Assert.True(PduDecoder.TryDecode(pdu.Hex, out var decoded, out _));
        Assert.True(decoded.StatusReportFlag);
        Assert.Equal(0x21, decoded.FirstOctet);
    }

    [Theory]
    [InlineData(160, 1)]
    [InlineData(161, 2)]
    [InlineData(306, 2)]
    [InlineData(307, 3)]
    public void Gsm7_text_fills_160_septets_alone_and_153_per_part_when_concatenated(int length, int parts)
    {
        Assert.Equal(parts, PduEncoder.Encode("+420775123456", new string('a', length), 7).Count);
    }

    [Theory]
    [InlineData(70, 1)]
    [InlineData(71, 2)]
    [InlineData(134, 2)]
    [InlineData(135, 3)]
    public void Ucs2_text_fills_70_units_alone_and_67_per_part_when_concatenated(int length, int parts)
    {
        Assert.Equal(parts, PduEncoder.Encode("+420775123456", new string('č', length), 7).Count);
    }

    [Fact]
    public void Eighty_euro_signs_fill_one_part_exactly()
    {
        // Each takes ESC and 0x65: 160 septets.
        Assert.Single(PduEncoder.Encode("+420775123456", new string('€', 80), 7));
        Assert.Equal(2, PduEncoder.Encode("+420775123456", new string('€', 80) + "a", 7).Count);
    }

    [Fact]
    public void An_escape_pair_that_would_straddle_two_parts_moves_whole_to_the_next()
    {
        // 152 plain septets, then '€' (two septets) would end at 154 > 153: it opens part 2.
        var text = new string('a', 152) + "€" + new string('b', 10);

        var parts = Decode(PduEncoder.Encode("+420775123456", text, 9));

        Assert.Equal(2, parts.Count);
        Assert.Equal(new string('a', 152), parts[0].Text);
        Assert.Equal("€" + new string('b', 10), parts[1].Text);
    }

    [Fact]
    public void A_surrogate_pair_that_would_straddle_two_parts_moves_whole_to_the_next()
    {
        var text = new string('ž', 66) + "😀" + "end";

        var parts = Decode(PduEncoder.Encode("+420775123456", text, 9));

        Assert.Equal(2, parts.Count);
        Assert.Equal(new string('ž', 66), parts[0].Text);
        Assert.Equal("😀end", parts[1].Text);
    }

    [Fact]
    public void Concatenated_parts_carry_the_callers_reference_total_and_sequence()
    {
        var parts = Decode(PduEncoder.Encode("+420775123456", new string('x', 400), 0xAB));

        Assert.Equal([new(0xAB, 3, 1, false), new(0xAB, 3, 2, false), new PduConcatenation(0xAB, 3, 3, false)], parts.Select(p => p.Concatenation!.Value));
        Assert.All(parts, p => Assert.True(p.HasUserDataHeader));
    }

    [Fact]
    public void An_empty_text_is_one_empty_part()
    {
        var pdu = Assert.Single(PduEncoder.Encode("+420775123456", "", 0));

        Assert.EndsWith("000000", pdu.Hex, StringComparison.Ordinal); // PID, DCS, UDL 0
        Assert.True(PduDecoder.TryDecode(pdu.Hex, pdu.TpduLength, out var decoded, out _));
        Assert.Equal("", decoded.Text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("+")]
    [InlineData("+420 775")]
    [InlineData("abc")]
    [InlineData("123456789012345678901")]
    public void A_destination_that_is_not_a_number_is_an_argument_error(string destination) =>
        Assert.Throws<ArgumentException>(() => PduEncoder.Encode(destination, "hi", 0));

    [Fact]
    public void A_text_beyond_255_parts_is_an_argument_error() =>
        Assert.Throws<ArgumentException>(() => PduEncoder.Encode("+420775123456", new string('a', (153 * 255) + 1), 0));

    [Fact]
    public void A_validity_beyond_63_weeks_is_out_of_range() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PduEncoder.Encode("+420775123456", "hi", 0, validity: TimeSpan.FromDays(442)));

    [Fact]
    public void The_default_alphabet_has_128_septets_and_round_trips_through_its_table()
    {
        Span<byte> back = stackalloc byte[2];
        for (byte septet = 0; septet < 128; septet++)
        {
            if (septet == Gsm7.Escape)
            {
                continue;
            }
            var c = Gsm7.ToChar(septet);
            Assert.Equal(1, Gsm7.SeptetCount(c));
            Assert.Equal(1, Gsm7.ToSeptets([c], back));
            Assert.Equal(septet, back[0]);
        }
        // TS 23.038 6.2.1.1: the extension table.
        Assert.All("\f^{}\\[~]|€", c => Assert.Equal(2, Gsm7.SeptetCount(c)));
        Assert.All("`çž😀\u001B", c => Assert.Equal(0, Gsm7.SeptetCount(c)));
    }

    [Fact]
    public void Hellohello_packs_into_nine_octets()
    {
        // Dreamfabric's 7-bit packing example: "hellohello" is E8 32 9B FD 46 97 D9 EC 37.
        Span<byte> septets = stackalloc byte[10];
        Gsm7.ToSeptets("hellohello", septets);
        var packed = new byte[Gsm7.PackedLength(10)];
        for (var i = 0; i < 10; i++)
        {
            Gsm7.SetSeptet(packed, i, septets[i]);
        }

        Assert.Equal("E8329BFD4697D9EC37", Convert.ToHexString(packed));
    }

    private static List<SmsPdu> Decode(IReadOnlyList<EncodedPdu> pdus) =>
        pdus.Select(p => PduDecoder.TryDecode(p.Hex, p.TpduLength, out var pdu, out var error) ? pdu : throw new InvalidOperationException(error.ToString())).ToList();
}
