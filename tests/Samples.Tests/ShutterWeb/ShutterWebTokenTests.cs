using System.Net;
using Samples.Tests.Infrastructure;

namespace Samples.Tests.ShutterWeb;

/// <summary>
/// The token from SHUTTER_WEB_TOKEN or --token-file guards the API as --token does, without showing it to other local
/// users in the process list; a token file others may read or write, or a token no client can send, is refused.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ShutterWebTokenTests
{
    private const int Usage = 2; // samples/ShutterWeb/README.md, "Exit codes"
    private const string Secret = "s3cret";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(nameof(TokenVia.Environment), false)]
    [InlineData(nameof(TokenVia.File), false)]
    [InlineData(nameof(TokenVia.Argument), true)]
    public async Task Each_way_of_giving_the_token_guards_the_API_beyond_loopback_and_only_the_argument_is_in_the_process_list(string via, bool inProcessList)
    {
        var token = Guid.NewGuid().ToString("N");
        await using var server = await ShutterWebServer.StartAsync(token, host: "0.0.0.0", tokenVia: Enum.Parse<TokenVia>(via), cancellationToken: Ct);
        using var anonymous = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(30) };

        using var refused = await anonymous.GetAsync("/api/status", Ct);
        using var allowed = await server.Client.GetAsync("/api/status", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(inProcessList, TokenPassing.CommandLineOf(server.Process).Contains(token, StringComparison.Ordinal));
    }

    /// <summary>The token file's content, its mode (octal) and what the one sentence says ({file} is its path).</summary>
    public static TheoryData<string, string, string> BadTokenFiles { get; } = new()
    {
        { Secret + "\n", "644", "--token-file {file} may be read or written by other users (mode 0644); keep it to yourself with 'chmod 600 {file}'" },
        { Secret + "\n", "640", "may be read or written by other users (mode 0640)" },
        { Secret + "\n", "620", "may be read or written by other users (mode 0620)" },
        { Secret + "\n", "604", "may be read or written by other users (mode 0604)" },
        { Secret + "\n", "602", "may be read or written by other users (mode 0602)" },
        { Secret + "\n", "666", "may be read or written by other users (mode 0666)" },
        { "", "600", "--token-file {file} is empty; put the token in it" },
        { " \r\n\t\n", "400", "--token-file {file} is empty; put the token in it" },
        { Secret + "\nsecond line\n", "600", "the token in {file} holds spaces, line breaks or other characters a client cannot send as a bearer token" },
        { Secret + " " + Secret, "600", "the token in {file} holds spaces" },
        { "\0\u0001PNG\r\n\u001a\n" + Secret, "600", "the token in {file} holds spaces" },
        { Secret + "\u00f6", "600", "the token in {file} holds spaces" },
        { Secret + new string('a', 4091), "600", "--token-file {file} is larger than 4096 bytes; it should hold only the token" },
    };

    [Theory]
    [MemberData(nameof(BadTokenFiles))]
    public async Task A_token_file_others_may_touch_or_that_holds_no_usable_token_is_refused_in_one_sentence(string content, string mode, string sentence)
    {
        var file = TokenPassing.WritePrivateFile(content);
        try
        {
            File.SetUnixFileMode(file, (UnixFileMode)Convert.ToInt32(mode, 8));
            await RefusedAsync(["--simulate", "--token-file", file], null, sentence.Replace("{file}", file, StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_token_file_another_user_owns_is_refused_though_only_its_owner_may_read_it()
    {
        var file = TokenPassing.WritePrivateFile(Secret + "\n");
        try
        {
            TokenPassing.GiveTo(file, TokenPassing.Nobody); // mode 0600 still; root reads it all the same
            await RefusedAsync(["--simulate", "--token-file", file], null, $"--token-file {file} is owned by user 'nobody', not by you ({Environment.UserName}), so that user may change the token; put the token in a file of your own");
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The command line (words split on '|'), SHUTTER_WEB_TOKEN's value (null: unset) and the sentence.</summary>
    public static TheoryData<string, string?, string> Mistakes { get; } = new()
    {
        { "--simulate|--token-file", null, "--token-file takes the path of a file that holds the token" },
        { "--simulate|--token-file|", null, "--token-file needs the path of a file that holds the token" },
        { "--simulate|--token-file|{folder}/missing", null, "--token-file {folder}/missing does not exist" },
        { "--simulate|--token-file|{folder}/missing/token", null, "--token-file {folder}/missing/token does not exist" },
        { "--simulate|--token-file|{folder}", null, "--token-file {folder} is a folder, not a file that holds the token" },
        { "--simulate|--token|" + Secret + "|--token-file|{file}", null, "--token and --token-file both give the token; give one of them" },
        { "--simulate|--token|" + Secret + " " + Secret, null, "--token holds spaces, line breaks or other characters" },
        { "--simulate", "", "SHUTTER_WEB_TOKEN is set but empty; unset it or put the token in it" },
        { "--simulate", " \t", "SHUTTER_WEB_TOKEN is set but empty" },
        { "--simulate", Secret + "\n" + Secret, "SHUTTER_WEB_TOKEN holds spaces, line breaks or other characters" },
        { "--simulate|--urls|http://0.0.0.0:5999", null, "listening on http://0.0.0.0:5999 reaches beyond this machine; set SHUTTER_WEB_TOKEN or give --token-file FILE so that only holders of the token can take pictures" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public async Task A_token_given_wrongly_is_refused_in_one_sentence(string commandLine, string? variable, string sentence)
    {
        var folder = Directory.CreateTempSubdirectory("token-tests-").FullName;
        try
        {
            var file = Path.Combine(folder, "token");
            File.WriteAllText(file, Secret);
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            string Fill(string text) => text.Replace("{folder}", folder, StringComparison.Ordinal).Replace("{file}", file, StringComparison.Ordinal);
            await RefusedAsync(Fill(commandLine).Split('|'), variable, Fill(sentence));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_named_pipe_as_token_file_is_refused_at_once_instead_of_waiting_for_a_writer()
    {
        var folder = Directory.CreateTempSubdirectory("token-tests-").FullName;
        try
        {
            var fifo = Path.Combine(folder, "token");
            using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", ["-m", "600", fifo]))
            {
                await mkfifo.WaitForExitAsync(Ct).WaitAsync(TimeSpan.FromSeconds(30), Ct);
                Assert.Equal(0, mkfifo.ExitCode);
            }
            await RefusedAsync(["--simulate", "--token-file", fifo], null, $"--token-file {fifo} is not a regular file (a pipe, socket or terminal); put the token in a plain file", TimeSpan.FromSeconds(20));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task RefusedAsync(string[] arguments, string? variable, string sentence, TimeSpan? timeout = null)
    {
        var marker = Guid.NewGuid().ToString("N");
        var environment = new Dictionary<string, string> { ["SHUTTER_WEB_TEST_RUN"] = marker };
        if (variable is not null)
        {
            environment["SHUTTER_WEB_TOKEN"] = variable;
        }

        var result = await SampleProcess.RunAsync(ShutterWebServer.Dll, arguments, environment: environment, timeout: timeout ?? TimeSpan.FromSeconds(60), cancellationToken: Ct);

        Assert.Equal(Usage, result.ExitCode);
        var line = Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("shutter-web: ", line, StringComparison.Ordinal);
        Assert.Contains(sentence, line, StringComparison.Ordinal);
        Assert.EndsWith("; try 'shutter-web --help'.", line, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, line, StringComparison.Ordinal); // a sentence never repeats the secret
        Assert.DoesNotContain("Now listening", result.StandardOutput, StringComparison.Ordinal);
        Assert.Empty(Leftovers.Processes(marker));
    }
}
