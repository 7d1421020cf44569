using System.Net;
using Samples.Tests.Infrastructure;
using Samples.Tests.ShutterWeb;

namespace Samples.Tests.Cube;

/// <summary>
/// cube takes its token as shutter-web does (CUBE_TOKEN, --token-file, --token): the first two stay out of the process
/// list; the mistakes shared with shutter-web are covered there, cube's own wording here.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class CubeTokenTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(nameof(TokenVia.Environment), false)]
    [InlineData(nameof(TokenVia.File), false)]
    [InlineData(nameof(TokenVia.Argument), true)]
    public async Task Each_way_of_giving_the_token_guards_the_API_and_only_the_argument_is_in_the_process_list(string via, bool inProcessList)
    {
        var token = Guid.NewGuid().ToString("N");
        await using var server = await CubeServer.StartAsync(["--simulate"], token, Enum.Parse<TokenVia>(via), Token);
        using var anonymous = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(30) };

        using var refused = await anonymous.GetAsync("/api/status", Token);
        using var allowed = await server.Client.GetAsync("/api/status", Token);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(inProcessList, TokenPassing.CommandLineOf(server.Process).Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_token_file_others_may_read_an_empty_CUBE_TOKEN_or_two_tokens_are_one_sentence_and_exit_2()
    {
        var file = TokenPassing.WritePrivateFile("s3cret\n");
        try
        {
            Assert.Equal("cube: --token and --token-file both give the token; give one of them; try 'cube --help'.", await FailsAsync(["--simulate", "--token", "x", "--token-file", file]));
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            Assert.Equal($"cube: --token-file {file} may be read or written by other users (mode 0644); keep it to yourself with 'chmod 600 {file}'; try 'cube --help'.", await FailsAsync(["--simulate", "--token-file", file]));
            Assert.Equal("cube: CUBE_TOKEN is set but empty; unset it or put the token in it; try 'cube --help'.", await FailsAsync(["--simulate"], new Dictionary<string, string> { ["CUBE_TOKEN"] = "" }));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_token_file_another_user_owns_is_one_sentence_and_exit_2()
    {
        var file = TokenPassing.WritePrivateFile("s3cret\n");
        try
        {
            TokenPassing.GiveTo(file, TokenPassing.Nobody);
            Assert.Equal($"cube: --token-file {file} is owned by user 'nobody', not by you ({Environment.UserName}), so that user may change the token; put the token in a file of your own; try 'cube --help'.", await FailsAsync(["--simulate", "--token-file", file]));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<string> FailsAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var result = await SampleProcess.RunAsync(CubeServer.Dll, arguments, environment: environment, timeout: TimeSpan.FromSeconds(60), cancellationToken: Token);
        Assert.True(result.ExitCode == 2, $"Expected exit 2, got {result.ExitCode}.\n{result.StandardError}");
        return Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
