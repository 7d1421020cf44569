namespace Tour.Chapters;

internal sealed class DualShock4Chapter : Chapter
{
    public override string Package => "DualShock4";

    public override string Wraps => "DualShock 4 controller over Linux hidraw";

    public override bool IsReady => false;

    public override Task RunAsync(TextWriter output, CancellationToken cancellationToken) => Task.CompletedTask;
}
