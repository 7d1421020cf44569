namespace Ds4;

/// <summary>A file given to record or replay cannot be used: exit code 1 with this one sentence.</summary>
internal sealed class FileProblemException(string message) : Exception(message);
