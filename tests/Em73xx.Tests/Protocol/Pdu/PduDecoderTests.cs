using Drivers.Em73xx.Protocol.Pdu;

namespace Drivers.Em73xx.Tests.Protocol.Pdu;

public sealed class PduDecoderTests
{
    // Dreamfabric's SMS-DELIVER example ("SMS messages and the PDU format", dreamfabric.com/sms), the PDU most
    // tutorials quote: SMSC +31624000000, from +31641600986, GSM 7-bit "How are you?".
    private const string DreamfabricDeliver = "07911326040000F0040B911346610089F60000208062917314080CC8F71D14969741F977FD07";

    // Dreamfabric's SMS-SUBMIT example (same site): to +46708251358, validity 4 days (AA), "hellohello".
    private const string DreamfabricSubmit = "0011000B916407281553F80000AA0AE8329BFD4697D9EC37";

    // A UCS-2 SMS-DELIVER read with AT+CMGR, posted on the Nokia developer forum
    // (developer.nokia.com/Community/Discussion/showthread.php?13037): two Arabic letters, U+0628 U+062A.
    private const string NokiaForumUcs2 = "07910201956905F0040B910201014160F300082021913052158004062806" + "2A";

    // An SMS-STATUS-REPORT received as +CDS, from "receiving an SMS status report message"
    // (amro.blogspot.com/2007/09): the modem gave no SMSC field, so "00" is put in front as +CMGL shows one.
    private const string AmroStatusReport = "00" + "06000B910221815716F2709021510121807090215101718000";

    // An 8-bit SMS-SUBMIT with DCS F6 (class 2, 8-bit) and a stored SMSC, from "SMS PDU mode, data format and
    // length calculation" (9cbs.com/read-46256.html): to 1234567, "hello" as octets, AT+CMGS=17.
    private const string NineCbsEightBit = "0791947101670000" + "11000781214365F700F6AA0568656C6C6F";

    [Fact]
    public void The_dreamfabric_deliver_gives_smsc_sender_time_and_text()
    {
        Assert.True(PduDecoder.TryDecode(DreamfabricDeliver, out var pdu, out var error), error.ToString());

        Assert.Equal(PduType.Deliver, pdu.Type);
        Assert.Equal("+31624000000", pdu.ServiceCenter?.Value);
        Assert.Equal("+31641600986", pdu.Address.Value);
        Assert.True(pdu.Address.IsInternational);
        Assert.Equal(0, pdu.ProtocolId);
        Assert.Equal(PduAlphabet.Gsm7, pdu.Alphabet);
        // The zone octet 08 has the sign bit (bit 3) set and zero quarter hours: -00, i.e. UTC.
        Assert.Equal(new DateTimeOffset(2002, 8, 26, 19, 37, 41, TimeSpan.Zero), pdu.ServiceCenterTimestamp);
        Assert.Equal("How are you?", pdu.Text);
        Assert.Null(pdu.Concatenation);
        Assert.False(pdu.HasUserDataHeader);
    }

    [Fact]
    public void The_dreamfabric_submit_gives_destination_validity_and_text()
    {
        Assert.True(PduDecoder.TryDecode(DreamfabricSubmit, out var pdu, out _));

        Assert.Equal(PduType.Submit, pdu.Type);
        Assert.Null(pdu.ServiceCenter);
        Assert.Equal(0, pdu.MessageReference);
        Assert.Equal("+46708251358", pdu.Address.Value);
        Assert.Equal(new PduValidity(PduValidityFormat.Relative, TimeSpan.FromDays(4), null), pdu.Validity);
        Assert.Equal("hellohello", pdu.Text);
        Assert.False(pdu.StatusReportFlag);
    }

    [Fact]
    public void A_ucs2_deliver_from_the_nokia_forum_gives_its_arabic_text()
    {
        Assert.True(PduDecoder.TryDecode(NokiaForumUcs2, out var pdu, out _));

        Assert.Equal("+20105996500", pdu.ServiceCenter?.Value);
        Assert.Equal("+20101014063", pdu.Address.Value);
        Assert.Equal(PduAlphabet.Ucs2, pdu.Alphabet);
        Assert.Equal("\u0628\u062A", pdu.Text);
        Assert.Equal(new DateTimeOffset(2002, 12, 19, 3, 25, 51, TimeSpan.FromHours(2)), pdu.ServiceCenterTimestamp);
    }

    [Fact]
    public void A_status_report_gives_reference_recipient_times_and_status()
    {
        Assert.True(PduDecoder.TryDecode(AmroStatusReport, out var pdu, out _));

        Assert.Equal(PduType.StatusReport, pdu.Type);
        Assert.Equal(0, pdu.MessageReference);
        Assert.Equal("+20121875612", pdu.Address.Value);
        Assert.Equal(new DateTimeOffset(2007, 9, 12, 15, 10, 12, TimeSpan.FromHours(2)), pdu.ServiceCenterTimestamp);
        Assert.Equal(new DateTimeOffset(2007, 9, 12, 15, 10, 17, TimeSpan.FromHours(2)), pdu.DischargeTime);
        Assert.Equal(0, pdu.Status);
        Assert.True(pdu.Delivered);
        Assert.False(pdu.StillTrying);
    }

    [Fact]
    public void A_status_report_with_a_parameter_indicator_reads_the_fields_it_announces()
    {
        // TS 23.040 9.2.3.27: TP-PI 06 announces TP-DCS and TP-UDL; status 0x41 (incompatible destination, permanent).
        var hex = AmroStatusReport[..^2] + "41" + "06" + "00" + "02" + "C834"; // DCS 00, UDL 2, "Hi"

        Assert.True(PduDecoder.TryDecode(hex, out var pdu, out var error), error.ToString());

        Assert.Equal(0x41, pdu.Status);
        Assert.False(pdu.Delivered);
        Assert.Equal("Hi", pdu.Text);
    }

    [Fact]
    public void An_eight_bit_submit_keeps_its_octets_as_data()
    {
        Assert.True(PduDecoder.TryDecode(NineCbsEightBit, 17, out var pdu, out var error), error.ToString());

        Assert.Equal("+491710760000", pdu.ServiceCenter?.Value);
        Assert.Equal("1234567", pdu.Address.Value);
        Assert.False(pdu.Address.IsInternational);
        Assert.Equal(PduAlphabet.EightBit, pdu.Alphabet);
        Assert.Equal("hello"u8.ToArray(), pdu.Data.ToArray());
        Assert.Equal("", pdu.Text);
    }

    [Fact]
    public void The_announced_tpdu_length_excludes_the_smsc_field()
    {
        // Dreamfabric's deliver: 8 octets of SMSC field, 30 of TPDU.
        Assert.True(PduDecoder.TryGetTpduLength(DreamfabricDeliver, out var length));
        Assert.Equal(30, length);
        Assert.True(PduDecoder.MatchesAnnouncedLength(DreamfabricDeliver, 30));
        Assert.False(PduDecoder.MatchesAnnouncedLength(DreamfabricDeliver, 38));
        Assert.True(PduDecoder.MatchesAnnouncedLength(DreamfabricSubmit, 23));

        Assert.True(PduDecoder.TryDecode(DreamfabricDeliver, 30, out _, out _));
        Assert.False(PduDecoder.TryDecode(DreamfabricDeliver, 31, out _, out var error));
        Assert.Equal(PduError.LengthMismatch, error);
    }

    [Fact]
    public void An_alphanumeric_sender_is_decoded_from_its_packed_septets()
    {
        // "hellohello" packs to E8329BFD4697D9EC37 (Dreamfabric's 7-bit example); 10 septets fill 18 semi-octets.
        var hex = "00" + "04" + "12D0E8329BFD4697D9EC37" + "0000" + "20806291731480" + "00";

        Assert.True(PduDecoder.TryDecode(hex, out var pdu, out var error), error.ToString());

        Assert.True(pdu.Address.IsAlphanumeric);
        Assert.Equal("hellohello", pdu.Address.Value);
        Assert.Equal("", pdu.Text);
    }

    [Fact]
    public void A_national_number_has_no_plus()
    {
        // TS 23.040 9.1.2.5: type A1 is national, ISDN numbering plan.
        var hex = DreamfabricDeliver.Replace("0B911346610089F6", "09A177153254F6", StringComparison.Ordinal);

        Assert.True(PduDecoder.TryDecode(hex, out var pdu, out _));

        Assert.Equal("775123456", pdu.Address.Value);
        Assert.False(pdu.Address.IsInternational);
    }

    [Theory]
    [InlineData("0D")] // 13 semi-octets, the fewest that hold 7 septets
    [InlineData("0E")] // 14: whole octets, so 7 fill bits that would read as a trailing '@'
    public void An_alphanumeric_sender_ignores_the_fill_of_a_whole_last_octet(string length)
    {
        // "hellohe": the first six octets of "hellohello", then bit 6 of the final 'e' alone in the seventh.
        var hex = "00" + "04" + length + "D0E8329BFD469701" + "0000" + "20806291731480" + "00";

        Assert.True(PduDecoder.TryDecode(hex, out var pdu, out var error), error.ToString());

        Assert.Equal("hellohe", pdu.Address.Value);
    }

    [Theory]
    [InlineData("80", 2 * 60)] // +08 quarter hours
    [InlineData("4A", -6 * 60)] // sign bit and 2 in the first semi-octet, 4 in the second: -24 quarter hours
    [InlineData("00", 0)]
    [InlineData("53", (8 * 60) + 45)] // +35 quarter hours, +08:45 (Eucla)
    public void The_zone_is_quarter_hours_with_a_sign_bit(string zone, int minutes)
    {
        var hex = DreamfabricDeliver.Replace("20806291731408", "208062917314" + zone, StringComparison.Ordinal);

        Assert.True(PduDecoder.TryDecode(hex, out var pdu, out _));

        Assert.Equal(TimeSpan.FromMinutes(minutes), pdu.ServiceCenterTimestamp!.Value.Offset);
        Assert.Equal(new DateTime(2002, 8, 26, 19, 37, 41), pdu.ServiceCenterTimestamp.Value.DateTime);
    }

    [Fact]
    public void A_concatenated_gsm7_part_starts_its_text_after_the_fill_bit()
    {
        // TS 23.040 9.2.3.24: UDH 05 00 03 CC 02 01 is 48 bits; one fill bit, then "Hi" from septet 7
        // ('H' 0x48 shifted left by one is 0x90; 'i' 0x69 fills octet 7). UDL counts 9 septets.
        var hex = "00" + "44" + "0B911346610089F6" + "0000" + "20806291731480" + "09" + "050003CC0201" + "9069";

        Assert.True(PduDecoder.TryDecode(hex, out var pdu, out var error), error.ToString());

        Assert.Equal(new PduConcatenation(0xCC, 2, 1, false), pdu.Concatenation);
        Assert.Equal("Hi", pdu.Text);
    }

    [Fact]
    public void A_sixteen_bit_reference_is_read_and_other_elements_are_skipped()
    {
        // UDH: IE 01 (special message indication, 2 octets) then IE 08 (16-bit reference 0x1234, 2 parts, part 1).
        var hex = "00" + "44" + "0B911346610089F6" + "0008" + "20806291731480" + "0F" + "0A" + "01020000" + "080412340201" + "00410042";

        Assert.True(PduDecoder.TryDecode(hex, out var pdu, out var error), error.ToString());

        Assert.Equal(new PduConcatenation(0x1234, 2, 1, true), pdu.Concatenation);
        Assert.Equal("AB", pdu.Text);
    }

    [Theory]
    [InlineData("050003CC0001")] // total 0
    [InlineData("050003CC0200")] // sequence 0
    [InlineData("050003CC0203")] // sequence above the total
    public void A_concatenation_element_with_impossible_numbers_is_ignored(string header)
    {
        var hex = "00" + "44" + "0B911346610089F6" + "0000" + "20806291731480" + "09" + header + "9069";

        Assert.True(PduDecoder.TryDecode(hex, out var pdu, out _));

        Assert.Null(pdu.Concatenation);
        Assert.Equal("Hi", pdu.Text);
    }

    [Fact]
    public void Extension_characters_are_read_through_the_escape()
    {
        // TS 23.038 6.2.1.1: ESC 0x65 is the euro sign, ESC 0x3C '[', ESC 0x3E ']'. Septets 1B 65 1B 3C 41 1B 3E.
        var septets = new byte[] { 0x1B, 0x65, 0x1B, 0x3C, 0x41, 0x1B, 0x3E };
        var packed = new byte[Gsm7.PackedLength(septets.Length)];
        for (var i = 0; i < septets.Length; i++)
        {
            Gsm7.SetSeptet(packed, i, septets[i]);
        }
        var hex = "00" + "04" + "0B911346610089F6" + "0000" + "20806291731480" + "07" + Convert.ToHexString(packed);

        Assert.True(PduDecoder.TryDecode(hex, out var pdu, out _));

        Assert.Equal("€[A]", pdu.Text);
    }

    [Theory]
    [InlineData("", nameof(PduError.Empty))]
    [InlineData("   ", nameof(PduError.Empty))]
    [InlineData("0", nameof(PduError.OddLength))]
    [InlineData("07911326040000F0040", nameof(PduError.OddLength))]
    [InlineData("0G", nameof(PduError.InvalidHexDigit))]
    [InlineData("07 911", nameof(PduError.InvalidHexDigit))]
    [InlineData("07911326", nameof(PduError.Truncated))] // SMSC length 7, three octets follow
    [InlineData("0C91132604000000000000F0", nameof(PduError.InvalidAddress))] // SMSC longer than 11 octets
    [InlineData("00", nameof(PduError.Truncated))] // no first octet
    [InlineData("0003", nameof(PduError.ReservedMessageType))] // TP-MTI 11
    [InlineData("0004159113460000000000000000000000", nameof(PduError.InvalidAddress))] // 21 digits
    [InlineData("00040B", nameof(PduError.Truncated))] // address length, no type
    [InlineData("00040B911346", nameof(PduError.Truncated))] // address cut
    [InlineData("00040BF11346610089F6", nameof(PduError.InvalidAddress))] // type of number 111, reserved
    [InlineData("00040B911F46610089F6", nameof(PduError.InvalidAddress))] // a fill semi-octet among the digits
    [InlineData("00040B911346610089F600", nameof(PduError.Truncated))] // no TP-DCS
    [InlineData("00040B911346610089F60000208062", nameof(PduError.Truncated))] // time stamp cut
    [InlineData("00040B911346610089F60000208D62917314080C", nameof(PduError.InvalidTimestamp))] // semi-octet D in the month
    [InlineData("00040B911346610089F60000203162917314080C", nameof(PduError.InvalidTimestamp))] // month 13
    [InlineData("00040B911346610089F6000020806291731497", nameof(PduError.InvalidTimestamp))] // zone 79 quarter hours, beyond 14 hours
    [InlineData("00040B911346610089F6000020806291731408", nameof(PduError.Truncated))] // no TP-UDL
    [InlineData("00040B911346610089F600002080629173140820C8F71D", nameof(PduError.UserDataTruncated))] // 32 septets, 3 octets
    [InlineData("00040B911346610089F600002080629173140FFA1", nameof(PduError.OddLength))]
    [InlineData("00040B911346610089F6000020806291731408A1", nameof(PduError.UserDataTooLong))] // 161 septets
    [InlineData("00040B911346610089F600042080629173140890", nameof(PduError.UserDataTooLong))] // 144 octets of 8-bit data
    [InlineData("00040B911346610089F60020208062917314080100", nameof(PduError.CompressedText))]
    [InlineData("00040B911346610089F6000820806291731408030041", nameof(PduError.UserDataTruncated))]
    [InlineData("00040B911346610089F600082080629173140803004142", nameof(PduError.OddUcs2Length))]
    [InlineData("00040B911346610089F60000208062917314080141FF", nameof(PduError.TrailingOctets))]
    [InlineData("00440B911346610089F6000420806291731408050A00030102", nameof(PduError.UserDataHeaderLongerThanUserData))]
    [InlineData("00440B911346610089F600042080629173140806050004010201", nameof(PduError.UserDataHeaderTruncated))]
    [InlineData("00440B911346610089F600042080629173140802010A", nameof(PduError.UserDataHeaderTruncated))] // IE length past UDHL
    [InlineData("00440B911346610089F6000420806291731408", nameof(PduError.Truncated))]
    [InlineData("00440B911346610089F600042080629173140800", nameof(PduError.UserDataHeaderLongerThanUserData))] // UDHI, UDL 0
    [InlineData("00440B911346610089F6000020806291731408030500030102", nameof(PduError.UserDataHeaderLongerThanUserData))] // 3 septets < 7 of header
    [InlineData("0011000B916407281553F800", nameof(PduError.Truncated))] // submit without TP-DCS
    [InlineData("0009000B916407281553F80000AA0A", nameof(PduError.Truncated))] // enhanced validity needs 7 octets
    [InlineData("0006000B910221815716F270902151012180709021510171", nameof(PduError.Truncated))] // status report without TP-ST
    public void Malformed_pdus_are_refused_with_a_typed_error(string hex, string expected)
    {
        Assert.False(PduDecoder.TryDecode(hex, out _, out var error));
        Assert.Equal(expected, error.ToString());
    }

    [Fact]
    public void An_absolute_validity_period_is_a_time_with_its_zone()
    {
        // TP-VPF 11: seven octets as TP-SCTS; 2024-12-31 23:59:00 +01:00.
        var hex = "0019000B916407281553F80000" + "42211332950040" + "0AE8329BFD4697D9EC37";

        Assert.True(PduDecoder.TryDecode(hex, out var pdu, out var error), error.ToString());

        Assert.Equal(PduValidityFormat.Absolute, pdu.Validity.Format);
        Assert.Equal(new DateTimeOffset(2024, 12, 31, 23, 59, 0, TimeSpan.FromHours(1)), pdu.Validity.Absolute);
    }

    [Theory]
    [InlineData("01AA0000000000", 4 * 24 * 60 * 60)] // functionality 001: one relative octet, AA is 4 days
    [InlineData("02780000000000", 120)] // 010: seconds, 0x78
    [InlineData("03103254000000", (1 * 3600) + (23 * 60) + 45)] // 011: hh mm ss in semi-octets, 01:23:45
    [InlineData("81000300000000", 20 * 60)] // extension bit: the relative octet moves one on; 03 is 20 minutes
    public void An_enhanced_validity_period_reads_its_functionality_indicator(string field, int seconds)
    {
        // TS 23.040 9.2.3.12.3; TP-VPF 01 is bits 4-3 = 01 (first octet 09).
        var hex = "0009000B916407281553F80000" + field + "0AE8329BFD4697D9EC37";

        Assert.True(PduDecoder.TryDecode(hex, out var pdu, out var error), error.ToString());

        Assert.Equal(PduValidityFormat.Enhanced, pdu.Validity.Format);
        Assert.Equal(TimeSpan.FromSeconds(seconds), pdu.Validity.Relative);
    }

    [Theory]
    [InlineData(0, 5)]
    [InlineData(143, 12 * 60)]
    [InlineData(144, 12 * 60 + 30)]
    [InlineData(167, 24 * 60)]
    [InlineData(168, 2 * 24 * 60)]
    [InlineData(196, 30 * 24 * 60)]
    [InlineData(197, 5 * 7 * 24 * 60)]
    [InlineData(255, 63 * 7 * 24 * 60)]
    public void A_relative_validity_octet_reads_as_ts_23040_tabulates_it(byte octet, int minutes)
    {
        Assert.Equal(TimeSpan.FromMinutes(minutes), PduValidity.FromRelativeOctet(octet));
        Assert.Equal(octet, PduValidity.ToRelativeOctet(TimeSpan.FromMinutes(minutes)));
    }
}
