using System.Text;

namespace Xnm;

/// <summary>Enum names as users read them: <c>NeedAuth</c> becomes <c>need-auth</c>, <c>Wifi</c> becomes <c>wifi</c>, 99 becomes <c>unknown (99)</c>.</summary>
internal static class Names
{
    public static string Kebab<T>(T value)
        where T : struct, Enum
    {
        var name = value.ToString();
        if (!Enum.IsDefined(value))
        {
            return $"unknown ({name})"; // a number NetworkManager added after us
        }
        var text = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0 && !char.IsUpper(name[i - 1]))
            {
                text.Append('-');
            }
            text.Append(char.ToLowerInvariant(name[i]));
        }
        return text.ToString();
    }
}
