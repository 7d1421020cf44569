namespace Drivers.Em73xx.Protocol;

/// <summary>Splits the parameter part of an AT line on commas, keeping quoted commas (as in an SCTS) inside their field.</summary>
internal static class AtFields
{
    /// <summary>Fills <paramref name="ranges"/> with the fields of <paramref name="text"/>; returns how many were found (at most the span's length).</summary>
    public static int Split(ReadOnlySpan<char> text, Span<Range> ranges)
    {
        if (ranges.IsEmpty)
        {
            return 0;
        }
        var count = 0;
        var start = 0;
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                ranges[count++] = new Range(start, i);
                start = i + 1;
                if (count == ranges.Length)
                {
                    return count;
                }
            }
        }
        ranges[count++] = new Range(start, text.Length);
        return count;
    }

    /// <summary>The field without surrounding spaces and one pair of surrounding quotes.</summary>
    public static ReadOnlySpan<char> Unquote(ReadOnlySpan<char> field)
    {
        field = field.Trim(' ');
        return field.Length >= 2 && field[0] == '"' && field[^1] == '"' ? field[1..^1] : field;
    }

    /// <summary>True when the field is a quoted string.</summary>
    public static bool IsQuoted(ReadOnlySpan<char> field)
    {
        field = field.Trim(' ');
        return field.Length >= 2 && field[0] == '"' && field[^1] == '"';
    }

    /// <summary>Parses a small non-negative decimal integer field (spaces allowed around it).</summary>
    public static bool TryParseInt(ReadOnlySpan<char> field, out int value)
    {
        field = field.Trim(' ');
        value = 0;
        if (field.IsEmpty || field.Length > 9)
        {
            return false;
        }
        foreach (var c in field)
        {
            if (c is < '0' or > '9')
            {
                value = 0;
                return false;
            }
            value = (value * 10) + (c - '0');
        }
        return true;
    }

    /// <summary>The text after <paramref name="prefix"/> (e.g. <c>+CPIN:</c>) with leading spaces removed, if the line starts with it.</summary>
    public static bool TryStripPrefix(ReadOnlySpan<char> line, ReadOnlySpan<char> prefix, out ReadOnlySpan<char> rest)
    {
        if (line.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            rest = line[prefix.Length..].TrimStart(' ');
            return true;
        }
        rest = default;
        return false;
    }
}
