namespace NotebookHost;

/// <summary>The user asked for something that cannot work as asked: exit code 2, one sentence on stderr.</summary>
internal sealed class UsageException(string message) : Exception(message);
