using System.CommandLine;
using System.Reflection;
using Tour;
using Tour.Chapters;

// The README's first command: every package against its simulator, no hardware needed.
var root = new RootCommand("Runs every Drivers package against its built-in simulator and prints what happened. No hardware, no network and no root are needed.");
root.SetAction((_, cancellationToken) => RunAsync(Console.Out, cancellationToken));

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    Console.Error.WriteLine($"tour: {OneLine(parsed.Errors[0].Message)}; try 'tour --help'.");
    return ExitCodes.Usage;
}
return await parsed.InvokeAsync();

static async Task<int> RunAsync(TextWriter output, CancellationToken cancellationToken)
{
    Chapter[] chapters =
    [
        new Em73xxChapter(),
        new DualShock4Chapter(),
        new NetworkManagerChapter(),
        new ShutterChapter(),
        new NotebookHostingChapter(),
    ];

    output.WriteLine("Drivers: a tour of the packages");
    output.WriteLine();
    output.WriteLine($"  {"Package",-24} {"Version",-28} Wraps");
    foreach (var chapter in chapters)
    {
        output.WriteLine($"  {chapter.Package,-24} {VersionOf(chapter.Package),-28} {chapter.Wraps}");
    }

    foreach (var chapter in chapters)
    {
        output.WriteLine();
        output.WriteLine($"== {chapter.Package} ==");
        try
        {
            await chapter.RunAsync(output, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Console.Error.WriteLine("tour: cancelled.");
            return ExitCodes.Interrupted;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Console.Error.WriteLine($"tour: the {chapter.Package} chapter failed: {e.Message}");
            return ExitCodes.Error;
        }
    }
    return ExitCodes.Success;
}

static string VersionOf(string assemblyName)
{
    var version = Assembly.Load(assemblyName).GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?";
    var metadata = version.IndexOf('+', StringComparison.Ordinal);
    return metadata < 0 ? version : version[..metadata];
}

static string OneLine(string message) =>
    string.Join(' ', message.Split((char[])['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).TrimEnd('.');
