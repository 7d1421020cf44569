namespace StringBenchmarks;

/// <summary>
/// "measuring 3/10: StringBuilder presized" on one rewritten line of stderr while the program measures.
/// Only on a terminal: piped or captured stderr stays empty on success.
/// </summary>
internal sealed class Progress(int steps)
{
    private readonly bool _visible = !Console.IsErrorRedirected;
    private int _step;

    public void Step(string what)
    {
        _step++;
        if (_visible)
        {
            Console.Error.Write($"\r\u001b[Kmeasuring {_step}/{steps}: {what}...");
        }
    }

    public void Done()
    {
        if (_visible)
        {
            Console.Error.Write("\r\u001b[K");
        }
    }
}
