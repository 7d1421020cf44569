namespace Drivers.Em73xx.Protocol.Pdu;

/// <summary>
/// Where one part sits in a concatenated message, from the user data header's information element
/// 0x00 (8-bit reference) or 0x08 (16-bit reference), TS 23.040 9.2.3.24.1 and 9.2.3.24.8.
/// </summary>
/// <param name="Reference">The reference number the sender gave every part of the message.</param>
/// <param name="Total">How many parts the message has (1 to 255).</param>
/// <param name="Sequence">This part's number, from 1 to <paramref name="Total"/>.</param>
/// <param name="SixteenBitReference">True for information element 0x08.</param>
internal readonly record struct PduConcatenation(int Reference, int Total, int Sequence, bool SixteenBitReference);
