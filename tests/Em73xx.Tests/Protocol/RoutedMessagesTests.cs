using Drivers.Em73xx.Protocol.Pdu;
using Drivers.Em73xx.Simulation;
using Drivers.Em73xx.Sms;
using FsCheck;
using FsCheck.Xunit;
using Microsoft.Extensions.Time.Testing;

namespace Drivers.Em73xx.Tests.Protocol;

// Parts routed to the host (+CMT, TS 27.005 3.4.1) put back together in any order (TS 23.040 9.2.3.24.1), none dropped.
public sealed class RoutedMessagesTests
{
    private static readonly DateTimeOffset Sent = new(2026, 11, 30, 17, 0, 0, TimeSpan.FromHours(1));

    [Property(MaxTest = 200)]
    public bool Parts_in_any_order_make_the_message_once_when_the_last_one_comes(NonEmptyString text, int seed, bool repeatOne)
    {
        var body = text.Get.Replace("\r", "", StringComparison.Ordinal).Replace('\n', ' ');
        var parts = Decode(SimulatedPdus.Deliver("+420775123456", body, Sent, 7));
        var order = parts.OrderBy(_ => new Random(seed).Next()).ToList();
        if (repeatOne && order.Count > 1)
        {
            order.Insert(order.Count - 1, order[0]); // a part the network sent twice counts once
        }
        var routed = new RoutedMessages(new FakeTimeProvider(Sent));

        var yielded = order.Select(routed.Add).Where(m => m is not null).ToList();

        // Line ends (a form feed too) read as \n, as in listings.
        return yielded.Count == 1 && yielded[0]!.Text == body.ReplaceLineEndings("\n") && yielded[0]!.IsComplete && yielded[0]!.Index == -1
            && routed.NextDue() is null;
    }

    [Fact]
    public void A_message_missing_a_part_waits_a_minute_after_its_last_part_then_is_given_as_it_is()
    {
        var time = new FakeTimeProvider(Sent);
        var routed = new RoutedMessages(time);
        var parts = Decode(SimulatedPdus.Deliver("+420775123456", new string('a', 153) + new string('b', 153) + "c", Sent, 7));

        Assert.Null(routed.Add(parts[0]));
        time.Advance(TimeSpan.FromSeconds(40));
        Assert.Null(routed.Add(parts[2]));
        time.Advance(TimeSpan.FromSeconds(40));

        Assert.Empty(routed.TakeOverdue()); // 40 s since its last part
        Assert.Equal(TimeSpan.FromSeconds(20), routed.NextDue());
        time.Advance(TimeSpan.FromSeconds(20));
        var given = Assert.Single(routed.TakeOverdue());
        Assert.Equal(new string('a', 153) + "c", given.Text);
        Assert.Equal([2], given.MissingParts);
        Assert.Null(routed.NextDue());
    }

    [Fact]
    public void Two_messages_with_the_same_reference_from_two_senders_stay_apart()
    {
        var routed = new RoutedMessages(new FakeTimeProvider(Sent));
        var first = Decode(SimulatedPdus.Deliver("+420775123456", new string('a', 200), Sent, 7));
        var second = Decode(SimulatedPdus.Deliver("+420775123457", new string('b', 200), Sent, 7));

        Assert.Null(routed.Add(first[0]));
        Assert.Null(routed.Add(second[1]));
        Assert.Equal(new string('b', 200), routed.Add(second[0])!.Text);
        Assert.Equal(new string('a', 200), routed.Add(first[1])!.Text);
    }

    private static List<SmsPdu> Decode(IEnumerable<string> hex) =>
        [.. hex.Select(h => PduDecoder.TryDecode(h, out var pdu, out _) ? pdu : throw new InvalidOperationException(h))];
}
