namespace Drivers.Em73xx;

/// <summary>
/// A long message failed part-way: the first parts went out (their references in <see cref="SentReferences"/>), the
/// next one was refused. The recipient has an incomplete message; sending the whole text again repeats those parts.
/// </summary>
public sealed class MessagePartlySentException : ModemException
{
    /// <summary>Creates the exception for a message of <paramref name="partCount"/> parts of which the ones in <paramref name="sentReferences"/> went out.</summary>
    public MessagePartlySentException(IReadOnlyList<int> sentReferences, int partCount, ModemException innerException)
        : base(Describe(sentReferences, partCount, innerException), innerException)
    {
        ArgumentNullException.ThrowIfNull(sentReferences);
        SentReferences = sentReferences;
        PartCount = partCount;
    }

    /// <summary>The message reference (<c>+CMGS: &lt;mr&gt;</c>) of each part sent, in order.</summary>
    public IReadOnlyList<int> SentReferences { get; }

    /// <summary>How many parts the message has.</summary>
    public int PartCount { get; }

    private static string Describe(IReadOnlyList<int> sent, int total, Exception? inner) =>
        $"Only {sent?.Count ?? 0} of {total} parts of the message were sent; part {(sent?.Count ?? 0) + 1} failed: {inner?.Message}";
}
