using System.Net;
using System.Net.Sockets;
using Samples.Tests.Infrastructure;

namespace Samples.Tests.Cube;

/// <summary>What users get wrong: each mistake is one sentence on stderr and a documented exit code (README.md).</summary>
public sealed class CubeMistakesTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task<string> FailsAsync(IEnumerable<string> arguments, int exitCode, IReadOnlyDictionary<string, string>? environment = null)
    {
        var result = await SampleProcess.RunAsync(CubeServer.Dll, arguments, environment: environment, timeout: TimeSpan.FromSeconds(60), cancellationToken: Token);
        var lines = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(result.ExitCode == exitCode, $"Expected exit {exitCode}, got {result.ExitCode}.\n{result.StandardError}");
        var line = Assert.Single(lines);
        Assert.StartsWith("cube: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
        return line;
    }

    [Fact]
    public async Task Without_a_controller_it_says_so_in_one_sentence_and_exits_3()
    {
        using var empty = new TempFolder(); // a /sys and /dev with no DualShock 4 in them
        var line = await FailsAsync([], 3, new Dictionary<string, string> { ["DS4_SYSFS_ROOT"] = empty.Path, ["DS4_DEV_ROOT"] = empty.Path });
        Assert.Equal("cube: no DualShock 4 is attached; connect one by USB or pair it over Bluetooth (hold PS and Share), or try --simulate.", line);
    }

    [Fact]
    public async Task A_port_in_use_is_one_sentence_and_exit_1()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var line = await FailsAsync(["--simulate", "--urls", $"http://127.0.0.1:{port}"], 1);
        Assert.StartsWith($"cube: cannot listen on http://127.0.0.1:{port} (", line, StringComparison.Ordinal);
        Assert.EndsWith("; stop what uses it or choose another address with --urls.", line, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> BadRecordings => new()
    {
        // name, content, what the sentence says
        { "empty.ds4rec", "", "holds no reports" },
        { "comments.ds4rec", "# nothing but a comment\n", "holds no reports" },
        { "garbage.ds4rec", "\u0000\u0001PNG\r\n\u001a\n binary", "is not a recording" },
        { "odd-hex.ds4rec", "0 01E48\n", "is not a recording" },
        { "backwards.ds4rec", "4000 01E4808080080000\n0 01E4808080080000\n", "is not a recording" },
        { "negative.ds4rec", "-5 01E4808080080000\n", "is not a recording" },
        { "truncated.ds4rec", "0 01E4808080080000000000000000000000A0050000002000000000000000\n4000 01E48", "is not a recording" },
        { "output-reports.ds4rec", "0 050700000000FF00400000000000000000000000000000000000000000000000\n", "holds no DualShock 4 input report" },
        { "short-reports.ds4rec", "0 01E4\n4000 01E4\n", "holds no DualShock 4 input report" },
    };

    [Theory]
    [MemberData(nameof(BadRecordings))]
    public async Task A_bad_replay_file_is_one_sentence_and_exit_4(string name, string content, string says)
    {
        using var folder = new TempFolder();
        var path = folder.File(name);
        await File.WriteAllTextAsync(path, content, Token);
        var line = await FailsAsync(["--replay", path], 4);
        Assert.Contains($"{path} {says}", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_replay_file_or_a_folder_is_exit_4()
    {
        using var folder = new TempFolder();
        var missing = folder.File("missing.ds4rec");
        Assert.Equal($"cube: {missing} does not exist; make a recording with 'ds4 record FILE'.", await FailsAsync(["--replay", missing], 4));
        Assert.Equal($"cube: {folder.Path} is a folder, not a recording made by 'ds4 record'.", await FailsAsync(["--replay", folder.Path], 4));
    }

    public static TheoryData<string[], string> Usage => new()
    {
        { ["--simulate", "--replay", "x.ds4rec"], "cube: --simulate plays the bundled recording and --replay plays FILE; give one of them; try 'cube --help'." },
        { ["--simulate", "--urls", "http://0.0.0.0:5173"], "cube: listening on http://0.0.0.0:5173 reaches beyond this machine; set CUBE_TOKEN or give --token-file FILE so that only holders of the token can watch the controller and set its lightbar; try 'cube --help'." },
        { ["--simulate", "--urls", "https://127.0.0.1:5173"], "asks for HTTPS, which cube does not serve" },
        { ["--simulate", "--urls", "nowhere"], "cube: 'nowhere' is not a URL to listen on, such as http://127.0.0.1:5173; try 'cube --help'." },
        { ["--simulate", "--token", " "], "cube: --token needs a non-empty value; try 'cube --help'." },
        { ["--simulat"], "--simulat" },
        { ["--replay"], "--replay" },
    };

    [Theory]
    [MemberData(nameof(Usage))]
    public async Task A_wrong_command_line_is_one_sentence_and_exit_2(string[] arguments, string says)
    {
        var line = await FailsAsync(arguments, 2);
        Assert.Contains(says, line, StringComparison.Ordinal);
        Assert.EndsWith("; try 'cube --help'.", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_fits_a_screen_and_names_the_exit_codes()
    {
        var result = await SampleProcess.RunAsync(CubeServer.Dll, ["--help"], cancellationToken: Token);
        Assert.Equal(0, result.ExitCode);
        Assert.True(result.StandardOutput.Split('\n').Length <= 25, result.StandardOutput);
        Assert.Contains("3 no controller, 4 bad recording", result.StandardOutput, StringComparison.Ordinal);
    }
}
