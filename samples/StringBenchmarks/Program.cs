using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.Json;
using StringBenchmarks;
using StringBenchmarks.Benchmarks;

// string-benchmarks: the string-concatenation experiment and the boxed-integer cache, in C#.
// The contract (options, output, exit codes) is in README.md beside this file.
var n = new Option<int>("--n")
{
    Description = "Concatenate the numbers 0..N-1, from 0 to 100,000.",
    HelpName = "N",
    DefaultValueFactory = _ => 20_000,
    CustomParser = r => WholeNumber(r, "--n", 0, 100_000),
};
var repeat = new Option<int>("--repeat")
{
    Description = "Timed runs per method, from 1 to 1,000; the tables show their median.",
    HelpName = "R",
    DefaultValueFactory = _ => 15,
    CustomParser = r => WholeNumber(r, "--repeat", 1, 1_000),
};
var json = new Option<bool>("--json") { Description = "Print one JSON document (camelCase) instead of the tables." };
var comparePython = new Option<bool>("--compare-python") { Description = "Also run the six methods in CPython (concat.py) and print both sides with the ratio." };
var python = new Option<string>("--python")
{
    Description = "The CPython interpreter for --compare-python.",
    HelpName = "PATH",
    DefaultValueFactory = _ => "python3",
};
var emit = new Option<bool>("--emit") { Description = "Print the string each method builds (a JSON object: method -> string) instead of timing them." };
var benchmark = new Option<bool>("--benchmark") { Description = "Run the BenchmarkDotNet suite over several N instead (build with -c Release)." };

var root = new RootCommand("The string-concatenation experiment and the boxed-integer cache, in C#, optionally beside CPython.")
{
    n, repeat, json, comparePython, python, emit, benchmark,
};
root.Validators.Add(r =>
{
    if (r.GetValue(benchmark) && (r.GetResult(n) is { Implicit: false } || r.GetValue(json) || r.GetValue(comparePython) || r.GetValue(emit)))
    {
        r.AddError("--benchmark runs on its own: leave out --n, --json, --compare-python and --emit");
    }
});
root.SetAction(async (result, cancellationToken) =>
{
    if (result.GetValue(benchmark))
    {
        return BenchmarkSuite.Run();
    }
    if (result.GetValue(emit))
    {
        var count = result.GetValue(n);
        var outputs = ConcatMethods.All.ToDictionary(m => m.Name, m => m.Build(count));
        Console.WriteLine(JsonSerializer.Serialize(outputs, ReportJsonContext.Default.DictionaryStringString));
        return ExitCodes.Success;
    }
    try
    {
        return await RunAsync(result.GetValue(n), result.GetValue(repeat), result.GetValue(json),
            result.GetValue(comparePython) ? result.GetValue(python) : null, cancellationToken);
    }
    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
    {
        Console.Error.WriteLine("string-benchmarks: interrupted.");
        return ExitCodes.Interrupted;
    }
});

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    // One sentence on one line, whatever the parser's wording.
    var message = string.Join(' ', parsed.Errors[0].Message.Split((char[])['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    Console.Error.WriteLine($"string-benchmarks: {message.TrimEnd('.')}; try 'string-benchmarks --help'.");
    return ExitCodes.Usage;
}
return await parsed.InvokeAsync();

static async Task<int> RunAsync(int n, int repeat, bool json, string? python, CancellationToken cancellationToken)
{
    // Checked before anything is timed: a fast method that builds the wrong string proves nothing.
    if (ConcatExperiment.FirstMismatch(n) is { } wrong)
    {
        Console.Error.WriteLine($"string-benchmarks: the method {wrong} built a different string from the reference.");
        return ExitCodes.Error;
    }

    var progress = new Progress(ConcatMethods.All.Count + 1 + (python is null ? 0 : 1));
    var rows = ConcatExperiment.Run(n, repeat, (_, name) => progress.Step(name), cancellationToken);
    progress.Step("the boxed-integer cache");
    var boxing = BoxingExperiment.Run(repeat, cancellationToken);

    PythonJson? pythonSide = null;
    string? pythonError = null;
    if (python is not null)
    {
        progress.Step("CPython (" + python + ")");
        try
        {
            var (version, pythonRows) = await PythonSide.RunAsync(python, n, repeat, cancellationToken);
            var fastest = rows.MinBy(r => r.MedianMs)!;
            var fastestPython = pythonRows.MinBy(r => r.MedianMs)!;
            double? ratio = fastest.MedianMs > 0 ? fastestPython.MedianMs / fastest.MedianMs : null;
            pythonSide = new PythonJson(version, pythonRows, fastest.Method, fastestPython.Method, ratio);
        }
        catch (PythonSideException e)
        {
            pythonError = e.Message;
        }
    }
    progress.Done();

    var report = new ReportJson(MachineJson.Current, n, repeat, ConcatMethods.Length(n), rows, pythonSide, boxing);
    if (json)
    {
        Console.WriteLine(JsonSerializer.Serialize(report, ReportJsonContext.Default.ReportJson));
    }
    else
    {
        TextReport.Write(Console.Out, report);
    }
    if (pythonError is not null)
    {
        Console.Error.WriteLine($"string-benchmarks: {pythonError}.");
        return ExitCodes.Error;
    }
    return ExitCodes.Success;
}

// "--n takes a whole number": the parser's own message would name a .NET type. A sign is read, so that -1 is
// refused for its range (it is a whole number) rather than called not a number.
static int WholeNumber(ArgumentResult result, string option, int min, int max)
{
    var token = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
    if (!int.TryParse(token, NumberStyles.AllowLeadingSign | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var value))
    {
        result.AddError($"{option} takes a whole number, not '{token}'");
        return 0;
    }
    if (value < min || value > max)
    {
        result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option} takes a whole number from {min:N0} to {max:N0}, not {token}"));
    }
    return value;
}
