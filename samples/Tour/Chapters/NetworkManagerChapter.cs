namespace Tour.Chapters;

internal sealed class NetworkManagerChapter : Chapter
{
    public override string Package => "NetworkManager";

    public override string Wraps => "NetworkManager over D-Bus: Wi-Fi, 4G modem, radios";

    public override bool IsReady => false;

    public override Task RunAsync(TextWriter output, CancellationToken cancellationToken) => Task.CompletedTask;
}
