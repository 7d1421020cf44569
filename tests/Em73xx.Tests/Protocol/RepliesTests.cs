using Drivers.Em73xx.Protocol;
using Drivers.Em73xx.Sim;

namespace Drivers.Em73xx.Tests.Protocol;

public sealed class RepliesTests
{
    [Theory]
    [InlineData("+CPIN: READY", SimState.Ready)]
    [InlineData("+CPIN: SIM PIN", SimState.PinRequired)]
    [InlineData("+CPIN: SIM PUK", SimState.PukRequired)]
    [InlineData("+CPIN: PH-NET PIN", SimState.OtherLock)]
    public void The_sim_state_is_read_from_cpin(string line, SimState state)
    {
        Assert.True(Replies.TryParseCpin(line, out var parsed));
        Assert.Equal(state, parsed);
    }

    [Fact]
    public void Retries_signal_operator_reference_and_new_message_index_are_read()
    {
        Assert.True(Replies.TryParseXpincnt("+XPINCNT: 2,3,10,10", out var retries));
        Assert.Equal(new PinRetries(2, 3, 10, 10), retries);
        Assert.True(Replies.TryParseCsq("+CSQ: 21,99", out var dbm));
        Assert.Equal(-71, dbm);
        Assert.True(Replies.TryParseCsq("+CSQ: 99,99", out dbm));
        Assert.Null(dbm);
        Assert.True(Replies.TryParseCops("+COPS: 0,0,\"T-Mobile CZ\",7", out var name));
        Assert.Equal("T-Mobile CZ", name);
        Assert.True(Replies.TryParseCops("+COPS: 0", out name));
        Assert.Null(name);
        Assert.True(Replies.TryParseCmgs("+CMGS: 17", out var reference));
        Assert.Equal(17, reference);
        Assert.True(Replies.TryParseCmti("+CMTI: \"SM\",3", out var index));
        Assert.Equal(3, index);
        Assert.False(Replies.TryParseXpincnt("+XPINCNT: 2,3", out _));
    }
}
