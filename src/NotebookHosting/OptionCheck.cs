using System.Globalization;
using System.Text;

namespace Drivers.NotebookHosting;

/// <summary>The one way the options classes of this package report a property out of range.</summary>
internal static class OptionCheck
{
    /// <summary>
    /// Throws an <see cref="ArgumentException"/> for the options parameter, naming the property, its rule and its
    /// value, unless <paramref name="valid"/>.
    /// </summary>
    public static void That<TOptions>(bool valid, string property, string rule, object? value, string parameter = "options")
    {
        if (!valid)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{typeof(TOptions).Name}.{property} {rule}; it is '{Shown(value)}'."),
                parameter);
        }
    }

    // The value as the message quotes it: control characters and surrogates as \uXXXX, so that a hostile value
    // (a newline, an escape sequence) keeps the message on one line and cannot drive a terminal.
    internal static string Shown(object? value)
    {
        var text = string.Format(CultureInfo.InvariantCulture, "{0}", value ?? "null");
        var shown = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsControl(c) || char.IsSurrogate(c))
            {
                shown.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                shown.Append(c);
            }
        }
        return shown.ToString();
    }
}
