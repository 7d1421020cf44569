namespace Xnm;

/// <summary>The documented exit codes of xnm.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int NetworkManagerError = 1;
    public const int Usage = 2;
    public const int WrongPassword = 3;
    public const int NotFound = 4;
}
