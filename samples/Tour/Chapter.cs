namespace Tour;

/// <summary>One package's part of the tour: runs it against its simulator and tells what happened.</summary>
internal abstract class Chapter
{
    /// <summary>The package (and assembly) this chapter shows.</summary>
    public abstract string Package { get; }

    /// <summary>What the package wraps, in a few words, for the table.</summary>
    public abstract string Wraps { get; }

    /// <summary>Runs the chapter, writing what happened to <paramref name="output"/>.</summary>
    public abstract Task RunAsync(TextWriter output, CancellationToken cancellationToken);
}
