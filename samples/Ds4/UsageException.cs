namespace Ds4;

/// <summary>The command line is wrong: exit code 2 with this one sentence.</summary>
internal sealed class UsageException(string message) : Exception(message);
