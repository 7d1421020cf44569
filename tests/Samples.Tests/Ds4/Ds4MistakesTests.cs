using Samples.Tests.Infrastructure;

namespace Samples.Tests.Ds4;

/// <summary>The mistakes a user makes with ds4, each answered with its documented exit code and one sentence.</summary>
public sealed class Ds4MistakesTests
{
    private const int DeviceError = 1; // samples/Ds4/README.md, "Exit codes"
    private const int Usage = 2;
    private const int NotFound = 3;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// The command line (words split on spaces; <c>{dir}</c> is an existing empty folder, <c>{missing}</c> a path in a
    /// folder that does not exist), the exit code and a fragment of the one sentence on stderr that names the mistake.
    /// </summary>
    public static TheoryData<string, int, string> Mistakes { get; } = new()
    {
        // The command line itself.
        { "", Usage, "missing command" },
        { "frobnicate", Usage, "'frobnicate' is not a ds4 command" },
        { "rumbel 1 2 --simulate", Usage, "'rumbel' is not a ds4 command (did you mean 'rumble'?)" },
        { "list --colour", Usage, "'--colour' is not an option of 'ds4 list'" },
        { "monitor --jsn --simulate", Usage, "(did you mean '--json'?)" },
        { "monitor --simulat", Usage, "(did you mean '--simulate'?)" },
        { "lightbar 1 2 3 4 --simulate", Usage, "'4' is one word too many for 'ds4 lightbar'" },
        { "rumble", Usage, "rumble needs WEAK and STRONG" },
        { "lightbar 1 2", Usage, "lightbar needs B" },
        { "record", Usage, "record needs FILE" },
        { "replay", Usage, "replay needs FILE" },
        { "decode", Usage, "decode needs HEX" },

        // Values.
        { "lightbar 300 0 0 --simulate", Usage, "R must be a whole number from 0 to 255, not '300'" },
        { "lightbar 1 2 3 --flash 500 x --simulate", Usage, "--flash must be a whole number from 0 to 2550, not 'x'" },
        { "lightbar 1 2 3 --flash 500 --simulate", Usage, "--flash takes two whole numbers, ON_MS and OFF_MS, from 0 to 2550" },
        { "lightbar 1 2 3 --flash -5 --simulate", Usage, "--flash takes two whole numbers, ON_MS and OFF_MS, from 0 to 2550" },
        { "lightbar 1 2 3 --flash -5 5 --simulate", Usage, "--flash must be a whole number from 0 to 2550, not '-5'" },
        { "monitor --device", Usage, "--device takes the path of a hidraw node" },
        { "rumble 1 2 --ms", Usage, "--ms takes a whole number of milliseconds from 0 to 60000" },
        { "rumble 1 2 --ms abc --simulate", Usage, "--ms takes a whole number of milliseconds from 0 to 60000, not 'abc'" },
        { "record {dir}/out.ds4rec --seconds -1 --simulate", Usage, "--seconds takes a whole number of seconds from 1 to 3600, not '-1'" },
        { "record {dir}/out.ds4rec --seconds abc --simulate", Usage, "--seconds takes a whole number of seconds from 1 to 3600, not 'abc'" },
        { "record {dir}/out.ds4rec --seconds 0 --simulate", Usage, "not '0'" },
        { "record {dir}/out.ds4rec --seconds", Usage, "--seconds takes a whole number of seconds from 1 to 3600" },
        { "decode 0x1g", Usage, "HEX must be hexadecimal digits in pairs (spaces allowed), not '0x1g'" },
        { "decode 012", Usage, "HEX has an odd number of digits (3)" },
        { "decode 01", DeviceError, "the report is 1 byte, but a USB input report 0x01 is 64 bytes" },
        { "monitor --simulate --device /dev/hidraw0", Usage, "cannot be used together" },
        { "replay {dir}/x.ds4rec --simulate", Usage, "takes no --simulate" },

        // Devices.
        { "monitor --device /dev/nonexistent-hidraw", NotFound, "/dev/nonexistent-hidraw does not exist" },
        { "monitor --device /etc/passwd", NotFound, "/etc/passwd is not the hidraw node of a DualShock 4" },

        // Files.
        { "record /dev/full --seconds 1 --simulate", DeviceError, "cannot write the recording to /dev/full" },
        { "record {dir} --seconds 1 --simulate", DeviceError, "is a folder" },
        { "record {missing} --seconds 1 --simulate", DeviceError, "does not exist" },
        { "replay /dev/null", DeviceError, "/dev/null holds no reports" },
        { "replay {dir}", DeviceError, "is a folder" },
        { "replay {missing}", DeviceError, "does not exist" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public async Task Each_mistake_exits_with_its_documented_code_and_one_sentence_naming_it(string commandLine, int exitCode, string sentence)
    {
        var dir = Directory.CreateTempSubdirectory("ds4-mistakes-").FullName;
        var marker = Guid.NewGuid().ToString("N");
        try
        {
            var arguments = commandLine
                .Replace("{dir}", dir, StringComparison.Ordinal)
                .Replace("{missing}", Path.Combine(dir, "no-such-folder", "x.ds4rec"), StringComparison.Ordinal)
                .Split(' ', StringSplitOptions.RemoveEmptyEntries);

            var result = await SampleProcess.RunAsync(
                Repository.SampleDll("Ds4", "ds4"), arguments,
                environment: new Dictionary<string, string> { ["DS4_TEST_RUN"] = marker },
                timeout: TimeSpan.FromSeconds(30), cancellationToken: Ct);

            var sentenceText = sentence.Replace("{dir}", dir, StringComparison.Ordinal);
            Assert.Equal(exitCode, result.ExitCode);
            var line = Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            Assert.StartsWith("ds4: ", line, StringComparison.Ordinal);
            Assert.Contains(sentenceText, line, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", result.StandardError, StringComparison.Ordinal);
            Assert.DoesNotContain("System.", result.StandardError, StringComparison.Ordinal);
            Assert.Empty(NothingLeftRunning(marker));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    // The processes still carrying this run's marker in their environment (the sample and anything it started).
    private static List<string> NothingLeftRunning(string marker)
    {
        var left = new List<string>();
        foreach (var process in Directory.EnumerateDirectories("/proc").Where(d => Path.GetFileName(d).All(char.IsAsciiDigit)))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(process, "environ")).Contains(marker, StringComparison.Ordinal))
                {
                    left.Add(Path.GetFileName(process));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // another user's process, or one that just ended
            }
        }
        return left;
    }
}
