using System.CommandLine;
using System.Net;

namespace ShutterWeb;

/// <summary>What the user asked for on the command line.</summary>
internal sealed record Settings(string Urls, int Pin, int? FocusPin, int? Chip, bool Simulate, string? Token);

/// <summary>The command line <c>shutter-web [--urls URL] [--pin BCM] [--focus-pin BCM] [--chip N] [--simulate] [--token T]</c>.</summary>
internal static class CommandLine
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    private static readonly Option<string> Urls = new("--urls") { Description = $"Where to listen (default {DefaultUrls}; several separated by ';').", HelpName = "URL", DefaultValueFactory = _ => DefaultUrls };
    private static readonly Option<int> Pin = new("--pin") { Description = "The shutter line, BCM numbering (default 18 = header pin 12).", HelpName = "BCM", DefaultValueFactory = _ => 18 };
    private static readonly Option<int?> FocusPin = new("--focus-pin") { Description = "The focus (half-press) line, if wired.", HelpName = "BCM" };
    private static readonly Option<int?> Chip = new("--chip") { Description = "The GPIO chip (/dev/gpiochipN); found by its label when omitted.", HelpName = "N" };
    private static readonly Option<bool> Simulate = new("--simulate") { Description = "Use the virtual GPIO instead of hardware (edges are printed)." };
    private static readonly Option<string?> Token = new("--token") { Description = "Require 'Authorization: Bearer T' on the API; needed to listen beyond loopback.", HelpName = "T" };

    /// <summary>
    /// Parses <paramref name="args"/>; the result's action runs <paramref name="run"/> with the settings (or shows
    /// help). <paramref name="error"/> is one sentence when the command line is wrong, by syntax or by meaning.
    /// </summary>
    public static ParseResult Parse(string[] args, Func<Settings, Task<int>> run, out string? error)
    {
        var root = new RootCommand(
            "An intervalometer for a camera wired to a GPIO pin, with a web page to drive it from a phone.\n"
            + "Exit codes: 0 stopped, 1 no GPIO or cannot listen, 2 usage error, 130 Ctrl-C.")
        {
            Urls, Pin, FocusPin, Chip, Simulate, Token,
        };
        root.SetAction((parse, _) => run(Read(parse)));
        var parsed = root.Parse(args);
        error = parsed.Errors.Count > 0 ? UsageErrors.Explain("shutter-web", parsed, Takes) : Check(Read(parsed));
        return parsed;
    }

    // What each option takes, for the sentence when its value is missing or not a number.
    private static readonly Dictionary<string, string> Takes = new()
    {
        ["--urls"] = $"--urls takes a URL such as {DefaultUrls}",
        ["--pin"] = "--pin takes a BCM line number such as 18",
        ["--focus-pin"] = "--focus-pin takes a BCM line number such as 23",
        ["--chip"] = "--chip takes a GPIO chip number such as 0",
        ["--token"] = "--token takes the secret a client must send",
    };

    private static Settings Read(ParseResult parse) => new(
        parse.GetValue(Urls) ?? "", parse.GetValue(Pin), parse.GetValue(FocusPin), parse.GetValue(Chip), parse.GetValue(Simulate), parse.GetValue(Token));

    private static string? Check(Settings settings)
    {
        var (urls, pin, focusPin, chip, _, token) = settings;
        if (pin < 0 || focusPin < 0)
        {
            return "--pin and --focus-pin need a BCM line number such as 18";
        }
        if (chip < 0)
        {
            return "--chip needs a chip number such as 0";
        }
        if (focusPin == pin)
        {
            return "--focus-pin must differ from --pin";
        }
        if (token is not null && string.IsNullOrWhiteSpace(token))
        {
            return "--token needs a non-empty value";
        }
        var list = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (list.Length == 0)
        {
            return $"--urls needs a URL such as {DefaultUrls}";
        }
        foreach (var url in list)
        {
            if (!TryIsLoopback(url, out var loopback))
            {
                return $"'{url}' is not a URL to listen on, such as {DefaultUrls}";
            }
            if (url.StartsWith("https:", StringComparison.OrdinalIgnoreCase))
            {
                // No certificate options: rather than abort on the missing certificate, say what to do instead.
                return $"'{url}' asks for HTTPS, which shutter-web does not serve; use http:// and put a TLS reverse proxy (Caddy, nginx) in front to keep the token off the air in clear";
            }
            if (!loopback && token is null)
            {
                return $"listening on {url} reaches beyond this machine; add --token T so that only holders of T can take pictures";
            }
        }
        return null;
    }

    private static bool TryIsLoopback(string url, out bool loopback)
    {
        loopback = false;
        // Kestrel's wildcards (*, +) and 0.0.0.0/[::] listen on every interface.
        var normalized = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
        if (!Uri.TryCreate(normalized, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return false;
        }
        loopback = uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
        return true;
    }
}
