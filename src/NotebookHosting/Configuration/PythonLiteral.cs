using System.Globalization;
using System.Text;

namespace Drivers.NotebookHosting.Configuration;

/// <summary>Python source literals for the generated config files. Pure.</summary>
internal static class PythonLiteral
{
    /// <summary>
    /// A single-quoted Python 3 string literal of <paramref name="value"/>. Everything outside printable
    /// ASCII is escaped, so the file is plain ASCII whatever the value holds and no value can end the
    /// literal early (Python reference, "String and Bytes literals").
    /// </summary>
    public static string String(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('\'');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '\\': builder.Append(@"\\"); break;
                case '\'': builder.Append(@"\'"); break;
                case '\n': builder.Append(@"\n"); break;
                case '\r': builder.Append(@"\r"); break;
                case '\t': builder.Append(@"\t"); break;
                case >= ' ' and <= '~': builder.Append(c); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                    {
                        builder.Append(CultureInfo.InvariantCulture, $@"\U{char.ConvertToUtf32(c, value[i + 1]):x8}");
                        i++;
                    }
                    else
                    {
                        // A lone surrogate is a legal code point in a Python str, so it survives too.
                        builder.Append(CultureInfo.InvariantCulture, $@"\u{(int)c:x4}");
                    }
                    break;
            }
        }
        return builder.Append('\'').ToString();
    }

    public static string Bool(bool value) => value ? "True" : "False";

    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
}
