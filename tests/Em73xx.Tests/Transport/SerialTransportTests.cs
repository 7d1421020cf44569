using System.Runtime.Versioning;
using Drivers.Em73xx.Simulation;
using Drivers.Em73xx.Transport;

namespace Drivers.Em73xx.Tests.Transport;

// A wrong path is said to be wrong; the ModemManager hint is kept for a port that is really busy (EBUSY).
[SupportedOSPlatform("linux")]
public sealed class SerialTransportTests
{
    [Theory]
    [InlineData("/dev/nonexistent-modem", "/dev/nonexistent-modem does not exist")]
    [InlineData("/etc/passwd", "/etc/passwd is not a serial device")]
    [InlineData("/dev/null", "/dev/null is not a serial device")]
    [InlineData("/tmp", "/tmp is a folder, not a serial device")]
    public void A_path_that_cannot_be_the_modem_is_named_for_what_it_is(string path, string expected)
    {
        var problem = SerialTransport.Diagnose(path);

        Assert.NotNull(problem);
        Assert.StartsWith(expected, problem, StringComparison.Ordinal);
        Assert.DoesNotContain("ModemManager", problem, StringComparison.Ordinal);
        Assert.StartsWith(expected, Assert.Throws<ModemDisconnectedException>(() => SerialTransport.Open(path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pseudo_terminal_passes_as_a_serial_device()
    {
        await using var simulator = new SimulatedModem();
        await using var terminal = simulator.OpenPseudoTerminal();

        Assert.Null(SerialTransport.Diagnose(terminal.Path));
    }
}
