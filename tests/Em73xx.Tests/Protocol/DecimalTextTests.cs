using System.Globalization;
using Drivers.Em73xx.Protocol;
using FsCheck.Xunit;

namespace Drivers.Em73xx.Tests.Protocol;

public sealed class DecimalTextTests
{
    [Property(MaxTest = 2000)]
    public bool Plain_decimals_parse_exactly_as_the_framework_parses_them(long whole, uint fraction, byte places)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{whole % 1_000_000_000}.{fraction.ToString(CultureInfo.InvariantCulture).PadLeft(places % 12, '0')}");

        return DecimalText.TryParse(text, out var fast) && fast == double.Parse(text, CultureInfo.InvariantCulture);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("1.2.3")]
    [InlineData("1e5")]
    [InlineData("12a")]
    [InlineData(" 1")]
    public void Anything_but_a_plain_decimal_is_refused(string text) => Assert.False(DecimalText.TryParse(text, out _));

    [Fact]
    public void Long_numbers_fall_back_to_the_framework() =>
        Assert.True(DecimalText.TryParse("123456789012345678.25", out var value) && value == 123456789012345678.25);
}
