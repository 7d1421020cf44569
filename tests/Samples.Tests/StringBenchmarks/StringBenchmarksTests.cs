using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Samples.Tests.Infrastructure;

namespace Samples.Tests.StringBenchmarks;

public sealed class StringBenchmarksTests
{
    private static readonly string Program = Repository.SampleDll("StringBenchmarks", "string-benchmarks");

    // Debian's interpreter, the one the sample's README figures come from.
    private const string Python = "/usr/bin/python3";

    private static readonly string[] CSharpMethods =
    [
        "naive +=", "StringBuilder", "StringBuilder presized", "List<char>", "List<string> + Join",
        "StringWriter", "LINQ + Concat", "string.Create + TryFormat",
    ];

    // Written out independently of the sample: the decimal forms of 0..n-1, one after the other.
    private static string Reference(int n)
    {
        var parts = new string[n];
        for (var i = 0; i < n; i++)
        {
            parts[i] = i.ToString(CultureInfo.InvariantCulture);
        }
        return string.Concat(parts);
    }

    private static Task<SampleResult> RunAsync(params string[] arguments) =>
        SampleProcess.RunAsync(Program, arguments, timeout: TimeSpan.FromMinutes(2), cancellationToken: TestContext.Current.CancellationToken);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(11)]
    [InlineData(20_000)]
    public async Task Every_CSharp_method_builds_the_reference_string(int n)
    {
        var result = await RunAsync("--emit", "--n", n.ToString(CultureInfo.InvariantCulture));

        Assert.Equal(0, result.ExitCode);
        var outputs = JsonSerializer.Deserialize<Dictionary<string, string>>(result.StandardOutput)!;
        Assert.Equal(CSharpMethods, outputs.Keys);
        var reference = Reference(n);
        Assert.All(outputs, pair => Assert.True(pair.Value == reference, $"{pair.Key} built a different string for n = {n}"));
    }

    [Fact]
    public void The_reference_for_20000_is_the_experiments_88890_characters_ending_in_19999()
    {
        var reference = Reference(20_000);

        Assert.Equal(88_890, reference.Length);
        Assert.StartsWith("012345678910", reference, StringComparison.Ordinal);
        Assert.EndsWith("1999719998" + "19999", reference, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(11)]
    [InlineData(20_000)]
    public async Task Every_CPython_method_of_the_shipped_script_builds_the_reference_string(int n)
    {
        var script = Path.Combine(Path.GetDirectoryName(Program)!, "concat.py");
        var info = new ProcessStartInfo(Python) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { script, "--emit", "--n", n.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(0, process.ExitCode);
        var outputs = JsonSerializer.Deserialize<Dictionary<string, string>>(output)!;
        Assert.Equal(6, outputs.Count);
        var reference = Reference(n);
        Assert.All(outputs, pair => Assert.True(pair.Value == reference, $"{pair.Key} built a different string for n = {n}"));
    }

    [Fact]
    public async Task The_table_has_a_row_per_method_with_time_and_rate_and_the_boxing_rows()
    {
        var result = await RunAsync("--n", "300", "--repeat", "3");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.StandardError);
        Assert.Contains("N = 300 (790 characters), median of 3 runs", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Every method built the reference string.", result.StandardOutput, StringComparison.Ordinal);
        foreach (var method in CSharpMethods)
        {
            Assert.Matches($@"(?m)^[1-6 ] +{Regex.Escape(method)} +\d+\.\d{{3}} +(\d{{1,3}}(,\d{{3}})*|-)\s*$", result.StandardOutput);
        }
        Assert.Matches(@"(?m)^box each integer +\d+\.\d{3} +\d+\.\d{2} +24\.0$", result.StandardOutput);
        Assert.Matches(@"(?m)^pre-boxed cache +\d+\.\d{3} +\d+\.\d{2} +0\.0$", result.StandardOutput);
    }

    [Fact]
    public async Task The_json_document_holds_every_method_the_machine_and_the_boxing_experiment_in_camelCase()
    {
        var result = await RunAsync("--json", "--n", "300", "--repeat", "3");

        Assert.Equal(0, result.ExitCode);
        using var document = JsonDocument.Parse(result.StandardOutput);
        var root = document.RootElement;
        Assert.Equal(300, root.GetProperty("n").GetInt32());
        Assert.Equal(790, root.GetProperty("outputChars").GetInt32());
        Assert.StartsWith(".NET 10.", root.GetProperty("machine").GetProperty("runtime").GetString(), StringComparison.Ordinal);
        Assert.True(root.GetProperty("machine").GetProperty("processorCount").GetInt32() > 0);
        var methods = root.GetProperty("methods").EnumerateArray().ToList();
        Assert.Equal(CSharpMethods, methods.Select(m => m.GetProperty("method").GetString()));
        Assert.All(methods, m => Assert.True(m.GetProperty("medianMs").GetDouble() >= 0 && m.GetProperty("meanMs").GetDouble() >= 0));
        Assert.All(methods, m => Assert.Equal(790, m.GetProperty("outputChars").GetInt32()));
        Assert.Equal([1, 2, 3, 4, 5, 6], methods.Where(m => m.GetProperty("experiment").ValueKind == JsonValueKind.Number).Select(m => m.GetProperty("experiment").GetInt32()));
        Assert.Equal(JsonValueKind.Null, root.GetProperty("python").ValueKind);
        var boxing = root.GetProperty("boxing");
        Assert.Equal(-100, boxing.GetProperty("cacheLow").GetInt32());
        Assert.Equal(1000, boxing.GetProperty("cacheHigh").GetInt32());
        // A boxed int is an object header, a method table pointer and the int, padded: 24 bytes on 64-bit.
        Assert.Equal(24.0, boxing.GetProperty("box").GetProperty("bytesPerValue").GetDouble(), 0.01);
        Assert.Equal(0.0, boxing.GetProperty("cache").GetProperty("bytesPerValue").GetDouble(), 0.01);
    }

    [Fact]
    public async Task Compare_python_puts_the_six_CPython_methods_beside_the_CSharp_ones_with_the_ratio()
    {
        var result = await RunAsync("--compare-python", "--python", Python, "--n", "300", "--repeat", "3");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.StandardError);
        Assert.Matches(@"; CPython 3\.\d+\.\d+", result.StandardOutput);
        foreach (var twin in new[] { "naive +=", "bytearray +=", "array('u').fromunicode", "list.append + join", "io.StringIO", "''.join(comprehension)" })
        {
            Assert.Matches($@"(?m)\| {Regex.Escape(twin)} +\d+\.\d{{3}} +\S+ \| +\d+\.\d+x$", result.StandardOutput);
        }
        Assert.Matches(@"(?m)^Fastest: C# .+ against CPython .+: \d+\.\d times\.$", result.StandardOutput);
    }

    [Fact]
    public async Task Compare_python_in_json_adds_the_CPython_side_and_the_fastest_ratio()
    {
        var result = await RunAsync("--compare-python", "--python", Python, "--json", "--n", "300", "--repeat", "3");

        Assert.Equal(0, result.ExitCode);
        using var document = JsonDocument.Parse(result.StandardOutput);
        var python = document.RootElement.GetProperty("python");
        Assert.StartsWith("3.", python.GetProperty("version").GetString(), StringComparison.Ordinal);
        Assert.Equal([1, 2, 3, 4, 5, 6], python.GetProperty("methods").EnumerateArray().Select(m => m.GetProperty("experiment").GetInt32()));
        Assert.True(python.GetProperty("fastestRatio").GetDouble() > 0);
        Assert.Contains(python.GetProperty("fastestCSharp").GetString(), CSharpMethods);
    }

    [Fact]
    public async Task A_missing_interpreter_is_an_error_named_in_one_sentence_after_the_CSharp_table()
    {
        var result = await RunAsync("--compare-python", "--python", "/nonexistent/python3", "--n", "10", "--repeat", "1");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("naive +=", result.StandardOutput, StringComparison.Ordinal);
        var line = Assert.Single(result.StandardError.TrimEnd().Split('\n'));
        Assert.Contains("'/nonexistent/python3' was not found", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--n takes a whole number, not 'many'", "--n", "many")]
    [InlineData("--repeat takes a whole number, not '1.5'", "--repeat", "1.5")]
    [InlineData("--n takes a whole number from 0 to 100,000, not 200000", "--n", "200000")]
    [InlineData("--n takes a whole number from 0 to 100,000, not -1", "--n", "-1")]
    [InlineData("--frobnicate", "--frobnicate")]
    [InlineData("--benchmark runs on its own", "--benchmark", "--json")]
    public async Task A_usage_error_exits_2_with_one_sentence_naming_the_wrong_word(string expected, params string[] arguments)
    {
        var result = await RunAsync(arguments);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.StandardOutput);
        var line = Assert.Single(result.StandardError.TrimEnd().Split('\n'));
        Assert.StartsWith("string-benchmarks: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_lists_every_option_and_exits_0()
    {
        var result = await RunAsync("--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var option in new[] { "--n", "--repeat", "--json", "--compare-python", "--python", "--emit", "--benchmark" })
        {
            Assert.Contains(option, result.StandardOutput, StringComparison.Ordinal);
        }
    }
}
