namespace Drivers.Em73xx.Protocol.Pdu;

/// <summary>The validity period of an SMS-SUBMIT (TP-VP, TS 23.040 9.2.3.12).</summary>
/// <param name="Format">Which of the formats the PDU used.</param>
/// <param name="Relative">The period after submission (relative, or enhanced with a relative period); otherwise null.</param>
/// <param name="Absolute">The moment the message expires (absolute format); otherwise null.</param>
internal readonly record struct PduValidity(PduValidityFormat Format, TimeSpan? Relative, DateTimeOffset? Absolute)
{
    /// <summary>The relative period one TP-VP octet stands for (TS 23.040 9.2.3.12.1).</summary>
    public static TimeSpan FromRelativeOctet(byte vp) => vp switch
    {
        <= 143 => TimeSpan.FromMinutes((vp + 1) * 5),
        <= 167 => TimeSpan.FromHours(12) + TimeSpan.FromMinutes((vp - 143) * 30),
        <= 196 => TimeSpan.FromDays(vp - 166),
        _ => TimeSpan.FromDays((vp - 192) * 7),
    };

    /// <summary>The smallest TP-VP octet whose period is at least <paramref name="period"/> (5 minutes to 63 weeks).</summary>
    public static byte ToRelativeOctet(TimeSpan period)
    {
        if (period <= TimeSpan.Zero || period > TimeSpan.FromDays(63 * 7))
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, "A relative validity period is more than zero and at most 63 weeks (TS 23.040 9.2.3.12.1).");
        }
        if (period <= TimeSpan.FromHours(12))
        {
            return (byte)Math.Max(0, CeilingDivide(period.Ticks, TimeSpan.FromMinutes(5).Ticks) - 1);
        }
        if (period <= TimeSpan.FromHours(24))
        {
            return (byte)(143 + CeilingDivide((period - TimeSpan.FromHours(12)).Ticks, TimeSpan.FromMinutes(30).Ticks));
        }
        if (period <= TimeSpan.FromDays(30))
        {
            return (byte)Math.Max(168, 166 + CeilingDivide(period.Ticks, TimeSpan.TicksPerDay));
        }
        return (byte)Math.Max(197, 192 + CeilingDivide(period.Ticks, TimeSpan.TicksPerDay * 7));
    }

    private static long CeilingDivide(long value, long divisor) => (value + divisor - 1) / divisor;
}
