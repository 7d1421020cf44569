namespace Drivers.Em73xx.Protocol.Pdu;

/// <summary>A message put together from its parts by <see cref="PduReassembler"/>, complete or not.</summary>
internal sealed record ReassembledMessage
{
    /// <summary>The sender (or destination, for stored SMS-SUBMITs) all parts share.</summary>
    public required PduAddress Address { get; init; }

    /// <summary>The concatenation reference, or null for a message in one part.</summary>
    public int? Reference { get; init; }

    /// <summary>How many parts the message announced (1 for a message in one part).</summary>
    public required int Total { get; init; }

    /// <summary>The parts present, in sequence order, each once.</summary>
    public required IReadOnlyList<SmsPdu> Parts { get; init; }

    /// <summary>The sequence numbers (1-based) of the parts not seen; empty when the message is complete.</summary>
    public required IReadOnlyList<int> MissingSequenceNumbers { get; init; }

    /// <summary>The text of the parts present, in sequence order (gaps left out).</summary>
    public required string Text { get; init; }

    /// <summary>The 8-bit data of the parts present, in sequence order; empty for text.</summary>
    public ReadOnlyMemory<byte> Data { get; init; }

    /// <summary>True when every part is present.</summary>
    public bool IsComplete => MissingSequenceNumbers.Count == 0;
}
