namespace Tour.Chapters;

internal sealed class ShutterChapter : Chapter
{
    public override string Package => "Shutter";

    public override string Wraps => "Camera shutter release on a GPIO pin, intervalometer";

    public override bool IsReady => false;

    public override Task RunAsync(TextWriter output, CancellationToken cancellationToken) => Task.CompletedTask;
}
