using System.CommandLine;
using System.CommandLine.Parsing;
using System.Net;
using Samples.Shared;

namespace Cube;

/// <summary>What the user asked for on the command line.</summary>
internal sealed record CubeSettings(string Urls, bool Simulate, string? Replay, string? Token);

/// <summary>
/// The command line <c>cube [--urls URL] [--simulate | --replay FILE] [--token-file FILE | --token T]</c>, and the token
/// from <c>CUBE_TOKEN</c> when neither gives it.
/// </summary>
internal static class CommandLine
{
    public const string DefaultUrls = "http://127.0.0.1:5173";

    private static readonly Option<string> Urls = new("--urls") { Description = $"Where to listen (default {DefaultUrls}; several separated by ';').", HelpName = "URL", DefaultValueFactory = _ => DefaultUrls };
    private static readonly Option<bool> Simulate = new("--simulate") { Description = "Play the bundled two-second recording into a simulated controller, in a loop." };
    private static readonly Option<string?> Replay = new("--replay") { Description = "Play a recording made by 'ds4 record' into a simulated controller, in a loop.", HelpName = "FILE" };
    private static readonly Option<string?> Token = new("--token") { Description = $"Require 'Authorization: Bearer T' on the API (needed beyond loopback); other users see T in the process list, so prefer {TokenVariable} or --token-file.", HelpName = "T" };
    private static readonly Option<string?> TokenFile = new("--token-file") { Description = "Read T from FILE, which only you may read or write (chmod 600).", HelpName = "FILE" };

    /// <summary>The environment variable that gives the token when neither --token nor --token-file does.</summary>
    public const string TokenVariable = "CUBE_TOKEN";

    /// <summary>
    /// Parses <paramref name="args"/>; the result's action runs <paramref name="run"/> with the settings (or shows
    /// help). <paramref name="error"/> is one sentence when the command line is wrong, by syntax or by meaning.
    /// </summary>
    public static ParseResult Parse(string[] args, Func<CubeSettings, Task<int>> run, out string? error)
    {
        var root = new RootCommand(
            "A lit 3D cube in the browser that the DualShock 4 turns, moves and colors; the lightbar follows the color.\n"
            + "Without --simulate or --replay it uses the first controller attached.\n"
            + "Exit codes: 0 stopped, 1 cannot listen or controller failed, 2 usage error, 3 no controller, 4 bad recording, 130 Ctrl-C.")
        {
            Urls, Simulate, Replay, Token, TokenFile,
        };
        // The token is read once (a file, the environment) while checking, and the action runs with what was checked.
        CubeSettings? settings = null;
        root.SetAction((_, _) => run(settings!));
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            error = Sentence(parsed.Errors[0]);
            return parsed;
        }
        var token = BearerToken.Resolve(parsed.GetValue(Token), parsed.GetValue(TokenFile), TokenVariable, out error);
        settings = new(parsed.GetValue(Urls) ?? "", parsed.GetValue(Simulate), parsed.GetValue(Replay), token);
        error ??= Check(settings);
        return parsed;
    }

    /// <summary>A parse error as one sentence on one line, whatever the parser's wording.</summary>
    private static string Sentence(ParseError error) =>
        string.Join(' ', error.Message.Split((char[])['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).TrimEnd('.');

    private static string? Check(CubeSettings settings)
    {
        var (urls, simulate, replay, token) = settings;
        if (simulate && replay is not null)
        {
            return "--simulate plays the bundled recording and --replay plays FILE; give one of them";
        }
        if (replay is not null && string.IsNullOrWhiteSpace(replay))
        {
            return "--replay needs a FILE made by 'ds4 record'";
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
                return $"'{url}' asks for HTTPS, which cube does not serve; use http:// and put a TLS reverse proxy (Caddy, nginx) in front to keep the token off the air in clear";
            }
            if (!loopback && token is null)
            {
                return $"listening on {url} reaches beyond this machine; set {TokenVariable} or give --token-file FILE so that only holders of the token can watch the controller and set its lightbar";
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
