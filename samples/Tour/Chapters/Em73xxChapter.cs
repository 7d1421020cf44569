namespace Tour.Chapters;

internal sealed class Em73xxChapter : Chapter
{
    public override string Package => "Em73xx";

    public override string Wraps => "EM7345 LTE modem: PIN, SMS, GPS, reset (AT commands)";

    public override bool IsReady => false;

    public override Task RunAsync(TextWriter output, CancellationToken cancellationToken) => Task.CompletedTask;
}
