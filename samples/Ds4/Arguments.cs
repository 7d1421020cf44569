using System.Globalization;

namespace Ds4;

/// <summary>The command line after the global options: the command, its words, and its --options.</summary>
internal sealed class Arguments
{
    private readonly List<string> _words = [];
    private readonly Dictionary<string, List<string>> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    /// <summary>How many values each known option takes.</summary>
    private static readonly Dictionary<string, int> Arity = new(StringComparer.Ordinal)
    {
        ["--json"] = 0,
        ["--simulate"] = 0,
        ["--help"] = 0,
        ["-h"] = 0,
        ["--device"] = 1,
        ["--flash"] = 2,
        ["--ms"] = 1,
        ["--seconds"] = 1,
    };

    public Arguments(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg.StartsWith('-') && arg.Length > 1 && !IsNumber(arg))
            {
                if (!Arity.TryGetValue(arg, out var count))
                {
                    throw new UsageException($"unknown option '{arg}'; try 'ds4 --help'.");
                }
                if (i + count >= args.Length)
                {
                    throw new UsageException($"option '{arg}' needs {count} value{(count == 1 ? "" : "s")}.");
                }
                _options[arg] = [.. args.AsSpan(i + 1, count)];
                i += count;
            }
            else
            {
                _words.Add(arg);
            }
        }
    }

    public IReadOnlyList<string> Words => _words;

    public bool Has(string option)
    {
        _used.Add(option);
        return _options.ContainsKey(option);
    }

    public string? Value(string option, int index = 0)
    {
        _used.Add(option);
        return _options.TryGetValue(option, out var values) ? values[index] : null;
    }

    public int Integer(string option, int index, int min, int max, int fallback)
    {
        var text = Value(option, index);
        return text is null ? fallback : Range(text, option, min, max);
    }

    /// <summary>Fails when an option was given that the command does not take.</summary>
    public void RejectUnused(string command)
    {
        foreach (var option in _options.Keys)
        {
            if (!_used.Contains(option))
            {
                throw new UsageException($"'{command}' does not take {option}; try 'ds4 --help'.");
            }
        }
    }

    public static int Range(string text, string what, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new UsageException($"{what} must be a whole number from {min} to {max}, not '{text}'.");

    private static bool IsNumber(string arg) => arg.Length > 1 && char.IsAsciiDigit(arg[1]);
}
