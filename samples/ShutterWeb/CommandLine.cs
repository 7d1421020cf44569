using System.Globalization;
using System.Net;

namespace ShutterWeb;

/// <summary>What the user asked for on the command line.</summary>
internal sealed record Settings(string Urls, int Pin, int? FocusPin, int? Chip, bool Simulate, string? Token);

/// <summary>Parses <c>shutter-web [--urls URL] [--pin BCM] [--focus-pin BCM] [--chip N] [--simulate] [--token T]</c>.</summary>
internal static class CommandLine
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    public const string Usage = """
        Usage: shutter-web [--urls URL] [--pin BCM] [--focus-pin BCM] [--chip N] [--simulate] [--token T]

        An intervalometer for a camera wired to a GPIO pin, with a web page to drive it from a phone.

          --urls URL        where to listen (default http://127.0.0.1:5080; several separated by ';')
          --pin BCM         the shutter line, BCM numbering (default 18 = header pin 12)
          --focus-pin BCM   the focus (half-press) line, if wired
          --chip N          the GPIO chip (/dev/gpiochipN); found by its label when omitted
          --simulate        use the virtual GPIO instead of hardware (edges are logged)
          --token T         require 'Authorization: Bearer T' on the API; needed to listen beyond loopback

        Exit codes: 0 stopped normally, 1 no GPIO or the server could not start, 2 usage error.
        """;

    /// <summary>Returns the settings, or null with <paramref name="error"/> set (help sets neither).</summary>
    public static Settings? Parse(string[] args, out string? error, out bool help)
    {
        error = null;
        help = false;
        var urls = DefaultUrls;
        var pin = 18;
        int? focusPin = null;
        int? chip = null;
        var simulate = false;
        string? token = null;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            string? Value()
            {
                if (i + 1 < args.Length)
                {
                    return args[++i];
                }
                return null;
            }
            switch (arg)
            {
                case "-h" or "--help":
                    help = true;
                    return null;
                case "--simulate":
                    simulate = true;
                    break;
                case "--urls":
                    urls = Value() ?? "";
                    if (urls.Length == 0)
                    {
                        error = "--urls needs a URL such as http://127.0.0.1:5080.";
                        return null;
                    }
                    break;
                case "--token":
                    token = Value();
                    if (string.IsNullOrWhiteSpace(token))
                    {
                        error = "--token needs a non-empty value.";
                        return null;
                    }
                    break;
                case "--pin" or "--focus-pin" or "--chip":
                    if (!int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number > 1000)
                    {
                        error = $"{arg} needs a line or chip number such as 18.";
                        return null;
                    }
                    if (arg == "--pin")
                    {
                        pin = number;
                    }
                    else if (arg == "--focus-pin")
                    {
                        focusPin = number;
                    }
                    else
                    {
                        chip = number;
                    }
                    break;
                default:
                    error = $"unknown argument '{arg}'; try 'shutter-web --help'.";
                    return null;
            }
        }
        if (focusPin == pin)
        {
            error = "--focus-pin must differ from --pin.";
            return null;
        }
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!TryIsLoopback(url, out var loopback))
            {
                error = $"'{url}' is not a URL to listen on, such as http://127.0.0.1:5080.";
                return null;
            }
            if (!loopback && token is null)
            {
                error = $"listening on {url} reaches beyond this machine; add --token T so that only holders of T can take pictures.";
                return null;
            }
        }
        return new Settings(urls, pin, focusPin, chip, simulate, token);
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
