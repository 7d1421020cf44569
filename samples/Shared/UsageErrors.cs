using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Samples.Shared;

/// <summary>
/// Turns the parser's first error into one sentence in the user's words: the unknown word (with the nearest known
/// one), what a value should be instead of a .NET type name, what a command still needs.
/// </summary>
internal static class UsageErrors
{
    /// <summary>
    /// The sentence for <paramref name="parsed"/>'s first error, without a final period. <paramref name="takes"/> says
    /// what each option or argument takes, by name (<c>--port</c>, <c>STATE</c>), as a sentence such as
    /// "--port takes a TCP port from 1 to 65535".
    /// </summary>
    public static string Explain(string program, ParseResult parsed, IReadOnlyDictionary<string, string> takes)
    {
        var command = parsed.CommandResult;
        var path = string.Join(' ', CommandPath(command).Prepend(program));

        // A word the parser did not know: a typo'd command or option, or one word too many.
        if (parsed.UnmatchedTokens.Count > 0)
        {
            var word = parsed.UnmatchedTokens[0];
            if (word.StartsWith('-'))
            {
                var options = command.Command.Options.Concat(parsed.RootCommandResult.Command.Options.Where(o => o.Recursive)).Select(o => o.Name);
                return $"'{Printable(word)}' is not an option of '{path}'{Suggest(word, options)}";
            }
            if (command.Command.Subcommands.Count > 0)
            {
                return $"'{Printable(word)}' is not a command of '{path}'{Suggest(word, command.Command.Subcommands.Select(c => c.Name))}";
            }
            return $"'{Printable(word)}' is one word too many for '{path}'";
        }

        var error = parsed.Errors[0];
        var missingOptions = command.Command.Options.Where(o => o.Required && command.GetResult(o) is not { IdentifierToken: not null }).ToList();
        if (missingOptions.Count > 0 && error.SymbolResult is not (OptionResult { Tokens.Count: > 0 } or ArgumentResult { Tokens.Count: > 0 }))
        {
            return $"'{path}' needs {Names(missingOptions.Select(o => $"{o.Name} {o.HelpName ?? "VALUE"}"), "and")}";
        }
        switch (error.SymbolResult)
        {
            case OptionResult { Tokens.Count: 0 } option when takes.TryGetValue(option.Option.Name, out var phrase):
                return phrase;
            case OptionResult option when IsTypeError(error) && takes.TryGetValue(option.Option.Name, out var phrase):
                return $"{phrase}, not '{Printable(option.Tokens[^1].Value)}'";
            case ArgumentResult { Tokens.Count: > 0 } argument when IsTypeError(error) && takes.TryGetValue(argument.Argument.Name, out var phrase):
                return $"{phrase}, not '{Printable(argument.Tokens[^1].Value)}'";
            case ArgumentResult { Tokens.Count: > 0 }:
            case OptionResult { Tokens.Count: > 0 }:
                return OneLine(error.Message); // our own validators already speak the user's words
        }

        // A command without the subcommand, arguments or options it needs.
        if (command.Command.Subcommands.Count > 0 && command.Command.Action is null)
        {
            return $"'{path}' needs a command: {Names(command.Command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name), "or")}";
        }
        var missing = command.Command.Arguments
            .Where(a => a.Arity.MinimumNumberOfValues > 0 && command.GetResult(a) is not { Tokens.Count: > 0 })
            .Select(a => a.Name)
            .ToList();
        if (missing.Count > 0)
        {
            return $"'{path}' needs {Names(missing, "and")}";
        }
        return OneLine(error.Message);
    }

    // The parser's own wording for a value of the wrong type ("Cannot parse argument 'x' for option '--port' as expected
    // type 'System.Int32'") or not among the accepted ones ("Argument 'x' not recognized. Must be one of: ...").
    private static bool IsTypeError(ParseError error) =>
        error.Message.StartsWith("Cannot parse argument", StringComparison.Ordinal)
        || (error.Message.StartsWith("Argument '", StringComparison.Ordinal) && error.Message.Contains("not recognized", StringComparison.Ordinal))
        || error.Message.StartsWith("Required argument missing", StringComparison.Ordinal);

    /// <summary><paramref name="text"/> with control characters shown as <c>\xNN</c> and cut to <paramref name="max"/> characters, to quote it safely.</summary>
    public static string Printable(string text, int max = 60)
    {
        var shown = new System.Text.StringBuilder();
        foreach (var c in text.Length > max ? text[..max] : text)
        {
            shown.Append(char.IsControl(c) ? string.Create(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}") : c.ToString());
        }
        return text.Length > max ? shown.Append('…').ToString() : shown.ToString();
    }

    private static List<string> CommandPath(CommandResult command)
    {
        var names = new List<string>();
        for (SymbolResult? s = command; s is CommandResult c && c.Command is not RootCommand; s = c.Parent)
        {
            names.Insert(0, c.Command.Name);
        }
        return names;
    }

    private static string Names(IEnumerable<string> names, string conjunction)
    {
        var list = names.ToList();
        return list.Count == 1 ? list[0] : $"{string.Join(", ", list.SkipLast(1))} {conjunction} {list[^1]}";
    }

    private static string OneLine(string message) =>
        string.Join(' ', message.Split((char[])['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).TrimEnd('.');

    private static string Suggest(string word, IEnumerable<string> known)
    {
        var best = known
            .Select(k => (Name: k, Distance: Distance(word, k)))
            .Where(k => k.Distance <= Math.Max(1, k.Name.Length / 3))
            .OrderBy(k => k.Distance)
            .FirstOrDefault();
        return best.Name is null ? "" : $" (did you mean '{best.Name}'?)";
    }

    // Edit distance counting a swap of two neighbours as one edit (optimal string alignment), case-insensitive:
    // "--pni" is one typo away from "--pin".
    private static int Distance(string a, string b)
    {
        a = a.ToLowerInvariant();
        b = b.ToLowerInvariant();
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }
        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                d[i, j] = Math.Min(Math.Min(d[i, j - 1] + 1, d[i - 1, j] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }
        return d[a.Length, b.Length];
    }
}
