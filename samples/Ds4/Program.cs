using Drivers.DualShock4;
using Ds4;

// ds4: the DualShock 4 from the command line. Exit codes: 0 done, 1 device or report error, 2 usage error.
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

try
{
    var arguments = new Arguments(args);
    if (arguments.Has("--help") || arguments.Has("-h"))
    {
        Console.Out.Write(Commands.Help);
        return 0;
    }
    if (arguments.Words.Count == 0)
    {
        throw new UsageException("missing command; try 'ds4 --help'.");
    }
    return await new Commands(arguments, Console.Out).RunAsync(cancellation.Token);
}
catch (UsageException e)
{
    Console.Error.WriteLine($"ds4: {e.Message}");
    return 2;
}
catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
{
    return 0; // Ctrl-C: devices were closed (motors stopped) on the way out
}
catch (Exception e) when (e is DualShock4Exception or IOException or UnauthorizedAccessException or FormatException)
{
    Console.Error.WriteLine($"ds4: {e.Message}");
    return 1;
}
