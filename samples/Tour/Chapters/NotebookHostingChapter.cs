namespace Tour.Chapters;

internal sealed class NotebookHostingChapter : Chapter
{
    public override string Package => "NotebookHosting";

    public override string Wraps => "Jupyter as a service under IIS or systemd";

    public override bool IsReady => false;

    public override Task RunAsync(TextWriter output, CancellationToken cancellationToken) => Task.CompletedTask;
}
