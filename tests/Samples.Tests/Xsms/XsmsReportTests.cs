using System.Runtime.Versioning;
using System.Text.Json;
using Drivers.Em73xx.Sms;
using Samples.Tests.Infrastructure;

namespace Samples.Tests.Xsms;

/// <summary>xsms send --report and watch with delivery reports, as processes against the simulated EM7345 on a pseudo-terminal.</summary>
[SupportedOSPlatform("linux")]
public sealed class XsmsReportTests : IAsyncDisposable
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);
    private readonly SimulatedXsms _xsms = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _xsms.DisposeAsync();

    private Task<SampleResult> RunAsync(params string[] arguments) => _xsms.RunAsync(null, arguments);

    [Fact]
    public async Task Send_report_prints_the_reference_then_when_the_message_was_delivered()
    {
        var result = await RunAsync("send", "+420775123456", "Příliš žluťoučký kůň 🐎", "--report");

        var lines = result.StandardOutput.TrimEnd('\n').Split('\n');
        Assert.Equal((0, ""), (result.ExitCode, result.StandardError));
        Assert.Equal(2, lines.Length);
        Assert.Matches(@"^delivered to \+420775123456 at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d[+-]\d\d:\d\d \(reference " + lines[0] + @"\)$", lines[1]);
        Assert.Equal(("+420775123456", "Příliš žluťoučký kůň 🐎"), _xsms.Modem.SentMessages.Single());
    }

    [Fact]
    public async Task Send_report_json_prints_the_references_then_one_report_object_per_line()
    {
        var result = await RunAsync("send", "+420775123456", new string('a', 200), "--report", "--json");

        var lines = result.StandardOutput.TrimEnd('\n').Split('\n');
        Assert.Equal(0, result.ExitCode);
        using var sent = JsonDocument.Parse(lines[0]);
        var references = sent.RootElement.GetProperty("references").EnumerateArray().Select(r => r.GetInt32()).ToList();
        Assert.Equal(2, references.Count);
        var reported = lines[1..].Select(line =>
        {
            using var report = JsonDocument.Parse(line);
            var root = report.RootElement;
            Assert.Equal(("report", "delivered", "delivered", 0, "+420775123456"),
                (root.GetProperty("type").GetString(), root.GetProperty("outcome").GetString(), root.GetProperty("status").GetString(),
                 root.GetProperty("statusCode").GetInt32(), root.GetProperty("recipient").GetString()));
            return root.GetProperty("reference").GetInt32();
        });
        Assert.Equal(references.Order(), reported.Order());
    }

    [Fact]
    public async Task Send_report_exits_5_in_one_sentence_when_the_service_center_gives_up()
    {
        _xsms.Modem.SetNextDeliveryReports(DeliveryStatus.RecipientBusy, DeliveryStatus.NoInterworking);

        var result = await RunAsync("send", "+420775123456", "Hi", "--report");

        var lines = result.StandardOutput.TrimEnd('\n').Split('\n');
        Assert.Equal(5, result.ExitCode);
        Assert.Equal($"still trying to deliver to +420775123456: recipient busy (TP-Status 0x21) (reference {lines[0]})", lines[1]);
        Assert.Equal($"not delivered to +420775123456: no interworking (TP-Status 0x45) (reference {lines[0]})", lines[2]);
        Assert.Equal($"xsms: The message was not delivered to +420775123456: no interworking (TP-Status 0x45) (reference {lines[0]}).\n", result.StandardError);
    }

    [Fact]
    public async Task Send_report_exits_6_when_no_final_report_comes_in_time()
    {
        _xsms.Modem.SetNextDeliveryReports(DeliveryStatus.NoResponse); // still trying, and nothing more

        var result = await RunAsync("--timeout", "1", "send", "+420775123456", "Hi", "--report");

        Assert.Equal(6, result.ExitCode);
        Assert.StartsWith("xsms: No final delivery report came within 1 s for reference(s) ", result.StandardError, StringComparison.Ordinal);
        Assert.Single(result.StandardError.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task Send_without_report_asks_for_none()
    {
        var result = await RunAsync("send", "+420775123456", "Hi");

        Assert.Equal((0, "1\n"), (result.ExitCode, result.StandardOutput));
        Assert.DoesNotContain(_xsms.Modem.ReceivedCommands, c => c.StartsWith("AT+CNMI", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Watch_json_prints_reports_with_type_report_beside_messages_with_type_message()
    {
        var reportsOn = Handled("AT+CNMI=2,1,0,1,0");
        using var process = _xsms.Start("watch", "--json");
        try
        {
            await reportsOn.WaitAsync(Guard, Token);
            _xsms.Modem.DeliverReport("+420775123456", 42, DeliveryStatus.Delivered);
            var report = await process.StandardOutput.ReadLineAsync(Token).AsTask().WaitAsync(Guard, Token);
            _xsms.Modem.DeliverMessage("+420775123456", "Got it");
            var message = await process.StandardOutput.ReadLineAsync(Token).AsTask().WaitAsync(Guard, Token);

            using (var document = JsonDocument.Parse(report!))
            {
                Assert.Equal(("report", 42, "delivered"), (document.RootElement.GetProperty("type").GetString(),
                    document.RootElement.GetProperty("reference").GetInt32(), document.RootElement.GetProperty("outcome").GetString()));
            }
            using (var document = JsonDocument.Parse(message!))
            {
                Assert.Equal(("message", "Got it"), (document.RootElement.GetProperty("type").GetString(), document.RootElement.GetProperty("text").GetString()));
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(Token);
        }
    }

    private Task Handled(string command)
    {
        var handled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _xsms.Modem.CommandHandled += (_, line) =>
        {
            if (line == command)
            {
                handled.TrySetResult();
            }
        };
        return handled.Task;
    }
}
