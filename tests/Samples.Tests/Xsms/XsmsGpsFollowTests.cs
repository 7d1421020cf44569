using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Text.Json;
using Samples.Tests.Infrastructure;

namespace Samples.Tests.Xsms;

/// <summary><c>xsms gps --follow</c> as a process against the simulated EM7345 on a pseudo-terminal hosted by this test process.</summary>
[SupportedOSPlatform("linux")]
public sealed class XsmsGpsFollowTests : IAsyncDisposable
{
    private readonly SimulatedXsms _xsms = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _xsms.DisposeAsync();

    [Theory]
    [InlineData("TERM", 0)]
    [InlineData("INT", 130)]
    public async Task Follow_prints_each_fix_and_a_signal_stops_the_session_before_it_exits(string signal, int exitCode)
    {
        using var process = Start("gps", "--follow", "--json");
        var stderr = process.StandardError.ReadToEndAsync(Token);
        try
        {
            using (var northEast = JsonDocument.Parse((await ReadLineAsync(process))!))
            using (var southWest = JsonDocument.Parse((await ReadLineAsync(process))!))
            {
                Assert.Equal(49.195407, northEast.RootElement.GetProperty("latitude").GetDouble());
                Assert.Equal(-70.673676, southWest.RootElement.GetProperty("longitude").GetDouble());
            }

            await SignalAsync(process, signal);

            await process.WaitForExitAsync(Token).WaitAsync(TimeSpan.FromSeconds(30), Token);
            Assert.Equal(exitCode, process.ExitCode);
            Assert.Equal("", await stderr);
            Assert.Equal("AT+XLSRSTOP", _xsms.Modem.ReceivedCommands[^1]);
            Assert.False(_xsms.Modem.GpsSessionActive);
        }
        finally
        {
            Kill(process);
        }
    }

    [Fact]
    public async Task Follow_exits_1_in_one_sentence_when_the_modem_vanishes()
    {
        using var process = Start("gps", "--follow");
        var stderr = process.StandardError.ReadToEndAsync(Token);
        try
        {
            Assert.EndsWith("6 satellites", await ReadLineAsync(process), StringComparison.Ordinal);

            _xsms.Modem.Faults.Disconnect();

            await process.WaitForExitAsync(Token).WaitAsync(TimeSpan.FromSeconds(30), Token);
            Assert.Equal(1, process.ExitCode);
            var line = Assert.Single((await stderr).TrimEnd().Split('\n'));
            Assert.StartsWith("xsms: ", line, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", line, StringComparison.Ordinal);
        }
        finally
        {
            Kill(process);
        }
    }

    [Fact]
    public async Task Follow_nmea_prints_sentences_with_valid_checksums()
    {
        using var process = Start("gps", "--follow", "--nmea");
        try
        {
            var sentences = new List<string>();
            for (var i = 0; i < 5; i++)
            {
                sentences.Add((await ReadLineAsync(process))!);
            }

            Assert.Equal(["$GPZDA", "$GPGGA", "$GPRMC", "$GPGSA", "$GPGSV"], sentences.Select(s => s[..6]));
            Assert.All(sentences, sentence =>
            {
                var star = sentence.LastIndexOf('*');
                var sum = sentence[1..star].Aggregate(0, (x, c) => x ^ c); // NMEA 0183: XOR of the characters between $ and *
                Assert.Equal(sum.ToString("X2", CultureInfo.InvariantCulture), sentence[(star + 1)..]);
            });
        }
        finally
        {
            Kill(process);
        }
    }

    [Fact]
    public async Task The_server_says_where_it_listens_before_any_fix_and_serves_nmea()
    {
        using var process = Start("gps", "--follow", "--json", "--nmea-server", "0");
        try
        {
            using var serving = JsonDocument.Parse((await ReadLineAsync(process))!);
            var endPoint = IPEndPoint.Parse(serving.RootElement.GetProperty("nmeaServer").GetString()!);
            Assert.Equal(IPAddress.Loopback, endPoint.Address);
            using var client = new TcpClient();
            await client.ConnectAsync(endPoint, Token);
            using var reader = new StreamReader(client.GetStream());

            var sentence = await reader.ReadLineAsync(Token).AsTask().WaitAsync(TimeSpan.FromSeconds(30), Token);

            Assert.StartsWith("$GP", sentence, StringComparison.Ordinal);
        }
        finally
        {
            Kill(process);
        }
    }

    [Fact]
    public async Task Serving_beyond_the_loopback_warns_in_one_sentence_and_goes_on()
    {
        using var process = Start("gps", "--follow", "--json", "--nmea-server", "0.0.0.0:0");
        try
        {
            using var serving = JsonDocument.Parse((await ReadLineAsync(process))!);
            var port = IPEndPoint.Parse(serving.RootElement.GetProperty("nmeaServer").GetString()!).Port;

            var warning = await process.StandardError.ReadLineAsync(Token).AsTask().WaitAsync(TimeSpan.FromSeconds(30), Token);

            Assert.Equal($"xsms: warning: 0.0.0.0:{port} is not the loopback, so any host that reaches it can read this machine's position.", warning);
            using var fix = JsonDocument.Parse((await ReadLineAsync(process))!);
            Assert.Equal(49.195407, fix.RootElement.GetProperty("latitude").GetDouble());
        }
        finally
        {
            Kill(process);
        }
    }

    [Fact]
    public async Task A_port_in_use_exits_8_in_one_sentence_after_stopping_nothing()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);

        var result = await _xsms.RunAsync(null, "gps", "--follow", "--nmea-server", port);

        Assert.Equal((8, ""), (result.ExitCode, result.StandardOutput));
        Assert.Equal($"xsms: 127.0.0.1:{port} is in use by another program; choose another port with --nmea-server, or stop that program.\n", result.StandardError);
        Assert.DoesNotContain(_xsms.Modem.ReceivedCommands, c => c.StartsWith("AT+XLCSLSR", StringComparison.Ordinal));
    }

    public static TheoryData<string[], int, string> Mistakes => new()
    {
        { ["--simulate", "gps", "--follow", "--nmea-server", "192.0.2.1:10110"], 8, "192.0.2.1 is not an address of this machine" },
        { ["--simulate", "gps", "--follow", "--nmea-server", "1.2.3.4.5:10110"], 2, "--nmea-server takes [ADDRESS:]PORT, e.g. 10110 or 0.0.0.0:10110 ([::1]:10110 for IPv6), not '1.2.3.4.5:10110'" },
        { ["--simulate", "gps", "--follow", "--nmea-server", "70000"], 2, "not '70000'" },
        { ["--simulate", "gps", "--nmea"], 2, "--nmea and --nmea-server go with --follow" },
        { ["--simulate", "gps", "--nmea-server", "10110"], 2, "--nmea and --nmea-server go with --follow" },
        { ["--simulate", "gps", "--follow", "--json", "--nmea"], 2, "Give either --json or --nmea, not both" },
        { ["--simulate", "gps", "--follow", "--nmea", "--nmea-server", "0"], 2, "--nmea-server serves the NMEA sentences already" },
        { ["--simulate", "--timeout", "5", "gps", "--follow"], 2, "--timeout is the wait for one fix; gps --follow waits until stopped" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public async Task A_mistake_gets_its_documented_exit_code_and_one_sentence(string[] arguments, int exitCode, string expected)
    {
        var result = await SampleProcess.RunAsync(SimulatedXsms.Dll, arguments, environment: _xsms.State.Environment, cancellationToken: Token);

        Assert.Equal((exitCode, ""), (result.ExitCode, result.StandardOutput));
        var line = Assert.Single(result.StandardError.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("xsms: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    private Process Start(params string[] arguments) => _xsms.Start(arguments);

    private static Task<string?> ReadLineAsync(Process process) =>
        process.StandardOutput.ReadLineAsync(Token).AsTask().WaitAsync(TimeSpan.FromSeconds(30), Token);

    private static async Task SignalAsync(Process process, string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync(Token);
    }

    private static void Kill(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
    }
}
