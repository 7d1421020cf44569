using System.Buffers;

namespace NotebookHost;

/// <summary>
/// Reads a password into a char _buffer that is cleared after use, never into a string, from standard
/// input (<c>--password-stdin</c>) or from the terminal without echo, asked twice as Jupyter's passwd does.
/// </summary>
internal sealed class PasswordInput : IDisposable
{
    private char[] _buffer = ArrayPool<char>.Shared.Rent(256);
    private int _length;

    public ReadOnlySpan<char> Password => _buffer.AsSpan(0, _length);

    /// <summary>Reads one password; <paramref name="user"/>, when given, is named in the prompts (one line of standard input per user).</summary>
    public static PasswordInput Read(bool fromStandardInput, string? user = null)
    {
        if (fromStandardInput)
        {
            var input = new PasswordInput();
            input.ReadLine(Console.In);
            return input._length > 0 ? input : input.Fail(user is null ? "standard input gave an empty password" : $"standard input gave no password for {user}");
        }
        if (Console.IsInputRedirected)
        {
            throw new UsageException("There is no terminal to ask for the password on; pipe it in with --password-stdin.");
        }
        var first = new PasswordInput();
        first.Prompt(user is null ? "Enter password: " : $"Password for {user}: ");
        if (first._length == 0)
        {
            first.Fail("the password is empty");
        }
        using var second = new PasswordInput();
        second.Prompt(user is null ? "Verify password: " : $"Verify password for {user}: ");
        return first.Password.SequenceEqual(second.Password) ? first : first.Fail("the passwords do not match");
    }

    public void Dispose()
    {
        Array.Clear(_buffer);
        ArrayPool<char>.Shared.Return(_buffer);
        _buffer = [];
        _length = 0;
    }

    private PasswordInput Fail(string reason)
    {
        Dispose();
        throw new UsageException($"No password was set: {reason}.");
    }

    private void ReadLine(TextReader reader)
    {
        for (var c = reader.Read(); c >= 0 && c != '\n'; c = reader.Read())
        {
            Append((char)c);
        }
        if (_length > 0 && _buffer[_length - 1] == '\r')
        {
            _length--;
        }
    }

    private void Prompt(string prompt)
    {
        Console.Error.Write(prompt);
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                _length = Math.Max(0, _length - 1);
            }
            else if (key.KeyChar != '\0')
            {
                Append(key.KeyChar);
            }
        }
        Console.Error.WriteLine();
    }

    private void Append(char c)
    {
        if (_length == _buffer.Length)
        {
            var larger = ArrayPool<char>.Shared.Rent(_buffer.Length * 2);
            _buffer.AsSpan(0, _length).CopyTo(larger);
            Array.Clear(_buffer);
            ArrayPool<char>.Shared.Return(_buffer);
            _buffer = larger;
        }
        _buffer[_length++] = c;
    }
}
