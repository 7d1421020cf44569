namespace Drivers.Em73xx.Protocol.Ussd;

/// <summary>
/// What a caller may send: a code of the characters TS 22.030 6.5.2 builds codes from (0-9 * # +), an answer to a menu
/// of those and ASCII letters and spaces; at most 182 characters, the most a USSD string holds (TS 23.038 6.1.2.3, 160
/// octets). Nothing else reaches the AT command line: no quote, no line end, no second command.
/// </summary>
internal static class UssdInput
{
    /// <summary>The longest USSD string: 160 octets of packed 7-bit characters.</summary>
    public const int MaxLength = 182;

    /// <summary>True for a USSD code such as <c>*101#</c>.</summary>
    public static bool IsCode(string? code) =>
        code is { Length: > 0 and <= MaxLength } && code.All(c => char.IsAsciiDigit(c) || c is '*' or '#' or '+');

    /// <summary>True for an answer to a menu such as <c>1</c>.</summary>
    public static bool IsAnswer(string? answer) =>
        answer is { Length: > 0 and <= MaxLength } && answer.All(c => char.IsAsciiLetterOrDigit(c) || c is '*' or '#' or '+' or ' ');
}
