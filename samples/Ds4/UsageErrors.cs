using System.CommandLine;
using System.CommandLine.Parsing;

namespace Ds4;

/// <summary>Turns the parser's first error into one sentence in the user's words, naming the wrong or missing word.</summary>
internal static class UsageErrors
{
    /// <summary>The sentence for <paramref name="parsed"/>'s first error; <paramref name="takes"/> says what each option takes, by name.</summary>
    public static string Explain(ParseResult parsed, IReadOnlyDictionary<string, string> takes)
    {
        var command = parsed.CommandResult;
        var path = command.Command is RootCommand ? "ds4" : $"ds4 {command.Command.Name}";

        // A word the parser did not know: a typo'd command or option, or one word too many.
        if (parsed.UnmatchedTokens.Count > 0)
        {
            var word = parsed.UnmatchedTokens[0];
            if (word.StartsWith('-'))
            {
                var options = command.Command.Options.Concat(parsed.RootCommandResult.Command.Options.Where(o => o.Recursive)).Select(o => o.Name);
                return $"'{word}' is not an option of '{path}'{Suggest(word, options)}";
            }
            if (command.Command is RootCommand)
            {
                return $"'{word}' is not a ds4 command{Suggest(word, command.Command.Subcommands.Select(c => c.Name))}";
            }
            return $"'{word}' is one word too many for '{path}'";
        }

        // Our own checks (a number out of range, a value that is not a number) already speak the user's words.
        var error = parsed.Errors[0];
        if (error.SymbolResult is OptionResult option)
        {
            if (option.Tokens.Count < option.Option.Arity.MinimumNumberOfValues && takes.TryGetValue(option.Option.Name, out var phrase))
            {
                return phrase;
            }
            return error.Message;
        }
        if (error.SymbolResult is ArgumentResult { Tokens.Count: > 0 })
        {
            return error.Message;
        }

        // A command without the arguments it needs.
        var missing = command.Command.Arguments
            .Where(a => command.GetResult(a) is not { Tokens.Count: > 0 })
            .Select(a => a.Name)
            .ToList();
        if (missing.Count > 0)
        {
            var names = missing.Count == 1 ? missing[0] : $"{string.Join(", ", missing.SkipLast(1))} and {missing[^1]}";
            return $"{command.Command.Name} needs {names}";
        }
        return error.Message.ReplaceLineEndings(" ");
    }

    private static string Suggest(string word, IEnumerable<string> known)
    {
        var best = known
            .Select(k => (Name: k, Distance: Distance(word, k)))
            .Where(k => k.Distance <= Math.Max(1, k.Name.Length / 3))
            .OrderBy(k => k.Distance)
            .FirstOrDefault();
        return best.Name is null ? "" : $" (did you mean '{best.Name}'?)";
    }

    // Levenshtein distance, case-insensitive.
    private static int Distance(string a, string b)
    {
        a = a.ToLowerInvariant();
        b = b.ToLowerInvariant();
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }
            previous = current;
        }
        return previous[b.Length];
    }
}
