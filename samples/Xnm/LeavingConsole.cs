using Spectre.Console;
using Spectre.Console.Rendering;

namespace Xnm;

/// <summary>
/// The terminal as a menu sees it: like <see cref="AnsiConsole.Console"/>, except that Esc or q cancels
/// <see cref="Leave"/>, so a prompt shown on it ends as a popup menu does when dismissed.
/// </summary>
internal sealed class LeavingConsole(IAnsiConsole console) : IAnsiConsole, IAnsiConsoleInput, IDisposable
{
    private readonly CancellationTokenSource _leave = new();

    /// <summary>Cancelled when the user pressed Esc or q.</summary>
    public CancellationToken Leave => _leave.Token;

    public Profile Profile => console.Profile;

    public IAnsiConsoleCursor Cursor => console.Cursor;

    public IAnsiConsoleInput Input => this;

    public IExclusivityMode ExclusivityMode => console.ExclusivityMode;

    public RenderPipeline Pipeline => console.Pipeline;

    public void Clear(bool home) => console.Clear(home);

    public void Write(IRenderable renderable) => console.Write(renderable);

    public void WriteAnsi(Action<AnsiWriter> action) => console.WriteAnsi(action);

    public bool IsKeyAvailable() => console.Input.IsKeyAvailable();

    public ConsoleKeyInfo? ReadKey(bool intercept) => Check(console.Input.ReadKey(intercept));

    public async Task<ConsoleKeyInfo?> ReadKeyAsync(bool intercept, CancellationToken cancellationToken) =>
        Check(await console.Input.ReadKeyAsync(intercept, cancellationToken));

    public void Dispose() => _leave.Dispose();

    private ConsoleKeyInfo? Check(ConsoleKeyInfo? key)
    {
        if (key is { Key: ConsoleKey.Escape } or { KeyChar: 'q' or 'Q' })
        {
            _leave.Cancel();
            throw new OperationCanceledException(_leave.Token);
        }
        return key;
    }
}
