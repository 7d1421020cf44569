using Drivers.DualShock4;

namespace Cube.Motion;

/// <summary>An RGB color, as the lightbar takes it.</summary>
internal readonly record struct Rgb(byte Red, byte Green, byte Blue)
{
    /// <summary>The color as CSS writes it, <c>#rrggbb</c>.</summary>
    public string Css => $"#{Red:x2}{Green:x2}{Blue:x2}";

    /// <summary>Reads <c>#rrggbb</c>.</summary>
    public static bool TryParse(string? css, out Rgb color)
    {
        color = default;
        if (css is not { Length: 7 } || css[0] != '#' || !uint.TryParse(css.AsSpan(1), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }
        color = new Rgb((byte)(value >> 16), (byte)(value >> 8), (byte)value);
        return true;
    }
}

/// <summary>The color each face button gives the cube (and the lightbar): the symbols' own colors, saturated for the LEDs.</summary>
internal static class CubeColors
{
    /// <summary>Before any button is pressed.</summary>
    public static readonly Rgb Start = new(255, 255, 255);

    public static readonly Rgb Cross = new(0, 80, 255);
    public static readonly Rgb Circle = new(255, 0, 40);
    public static readonly Rgb Square = new(255, 0, 200);
    public static readonly Rgb Triangle = new(0, 220, 80);

    /// <summary>The color of the face button pressed since <paramref name="before"/>, if any (the last in this order wins).</summary>
    public static Rgb? ForNewPresses(Buttons before, Buttons now)
    {
        var pressed = now & ~before;
        Rgb? color = null;
        if ((pressed & Buttons.Cross) != 0)
        {
            color = Cross;
        }
        if ((pressed & Buttons.Circle) != 0)
        {
            color = Circle;
        }
        if ((pressed & Buttons.Square) != 0)
        {
            color = Square;
        }
        if ((pressed & Buttons.Triangle) != 0)
        {
            color = Triangle;
        }
        return color;
    }
}
