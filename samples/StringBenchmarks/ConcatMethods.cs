using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace StringBenchmarks;

/// <summary>
/// The C# counterparts of the experiment's methods. Each builds the decimal forms of 0..n-1 written one
/// after the other ("0123456789101112..."), which is what every method must produce.
/// </summary>
internal static class ConcatMethods
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Every method, in the experiment's order, the .NET-only ones after their nearest kin.</summary>
    public static IReadOnlyList<ConcatMethod> All { get; } =
    [
        new("naive +=", 1, Naive),
        new("StringBuilder", 2, Builder),
        new("StringBuilder presized", null, PresizedBuilder),
        new("List<char>", 3, CharList),
        new("List<string> + Join", 4, ListJoin),
        new("StringWriter", 5, Writer),
        new("LINQ + Concat", 6, LinqConcat),
        new("string.Create + TryFormat", null, SpanFormat),
    ];

    /// <summary>The exact length of the result: the number of decimal digits of 0..n-1 together.</summary>
    public static int Length(int n)
    {
        var length = 0L;
        // Numbers with d digits run from 10^(d-1) (0 for d = 1) to 10^d - 1.
        for (long low = 0, high = 10, digits = 1; low < n; low = high, high *= 10, digits++)
        {
            length += (Math.Min(high, n) - low) * digits;
        }
        return checked((int)length);
    }

    // (1) Each += copies the whole string so far: quadratic in n.
    public static string Naive(int n)
    {
        var s = "";
        for (var i = 0; i < n; i++)
        {
            s += i.ToString(Invariant);
        }
        return s;
    }

    // (2) The mutable string: grows its chunks as it goes.
    public static string Builder(int n)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < n; i++)
        {
            builder.Append(i);
        }
        return builder.ToString();
    }

    // The same, told the final length first: one chunk, no growth.
    public static string PresizedBuilder(int n)
    {
        var builder = new StringBuilder(Length(n));
        for (var i = 0; i < n; i++)
        {
            builder.Append(i);
        }
        return builder.ToString();
    }

    // (3) Appending to an array of characters, as Python's array('u').fromunicode(str(i)) does.
    public static string CharList(int n)
    {
        var chars = new List<char>();
        for (var i = 0; i < n; i++)
        {
            chars.AddRange(i.ToString(Invariant).AsSpan());
        }
        return new string(CollectionsMarshal.AsSpan(chars));
    }

    // (4) A list of strings, joined once at the end.
    public static string ListJoin(int n)
    {
        var parts = new List<string>();
        for (var i = 0; i < n; i++)
        {
            parts.Add(i.ToString(Invariant));
        }
        return string.Join("", parts);
    }

    // (5) Writing to an in-memory text buffer, as io.StringIO.
    public static string Writer(int n)
    {
        using var writer = new StringWriter(Invariant);
        for (var i = 0; i < n; i++)
        {
            writer.Write(i);
        }
        return writer.ToString();
    }

    // (6) The joined comprehension: ''.join(str(i) for i in range(n)).
    public static string LinqConcat(int n) =>
        string.Concat(Enumerable.Range(0, n).Select(i => i.ToString(Invariant)));

    // The fastest .NET allows without tricks: allocate the result once at its exact length and format
    // each number straight into it; no intermediate string exists.
    public static string SpanFormat(int n) =>
        string.Create(Length(n), n, static (span, count) =>
        {
            var position = 0;
            for (var i = 0; i < count; i++)
            {
                i.TryFormat(span[position..], out var written, default, CultureInfo.InvariantCulture);
                position += written;
            }
        });
}
