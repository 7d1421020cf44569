using System.Globalization;

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
                string.Create(CultureInfo.InvariantCulture, $"{typeof(TOptions).Name}.{property} {rule}; it is '{value ?? "null"}'."),
                parameter);
        }
    }
}
