using System.CommandLine;
using System.Net;

namespace ShutterWeb;

/// <summary>What the user asked for on the command line.</summary>
internal sealed record Settings(string Urls, int Pin, int? FocusPin, int? Chip, bool Simulate, string? Token);

/// <summary>
/// The command line <c>shutter-web [--urls URL] [--pin BCM] [--focus-pin BCM] [--chip N] [--simulate] [--token-file FILE | --token T]</c>,
/// and the token from <c>SHUTTER_WEB_TOKEN</c> when neither gives it.
/// </summary>
internal static class CommandLine
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    private static readonly Option<string> Urls = new("--urls") { Description = $"Where to listen (default {DefaultUrls}; several separated by ';').", HelpName = "URL", DefaultValueFactory = _ => DefaultUrls };
    private static readonly Option<int> Pin = new("--pin") { Description = "The shutter line, BCM numbering (default 18 = header pin 12).", HelpName = "BCM", DefaultValueFactory = _ => 18 };
    private static readonly Option<int?> FocusPin = new("--focus-pin") { Description = "The focus (half-press) line, if wired.", HelpName = "BCM" };
    private static readonly Option<int?> Chip = new("--chip") { Description = "The GPIO chip (/dev/gpiochipN); found by its label when omitted.", HelpName = "N" };
    private static readonly Option<bool> Simulate = new("--simulate") { Description = "Use the virtual GPIO instead of hardware (edges are printed)." };
    private static readonly Option<string?> Token = new("--token") { Description = $"Require 'Authorization: Bearer T' on the API (needed beyond loopback); other users see T in the process list, so prefer {TokenVariable} or --token-file.", HelpName = "T" };
    private static readonly Option<string?> TokenFile = new("--token-file") { Description = "Read T from FILE, which only you may read or write (chmod 600).", HelpName = "FILE" };

    /// <summary>The environment variable that gives the token when neither --token nor --token-file does.</summary>
    public const string TokenVariable = "SHUTTER_WEB_TOKEN";

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
            Urls, Pin, FocusPin, Chip, Simulate, Token, TokenFile,
        };
        // The token is read once (a file, the environment) while checking, and the action runs with what was checked.
        Settings? settings = null;
        root.SetAction((_, _) => run(settings!));
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            error = UsageErrors.Explain("shutter-web", parsed, Takes);
            return parsed;
        }
        var token = BearerToken.Resolve(parsed.GetValue(Token), parsed.GetValue(TokenFile), TokenVariable, out error);
        settings = new(parsed.GetValue(Urls) ?? "", parsed.GetValue(Pin), parsed.GetValue(FocusPin), parsed.GetValue(Chip), parsed.GetValue(Simulate), token);
        error ??= Check(settings);
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
        ["--token-file"] = "--token-file takes the path of a file that holds the token",
    };

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
                return $"listening on {url} reaches beyond this machine; set {TokenVariable} or give --token-file FILE so that only holders of the token can take pictures";
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
