using Drivers.Em73xx.Protocol.Pdu;

namespace Drivers.Em73xx.Tests.Protocol.Pdu;

public sealed class PduReassemblerTests
{
    private static readonly string Ucs2Text = string.Concat(Enumerable.Repeat("Příliš žluťoučký kůň 🐎 ", 8));

    [Fact]
    public void A_three_part_ucs2_message_reassembles_in_any_order()
    {
        var parts = Parts("+420775123456", Ucs2Text, 42);
        Assert.Equal(3, parts.Count);

        foreach (var order in Permutations([0, 1, 2]))
        {
            var message = Assert.Single(PduReassembler.Reassemble(order.Select(i => parts[i])));

            Assert.True(message.IsComplete);
            Assert.Equal(Ucs2Text, message.Text);
            Assert.Equal(42, message.Reference);
            Assert.Equal(3, message.Total);
            Assert.Equal([1, 2, 3], message.Parts.Select(p => p.Concatenation!.Value.Sequence));
        }
    }

    [Fact]
    public void A_repeated_part_counts_once()
    {
        var parts = Parts("+420775123456", Ucs2Text, 42);

        var message = Assert.Single(PduReassembler.Reassemble([parts[1], parts[0], parts[1], parts[2], parts[0]]));

        Assert.Equal(Ucs2Text, message.Text);
        Assert.Equal(3, message.Parts.Count);
    }

    [Fact]
    public void Two_senders_with_the_same_reference_stay_apart()
    {
        var mine = Parts("+420775123456", new string('a', 200), 5);
        var theirs = Parts("+420775999999", new string('b', 200), 5);

        var messages = PduReassembler.Reassemble([mine[0], theirs[1], theirs[0], mine[1]]);

        Assert.Equal(2, messages.Count);
        Assert.Equal(("+420775123456", new string('a', 200)), (messages[0].Address.Value, messages[0].Text));
        Assert.Equal(("+420775999999", new string('b', 200)), (messages[1].Address.Value, messages[1].Text));
    }

    [Fact]
    public void A_missing_part_leaves_the_message_incomplete_with_the_gap_named()
    {
        var parts = Parts("+420775123456", Ucs2Text, 42);

        var message = Assert.Single(PduReassembler.Reassemble([parts[2], parts[0]]));

        Assert.False(message.IsComplete);
        Assert.Equal([2], message.MissingSequenceNumbers);
        Assert.Equal(parts[0].Text + parts[2].Text, message.Text);
    }

    [Fact]
    public void Messages_in_one_part_pass_through_in_order()
    {
        var single = Parts("+420775123456", "hello", 1)[0];
        var split = Parts("+420775123456", new string('z', 170), 2);

        var messages = PduReassembler.Reassemble([single, split[1], single, split[0]]);

        Assert.Equal(["hello", new string('z', 170), "hello"], messages.Select(m => m.Text));
        Assert.All(messages, m => Assert.True(m.IsComplete));
        Assert.Null(messages[0].Reference);
    }

    [Fact]
    public void Parts_with_a_sixteen_bit_reference_reassemble()
    {
        // TS 23.040 9.2.3.24.8: UDH 06 08 04 1234 02 0n, then UCS-2 "AB" and "CD".
        static SmsPdu Part(string sequence, string text) =>
            PduDecoder.TryDecode("00" + "44" + "0B911346610089F6" + "0008" + "20806291731480" + "0B" + "060804123402" + sequence + text, out var pdu, out _)
                ? pdu : throw new InvalidOperationException();

        var message = Assert.Single(PduReassembler.Reassemble([Part("02", "00430044"), Part("01", "00410042")]));

        Assert.Equal("ABCD", message.Text);
        Assert.Equal(0x1234, message.Reference);
    }

    private static List<SmsPdu> Parts(string sender, string text, byte reference) =>
        PduEncoder.Encode(sender, text, reference)
            .Select(p => PduDecoder.TryDecode(p.Hex, out var pdu, out var error) ? pdu : throw new InvalidOperationException(error.ToString()))
            .ToList();

    private static IEnumerable<int[]> Permutations(int[] items) =>
        items.Length <= 1 ? [items] : items.SelectMany(item => Permutations(items.Where(i => i != item).ToArray()).Select(rest => (int[])[item, .. rest]));
}
