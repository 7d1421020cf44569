using System.Buffers;
using System.Runtime.CompilerServices;

namespace Drivers.Em73xx.Protocol.Pdu;

/// <summary>
/// Decodes the hex line of a PDU-mode listing (<c>AT+CMGF=0</c>): the SMSC address (TS 24.011 8.2.5.1) then an
/// SMS-DELIVER, SMS-SUBMIT or SMS-STATUS-REPORT TPDU (TS 23.040 9.2.2). Pure; never throws on bad input and never
/// reads past the octets it was given; allocates only the result.
/// </summary>
// Every stackalloc'd buffer is written before it is read (the encoder clears its own), so skip the zeroing.
[SkipLocalsInit]
internal static class PduDecoder
{
    /// <summary>
    /// The most octets a PDU can have: an SMSC field of 12 octets and the longest TPDU, a status report
    /// (1 + 1 + 12 + 7 + 7 + 1 + 1 + 1 + 1 + 1 + 140 octets), rounded up.
    /// </summary>
    public const int MaxOctets = 192;

    private const int MaxUserDataOctets = 140;
    private const int MaxSeptets = 160;
    private const int MaxAddressDigits = 20;

    /// <summary>Decodes a PDU, or says why it cannot.</summary>
    public static bool TryDecode(ReadOnlySpan<char> hex, out SmsPdu pdu, out PduError error) => TryDecode(hex, -1, out pdu, out error);

    /// <summary>
    /// Decodes a PDU and checks it against the TPDU length the modem announced before it
    /// (<c>+CMGL: &lt;index&gt;,&lt;stat&gt;,[&lt;alpha&gt;],&lt;length&gt;</c>, TS 27.005 3.1); -1 skips the check.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<char> hex, int announcedTpduLength, out SmsPdu pdu, out PduError error)
    {
        pdu = null!;
        Span<byte> buffer = stackalloc byte[MaxOctets];
        if (!TryReadHex(hex, buffer, out var octets, out error))
        {
            return false;
        }
        if (announcedTpduLength >= 0 && (octets.Length - 1 - octets[0]) != announcedTpduLength)
        {
            error = octets[0] >= octets.Length ? PduError.Truncated : PduError.LengthMismatch;
            return false;
        }
        var reader = new Reader(octets);
        error = Decode(ref reader, out pdu);
        return error == PduError.None;
    }

    /// <summary>
    /// The TPDU length of a PDU: its octets less the SMSC field (TS 27.005 3.1), or false when the hex is not
    /// whole octets or the SMSC field runs past the end.
    /// </summary>
    public static bool TryGetTpduLength(ReadOnlySpan<char> hex, out int tpduLength)
    {
        tpduLength = 0;
        Span<byte> buffer = stackalloc byte[MaxOctets];
        if (!TryReadHex(hex, buffer, out var octets, out _) || 1 + octets[0] > octets.Length)
        {
            return false;
        }
        tpduLength = octets.Length - 1 - octets[0];
        return true;
    }

    /// <summary>True when the hex holds exactly the TPDU length the modem announced, plus its SMSC field.</summary>
    public static bool MatchesAnnouncedLength(ReadOnlySpan<char> hex, int announcedTpduLength) =>
        TryGetTpduLength(hex, out var length) && length == announcedTpduLength;

    private static bool TryReadHex(ReadOnlySpan<char> hex, Span<byte> buffer, out ReadOnlySpan<byte> octets, out PduError error)
    {
        octets = default;
        hex = hex.Trim();
        error = hex.Length == 0 ? PduError.Empty
            : (hex.Length & 1) != 0 ? PduError.OddLength
            : hex.Length / 2 > buffer.Length ? PduError.TooLong
            : PduError.None;
        if (error != PduError.None)
        {
            return false;
        }
        if (Convert.FromHexString(hex, buffer, out _, out var written) != OperationStatus.Done)
        {
            error = PduError.InvalidHexDigit;
            return false;
        }
        octets = buffer[..written];
        return true;
    }

    private static PduError Decode(ref Reader reader, out SmsPdu pdu)
    {
        pdu = null!;
        PduAddress? serviceCenter = null;
        var smscLength = reader.Next();
        if (smscLength > 0)
        {
            // TS 24.011 8.2.5.1: the length counts octets (type of address and digits), up to 10 octets of digits.
            if (smscLength > 11)
            {
                return PduError.InvalidAddress;
            }
            if (!reader.TryTake(smscLength, out var field))
            {
                return PduError.Truncated;
            }
            var digits = (smscLength - 1) * 2;
            if (digits > 0 && (field[^1] >> 4) == 0xF)
            {
                digits--;
            }
            var smscError = DecodeAddress(field[0], field[1..], digits, out var smsc);
            if (smscError != PduError.None)
            {
                return smscError;
            }
            serviceCenter = smsc;
        }
        if (!reader.TryNext(out var first))
        {
            return PduError.Truncated;
        }
        return (first & 0x03) switch
        {
            0 => DecodeDeliver(ref reader, serviceCenter, first, out pdu),
            1 => DecodeSubmit(ref reader, serviceCenter, first, out pdu),
            2 => DecodeStatusReport(ref reader, serviceCenter, first, out pdu),
            _ => PduError.ReservedMessageType,
        };
    }

    // TS 23.040 9.2.2.1: TP-OA, TP-PID, TP-DCS, TP-SCTS, TP-UDL, TP-UD.
    private static PduError DecodeDeliver(ref Reader reader, PduAddress? serviceCenter, byte first, out SmsPdu pdu)
    {
        pdu = null!;
        var error = ReadAddress(ref reader, out var address);
        if (error != PduError.None)
        {
            return error;
        }
        if (!reader.TryNext(out var pid) || !reader.TryNext(out var dcs))
        {
            return PduError.Truncated;
        }
        if ((error = ReadTimestamp(ref reader, out var scts)) != PduError.None
            || (error = ReadUserData(ref reader, first, dcs, out var userData)) != PduError.None)
        {
            return error;
        }
        if (!reader.AtEnd)
        {
            return PduError.TrailingOctets;
        }
        pdu = new SmsPdu
        {
            ServiceCenter = serviceCenter,
            Type = PduType.Deliver,
            FirstOctet = first,
            Address = address,
            ProtocolId = pid,
            DataCodingScheme = dcs,
            Alphabet = userData.Alphabet,
            ServiceCenterTimestamp = scts,
            Concatenation = userData.Concatenation,
            Text = userData.Text,
            Data = userData.Data,
        };
        return PduError.None;
    }

    // TS 23.040 9.2.2.2: TP-MR, TP-DA, TP-PID, TP-DCS, TP-VP (0, 1 or 7 octets), TP-UDL, TP-UD.
    private static PduError DecodeSubmit(ref Reader reader, PduAddress? serviceCenter, byte first, out SmsPdu pdu)
    {
        pdu = null!;
        if (!reader.TryNext(out var reference))
        {
            return PduError.Truncated;
        }
        var error = ReadAddress(ref reader, out var address);
        if (error != PduError.None)
        {
            return error;
        }
        if (!reader.TryNext(out var pid) || !reader.TryNext(out var dcs))
        {
            return PduError.Truncated;
        }
        if ((error = ReadValidity(ref reader, first, out var validity)) != PduError.None
            || (error = ReadUserData(ref reader, first, dcs, out var userData)) != PduError.None)
        {
            return error;
        }
        if (!reader.AtEnd)
        {
            return PduError.TrailingOctets;
        }
        pdu = new SmsPdu
        {
            ServiceCenter = serviceCenter,
            Type = PduType.Submit,
            FirstOctet = first,
            MessageReference = reference,
            Address = address,
            ProtocolId = pid,
            DataCodingScheme = dcs,
            Alphabet = userData.Alphabet,
            Validity = validity,
            Concatenation = userData.Concatenation,
            Text = userData.Text,
            Data = userData.Data,
        };
        return PduError.None;
    }

    // TS 23.040 9.2.2.3: TP-MR, TP-RA, TP-SCTS, TP-DT, TP-ST, then optionally TP-PI and what it announces.
    private static PduError DecodeStatusReport(ref Reader reader, PduAddress? serviceCenter, byte first, out SmsPdu pdu)
    {
        pdu = null!;
        if (!reader.TryNext(out var reference))
        {
            return PduError.Truncated;
        }
        var error = ReadAddress(ref reader, out var address);
        if (error != PduError.None
            || (error = ReadTimestamp(ref reader, out var scts)) != PduError.None
            || (error = ReadTimestamp(ref reader, out var discharge)) != PduError.None)
        {
            return error;
        }
        if (!reader.TryNext(out var status))
        {
            return PduError.Truncated;
        }
        byte pid = 0, dcs = 0;
        var userData = UserData.Empty;
        if (reader.TryNext(out var indicator))
        {
            // TS 23.040 9.2.3.27: bit 7 announces another TP-PI octet, whose bits are reserved.
            var more = indicator;
            while ((more & 0x80) != 0)
            {
                if (!reader.TryNext(out more))
                {
                    return PduError.Truncated;
                }
            }
            if ((indicator & 0x01) != 0 && !reader.TryNext(out pid))
            {
                return PduError.Truncated;
            }
            if ((indicator & 0x02) != 0 && !reader.TryNext(out dcs))
            {
                return PduError.Truncated;
            }
            if ((indicator & 0x04) != 0 && (error = ReadUserData(ref reader, first, dcs, out userData)) != PduError.None)
            {
                return error;
            }
            if (!reader.AtEnd)
            {
                return PduError.TrailingOctets;
            }
        }
        pdu = new SmsPdu
        {
            ServiceCenter = serviceCenter,
            Type = PduType.StatusReport,
            FirstOctet = first,
            MessageReference = reference,
            Address = address,
            ProtocolId = pid,
            DataCodingScheme = dcs,
            Alphabet = userData.Alphabet,
            ServiceCenterTimestamp = scts,
            DischargeTime = discharge,
            Status = status,
            Concatenation = userData.Concatenation,
            Text = userData.Text,
            Data = userData.Data,
        };
        return PduError.None;
    }

    // TS 23.040 9.1.2.5: the length counts useful semi-octets (digits), then the type of address, then the digits.
    private static PduError ReadAddress(ref Reader reader, out PduAddress address)
    {
        address = default;
        if (!reader.TryNext(out var digits) || !reader.TryNext(out var type))
        {
            return PduError.Truncated;
        }
        if (digits > MaxAddressDigits)
        {
            return PduError.InvalidAddress;
        }
        if (!reader.TryTake((digits + 1) / 2, out var value))
        {
            return PduError.Truncated;
        }
        return DecodeAddress(type, value, digits, out address);
    }

    private static PduError DecodeAddress(byte type, ReadOnlySpan<byte> value, int semiOctets, out PduAddress address)
    {
        address = default;
        var typeOfNumber = (type >> 4) & 0x07;
        if (typeOfNumber == 0x07)
        {
            return PduError.InvalidAddress; // TS 23.040 9.1.2.5: 111 is reserved for extension.
        }
        Span<char> chars = stackalloc char[MaxAddressDigits + 1];
        var n = 0;
        if (typeOfNumber == 0x05)
        {
            // Alphanumeric: GSM 7-bit packed; the length counts the semi-octets the septets fill.
            var septets = semiOctets * 4 / 7;
            n = Gsm7.Decode(value, 0, septets, chars);
            // A sender that counted whole octets leaves 7 fill bits, which read as a trailing '@' (septet 0)
            // exactly when the septets fill the last octet; drop it.
            if (septets > 0 && septets % 8 == 0 && Gsm7.GetSeptet(value, septets - 1) == 0)
            {
                n--;
            }
        }
        else
        {
            if (typeOfNumber == 0x01)
            {
                chars[n++] = '+';
            }
            for (var i = 0; i < semiOctets; i++)
            {
                var nibble = (i & 1) == 0 ? value[i >> 1] & 0x0F : value[i >> 1] >> 4;
                if (nibble == 0x0F)
                {
                    return PduError.InvalidAddress; // the fill belongs after the last digit, never among them.
                }
                // TS 23.040 9.1.2.3: 1010 '*', 1011 '#', 1100-1110 'a'-'c'.
                chars[n++] = nibble < 10 ? (char)('0' + nibble) : "*#abc"[nibble - 10];
            }
        }
        address = new PduAddress(new string(chars[..n]), type);
        return PduError.None;
    }

    // TS 23.040 9.2.3.11: year, month, day, hour, minute, second and zone, each two swapped semi-octets; the zone
    // counts quarter hours and bit 3 of its octet is the sign.
    private static PduError ReadTimestamp(ref Reader reader, out DateTimeOffset? timestamp)
    {
        timestamp = null;
        if (!reader.TryTake(7, out var field))
        {
            return PduError.Truncated;
        }
        if (!TryParseTimestamp(field, out var value))
        {
            return PduError.InvalidTimestamp;
        }
        timestamp = value;
        return PduError.None;
    }

    private static bool TryParseTimestamp(ReadOnlySpan<byte> field, out DateTimeOffset timestamp)
    {
        timestamp = default;
        if (!TrySwapped(field[0], out var yy) || !TrySwapped(field[1], out var month) || !TrySwapped(field[2], out var day)
            || !TrySwapped(field[3], out var hour) || !TrySwapped(field[4], out var minute) || !TrySwapped(field[5], out var second)
            || !TrySwapped((byte)(field[6] & 0xF7), out var quarters))
        {
            return false;
        }
        // Two year digits; read them as 19xx from 90 on, as ScTimestamp does for text mode.
        var year = yy >= 90 ? 1900 + yy : 2000 + yy;
        // DateTimeOffset allows a zone of at most 14 hours, 56 quarter hours.
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59 || quarters > 56)
        {
            return false;
        }
        var offset = TimeSpan.FromMinutes(((field[6] & 0x08) != 0 ? -quarters : quarters) * 15);
        timestamp = new DateTimeOffset(year, month, day, hour, minute, second, offset);
        return true;
    }

    private static bool TrySwapped(byte octet, out int value)
    {
        int tens = octet & 0x0F, units = octet >> 4;
        value = (tens * 10) + units;
        return tens < 10 && units < 10;
    }

    // TS 23.040 9.2.3.3 (TP-VPF, bits 4 and 3) and 9.2.3.12.
    private static PduError ReadValidity(ref Reader reader, byte first, out PduValidity validity)
    {
        validity = default;
        switch ((first >> 3) & 0x03)
        {
            case 0:
                return PduError.None;
            case 2:
                if (!reader.TryNext(out var vp))
                {
                    return PduError.Truncated;
                }
                validity = new PduValidity(PduValidityFormat.Relative, PduValidity.FromRelativeOctet(vp), null);
                return PduError.None;
            case 3:
                var error = ReadTimestamp(ref reader, out var absolute);
                validity = new PduValidity(PduValidityFormat.Absolute, null, absolute);
                return error;
            default:
                if (!reader.TryTake(7, out var enhanced))
                {
                    return PduError.Truncated;
                }
                validity = new PduValidity(PduValidityFormat.Enhanced, EnhancedPeriod(enhanced), null);
                return PduError.None;
        }
    }

    // TS 23.040 9.2.3.12.3: bits 2-0 of the functionality indicator say how the next octets give the period;
    // bit 7 announces an extension octet, which moves the period one octet on.
    private static TimeSpan? EnhancedPeriod(ReadOnlySpan<byte> field)
    {
        var at = (field[0] & 0x80) != 0 ? 2 : 1;
        switch (field[0] & 0x07)
        {
            case 1:
                return PduValidity.FromRelativeOctet(field[at]);
            case 2:
                return TimeSpan.FromSeconds(field[at]);
            case 3:
                if (at + 2 < field.Length && TrySwapped(field[at], out var h) && TrySwapped(field[at + 1], out var m) && TrySwapped(field[at + 2], out var s))
                {
                    return new TimeSpan(h, m, s);
                }
                return null;
            default:
                return null;
        }
    }

    private readonly record struct UserData(PduAlphabet Alphabet, PduConcatenation? Concatenation, string Text, ReadOnlyMemory<byte> Data)
    {
        public static UserData Empty { get; } = new(PduAlphabet.Gsm7, null, "", ReadOnlyMemory<byte>.Empty);
    }

    // TS 23.040 9.2.3.16 (TP-UDL), 9.2.3.24 (TP-UD and its header).
    private static PduError ReadUserData(ref Reader reader, byte first, byte dcs, out UserData userData)
    {
        userData = UserData.Empty;
        var alphabetError = Alphabet(dcs, out var alphabet);
        if (alphabetError != PduError.None)
        {
            return alphabetError;
        }
        if (!reader.TryNext(out var length))
        {
            return PduError.Truncated;
        }
        if (alphabet == PduAlphabet.Gsm7 ? length > MaxSeptets : length > MaxUserDataOctets)
        {
            return PduError.UserDataTooLong;
        }
        var octetCount = alphabet == PduAlphabet.Gsm7 ? Gsm7.PackedLength(length) : length;
        if (!reader.TryTake(octetCount, out var ud))
        {
            return PduError.UserDataTruncated;
        }
        var headerOctets = 0;
        PduConcatenation? concatenation = null;
        if ((first & 0x40) != 0)
        {
            if (ud.Length == 0 || 1 + ud[0] > ud.Length)
            {
                return PduError.UserDataHeaderLongerThanUserData;
            }
            headerOctets = 1 + ud[0];
            var headerError = ReadHeader(ud[1..headerOctets], out concatenation);
            if (headerError != PduError.None)
            {
                return headerError;
            }
        }
        switch (alphabet)
        {
            case PduAlphabet.Gsm7:
                {
                    // TS 23.040 9.2.3.24: the text starts on the septet boundary after the header (fill bits between).
                    var headerSeptets = ((headerOctets * 8) + 6) / 7;
                    if (headerSeptets > length)
                    {
                        return PduError.UserDataHeaderLongerThanUserData;
                    }
                    Span<char> chars = stackalloc char[MaxSeptets];
                    var n = Gsm7.Decode(ud, headerSeptets, length - headerSeptets, chars);
                    userData = new UserData(alphabet, concatenation, new string(chars[..n]), ReadOnlyMemory<byte>.Empty);
                    return PduError.None;
                }
            case PduAlphabet.Ucs2:
                {
                    var text = ud[headerOctets..];
                    if ((text.Length & 1) != 0)
                    {
                        return PduError.OddUcs2Length;
                    }
                    Span<char> chars = stackalloc char[MaxUserDataOctets / 2];
                    for (var i = 0; i < text.Length / 2; i++)
                    {
                        chars[i] = (char)((text[2 * i] << 8) | text[(2 * i) + 1]);
                    }
                    userData = new UserData(alphabet, concatenation, new string(chars[..(text.Length / 2)]), ReadOnlyMemory<byte>.Empty);
                    return PduError.None;
                }
            default:
                userData = new UserData(alphabet, concatenation, "", ud[headerOctets..].ToArray());
                return PduError.None;
        }
    }

    // TS 23.040 9.2.3.24: information elements, each an identifier, a length and that many octets. Concatenation
    // with 8-bit (0x00) or 16-bit (0x08) reference is read; others are skipped. An element with a zero total, or a
    // sequence number of zero or above the total, is ignored as 9.2.3.24.1 asks.
    private static PduError ReadHeader(ReadOnlySpan<byte> header, out PduConcatenation? concatenation)
    {
        concatenation = null;
        var i = 0;
        while (i < header.Length)
        {
            if (i + 2 > header.Length || i + 2 + header[i + 1] > header.Length)
            {
                return PduError.UserDataHeaderTruncated;
            }
            var id = header[i];
            var element = header.Slice(i + 2, header[i + 1]);
            if (id == 0x00 && element.Length == 3)
            {
                concatenation = Concatenation(element[0], element[1], element[2], false) ?? concatenation;
            }
            else if (id == 0x08 && element.Length == 4)
            {
                concatenation = Concatenation((element[0] << 8) | element[1], element[2], element[3], true) ?? concatenation;
            }
            i += 2 + element.Length;
        }
        return PduError.None;
    }

    private static PduConcatenation? Concatenation(int reference, int total, int sequence, bool sixteenBit) =>
        total == 0 || sequence == 0 || sequence > total ? null : new PduConcatenation(reference, total, sequence, sixteenBit);

    // TS 23.038 4: the coding groups. Reserved codings read as the GSM 7-bit default alphabet, as chapter 4 asks
    // of a receiving entity; compressed text (TS 23.042) is refused.
    private static PduError Alphabet(byte dcs, out PduAlphabet alphabet)
    {
        alphabet = PduAlphabet.Gsm7;
        switch (dcs >> 4)
        {
            case <= 0x07: // 00xx general data coding, 01xx the same marked for automatic deletion
                if ((dcs & 0x20) != 0)
                {
                    return PduError.CompressedText;
                }
                alphabet = ((dcs >> 2) & 0x03) switch
                {
                    1 => PduAlphabet.EightBit,
                    2 => PduAlphabet.Ucs2,
                    _ => PduAlphabet.Gsm7,
                };
                return PduError.None;
            case 0x0E: // message waiting indication, store message, UCS-2
                alphabet = PduAlphabet.Ucs2;
                return PduError.None;
            case 0x0F: // data coding / message class: bit 2 is 8-bit data
                alphabet = (dcs & 0x04) != 0 ? PduAlphabet.EightBit : PduAlphabet.Gsm7;
                return PduError.None;
            default: // 1000-1011 reserved, 1100-1101 message waiting indication in GSM 7-bit
                return PduError.None;
        }
    }

    /// <summary>A cursor over the octets that only ever hands out what is there.</summary>
    private ref struct Reader(ReadOnlySpan<byte> octets)
    {
        private readonly ReadOnlySpan<byte> _octets = octets;
        private int _position;

        public readonly bool AtEnd => _position >= _octets.Length;

        public byte Next() => _octets[_position++];

        public bool TryNext(out byte value)
        {
            if (_position >= _octets.Length)
            {
                value = 0;
                return false;
            }
            value = _octets[_position++];
            return true;
        }

        public bool TryTake(int count, out ReadOnlySpan<byte> slice)
        {
            if (count > _octets.Length - _position)
            {
                slice = default;
                return false;
            }
            slice = _octets.Slice(_position, count);
            _position += count;
            return true;
        }
    }
}
