namespace Drivers.Em73xx.Sms;

/// <summary>
/// The service center's report on a message sent with a report requested (an SMS-STATUS-REPORT, TS 23.040 9.2.2.3).
/// Match it to what was sent by <see cref="MessageReference"/>: one of the references
/// <see cref="Modem.SendMessageAsync(string, string, bool, CancellationToken)"/> returned, one per part.
/// </summary>
public sealed record DeliveryReport
{
    /// <summary>The reference of the part this report is about (TP-MR, as <c>+CMGS: &lt;mr&gt;</c> returned it).</summary>
    public required int MessageReference { get; init; }

    /// <summary>The recipient of the message (TP-RA), e.g. <c>+420775123456</c>.</summary>
    public required string Recipient { get; init; }

    /// <summary>What the service center says (TP-ST), kept as its number when the enum does not name it.</summary>
    public required DeliveryStatus Status { get; init; }

    /// <summary>When the service center received the message (TP-SCTS), with the zone it gave.</summary>
    public DateTimeOffset? SubmittedAt { get; init; }

    /// <summary>When <see cref="Status"/> was reached (TP-DT, the discharge time): for a delivered message, when it was delivered.</summary>
    public DateTimeOffset? DischargedAt { get; init; }

    /// <summary>Delivered, still trying, or failed: what <see cref="Status"/> means (TS 23.040 9.2.3.15).</summary>
    public DeliveryOutcome Outcome => (int)Status switch
    {
        < 0x20 => DeliveryOutcome.Delivered,
        < 0x40 => DeliveryOutcome.StillTrying,
        _ => DeliveryOutcome.Failed,
    };
}
