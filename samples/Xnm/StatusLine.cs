using System.Text;
using Drivers.NetworkManager.Connections;

namespace Xnm;

/// <summary>
/// One line for a status bar from a format: placeholders in braces, and optional parts in square brackets that are
/// left out when a placeholder inside them is empty, so that <c>{name}[ {strength}%]</c> prints <c>eth0</c> for a wired
/// connection and <c>HomeWPA2 67%</c> for Wi-Fi.
/// </summary>
internal static class StatusLine
{
    /// <summary>The format when none is given.</summary>
    public const string DefaultFormat = "{name}[ {strength}%][, modem {modem}]";

    /// <summary>The placeholders, for --help and error messages.</summary>
    public static readonly string[] Placeholders = ["name", "type", "device", "strength", "state", "modem"];

    /// <summary>Null when <paramref name="format"/> is well formed, else what is wrong with it.</summary>
    public static string? Check(string format)
    {
        var depth = 0;
        for (var i = 0; i < format.Length; i++)
        {
            switch (format[i])
            {
                case '[':
                    if (++depth > 1)
                    {
                        return "optional parts in [ ] cannot be nested";
                    }
                    break;
                case ']':
                    if (--depth < 0)
                    {
                        return "a ] has no [ before it";
                    }
                    break;
                case '{':
                    var end = format.IndexOf('}', i);
                    if (end < 0)
                    {
                        return "a { has no } after it";
                    }
                    var name = format[(i + 1)..end];
                    if (!Placeholders.Contains(name))
                    {
                        return $"{{{UsageErrors.Printable(name, 20)}}} is not a placeholder; use {string.Join(", ", Placeholders.Select(p => $"{{{p}}}"))}";
                    }
                    i = end;
                    break;
                case '}':
                    return "a } has no { before it";
            }
        }
        return depth == 0 ? null : "a [ has no ] after it";
    }

    /// <summary>Fills a well-formed <paramref name="format"/> (see <see cref="Check"/>) from <paramref name="status"/>.</summary>
    public static string Format(string format, NetworkStatus status)
    {
        var line = new StringBuilder();
        var part = new StringBuilder();
        var partComplete = true;
        var inPart = false;
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            var target = inPart ? part : line;
            switch (c)
            {
                case '[':
                    inPart = true;
                    part.Clear();
                    partComplete = true;
                    break;
                case ']':
                    if (partComplete)
                    {
                        line.Append(part);
                    }
                    inPart = false;
                    break;
                case '{':
                    var end = format.IndexOf('}', i);
                    var value = Value(format[(i + 1)..end], status);
                    partComplete &= value.Length > 0;
                    target.Append(value);
                    i = end;
                    break;
                default:
                    target.Append(c);
                    break;
            }
        }
        return line.ToString();
    }

    private static string Value(string name, NetworkStatus status) => name switch
    {
        // A name comes from the air or from a profile: its control characters must not reach the status bar's terminal.
        "name" => UsageErrors.Printable(status.Ssid ?? status.ConnectionId ?? "disconnected", int.MaxValue),
        "type" => status.DeviceType is { } type ? Names.Kebab(type) : "",
        "device" => UsageErrors.Printable(status.InterfaceName ?? "", int.MaxValue),
        "strength" => status.StrengthPercent?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
        "state" => Names.Kebab(status.State),
        "modem" => status.ModemState is { } modem ? Names.Kebab(modem) : "",
        _ => "",
    };
}
