namespace Drivers.Em73xx.Protocol.Pdu;

/// <summary>An address field (TS 23.040 9.1.2.5): the number or name and its type of address octet.</summary>
/// <param name="Value">
/// <c>+420775123456</c> for an international number, the digits alone for any other number (semi-octets
/// <c>*</c>, <c>#</c>, <c>a</c>, <c>b</c>, <c>c</c> included), or the text of an alphanumeric sender.
/// </param>
/// <param name="TypeOfAddress">The type of address octet: 1, type of number (3 bits), numbering plan (4 bits).</param>
internal readonly record struct PduAddress(string Value, byte TypeOfAddress)
{
    /// <summary>Type of number 001: international, shown with a leading <c>+</c>.</summary>
    public bool IsInternational => (TypeOfAddress & 0x70) == 0x10;

    /// <summary>Type of number 101: alphanumeric, GSM 7-bit packed (TS 23.038).</summary>
    public bool IsAlphanumeric => (TypeOfAddress & 0x70) == 0x50;

    /// <inheritdoc/>
    public override string ToString() => Value;
}
