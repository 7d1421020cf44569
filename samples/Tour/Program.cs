using System.Reflection;
using Tour;
using Tour.Chapters;

// The README's first command: every package against its simulator, no hardware needed.
if (args.Length > 0 && args[0] is "-h" or "--help")
{
    Console.WriteLine("""
        Usage: tour

        Runs every Drivers package against its built-in simulator and prints what happened.
        No hardware, no network and no root are needed.
        """);
    return 0;
}
if (args.Length > 0)
{
    Console.Error.WriteLine($"tour: unknown argument '{args[0]}'; try 'tour --help'.");
    return 2;
}

Chapter[] chapters =
[
    new Em73xxChapter(),
    new DualShock4Chapter(),
    new NetworkManagerChapter(),
    new ShutterChapter(),
    new NotebookHostingChapter(),
];

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

var output = Console.Out;
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
    if (!chapter.IsReady)
    {
        output.WriteLine("  (this chapter is still to come)");
        continue;
    }
    try
    {
        await chapter.RunAsync(output, cancellation.Token);
    }
    catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
    {
        Console.Error.WriteLine("tour: cancelled.");
        return 130;
    }
    catch (Exception e) when (e is not OutOfMemoryException)
    {
        Console.Error.WriteLine($"tour: the {chapter.Package} chapter failed: {e.Message}");
        return 1;
    }
}
return 0;

static string VersionOf(string assemblyName)
{
    var version = Assembly.Load(assemblyName).GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?";
    var metadata = version.IndexOf('+', StringComparison.Ordinal);
    return metadata < 0 ? version : version[..metadata];
}
