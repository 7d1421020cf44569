using System.Net;
using System.Net.Sockets;
using Samples.Tests.Infrastructure;

namespace Samples.Tests.ShutterWeb;

/// <summary>The mistakes a user makes starting shutter-web, each answered with its documented exit code and one sentence.</summary>
public sealed class ShutterWebMistakesTests
{
    private const int Error = 1; // samples/ShutterWeb/README.md, "Exit codes"
    private const int Usage = 2;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// The command line (words split on '|'; <c>{busy}</c> is a loopback port another socket holds), the exit code and
    /// a fragment of the one sentence on stderr. This machine has no GPIO chip and no libgpiod.
    /// </summary>
    public static TheoryData<string, int, string> Mistakes { get; } = new()
    {
        // The command line.
        { "--simulat", Usage, "'--simulat' is not an option of 'shutter-web' (did you mean '--simulate'?)" },
        { "--pni|18", Usage, "'--pni' is not an option of 'shutter-web' (did you mean '--pin'?)" },
        { "extra|--simulate", Usage, "'extra' is one word too many for 'shutter-web'" },
        { "--pin", Usage, "--pin takes a BCM line number such as 18" },
        { "--pin|abc|--simulate", Usage, "--pin takes a BCM line number such as 18, not 'abc'" },
        { "--pin|1.5|--simulate", Usage, "--pin takes a BCM line number such as 18, not '1.5'" },
        { "--focus-pin|x|--simulate", Usage, "--focus-pin takes a BCM line number such as 23, not 'x'" },
        { "--chip|zero", Usage, "--chip takes a GPIO chip number such as 0, not 'zero'" },
        { "--urls", Usage, "--urls takes a URL such as http://127.0.0.1:5080" },
        { "--token", Usage, "--token takes the secret a client must send" },
        { "--pin|-3|--simulate", Usage, "--pin and --focus-pin need a BCM line number such as 18" },
        { "--chip|-1", Usage, "--chip needs a chip number such as 0" },
        { "--pin|18|--focus-pin|18|--simulate", Usage, "--focus-pin must differ from --pin" },
        { "--token||--simulate", Usage, "--token needs a non-empty value" },
        { "--urls|ftp://x|--simulate", Usage, "'ftp://x' is not a URL to listen on" },
        { "--urls|;|--simulate", Usage, "--urls needs a URL such as http://127.0.0.1:5080" },
        { "--urls|http://0.0.0.0:5999|--simulate", Usage, "reaches beyond this machine; set SHUTTER_WEB_TOKEN or give --token-file FILE" },
        { "--urls|https://127.0.0.1:5999|--simulate", Usage, "asks for HTTPS, which shutter-web does not serve" },

        // The GPIO.
        { "--simulate|--pin|54", Usage, "the GPIO chip has no line 54" },
        { "--chip|9", Error, "there is no GPIO chip 9 (/dev/gpiochip9 does not exist); leave out --chip to use the Raspberry Pi header's chip, or try --simulate." },
        { "", Error, "this machine has no GPIO chip (none is listed under /sys/bus/gpio); run on a Raspberry Pi, or try --simulate." },

        // The address.
        { "--simulate|--urls|http://127.0.0.1:{busy}", Error, "cannot listen on http://127.0.0.1:{busy} (Address already in use); stop what uses it or choose another address with --urls." },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public async Task Each_mistake_exits_with_its_documented_code_and_one_sentence_naming_it(string commandLine, int exitCode, string sentence)
    {
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var port = ((IPEndPoint)busy.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var marker = Guid.NewGuid().ToString("N");
        var arguments = commandLine.Length == 0 ? [] : commandLine.Replace("{busy}", port, StringComparison.Ordinal).Split('|');

        var result = await SampleProcess.RunAsync(
            ShutterWebServer.Dll, arguments, environment: new Dictionary<string, string> { ["SHUTTER_WEB_TEST_RUN"] = marker },
            timeout: TimeSpan.FromSeconds(60), cancellationToken: Ct);

        Assert.Equal(exitCode, result.ExitCode);
        var line = Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("shutter-web: ", line, StringComparison.Ordinal);
        Assert.Contains(sentence.Replace("{busy}", port, StringComparison.Ordinal), line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("ShutterOptions", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", result.StandardOutput, StringComparison.Ordinal);
        Assert.Empty(Leftovers.Processes(marker));
    }
}
