namespace StringBenchmarks;

/// <summary>The documented exit codes of string-benchmarks.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>A method built a different string, or the CPython side could not run.</summary>
    public const int Error = 1;

    public const int Usage = 2;

    /// <summary>Ctrl-C, as a shell reports SIGINT (128 + 2).</summary>
    public const int Interrupted = 130;
}
