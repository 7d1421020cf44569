using System.Globalization;
using System.Text.Json;
using Drivers.Em73xx;
using Drivers.Em73xx.Sms;

namespace Xsms;

/// <summary>A delivery report as <c>--json</c> prints it (the shape README.md documents).</summary>
internal sealed record ReportJson(
    string Type, int Reference, string Recipient, string Outcome, string Status, int StatusCode, string? SubmittedAt, string? DischargedAt)
{
    public static ReportJson From(DeliveryReport report) => new(
        "report",
        report.MessageReference,
        report.Recipient,
        report.Outcome switch
        {
            DeliveryOutcome.Delivered => "delivered",
            DeliveryOutcome.StillTrying => "stillTrying",
            _ => "failed",
        },
        Reports.StatusName(report.Status),
        (int)report.Status,
        Reports.Iso(report.SubmittedAt),
        Reports.Iso(report.DischargedAt));
}

/// <summary>Delivery reports: printed by <c>watch</c>, waited for by <c>send --report</c>.</summary>
internal static class Reports
{
    /// <summary>One line for people: <c>delivered to +420775123456 at 2026-11-30 17:00:05+01:00 (reference 17)</c>.</summary>
    public static string Describe(DeliveryReport report) => report.Outcome switch
    {
        DeliveryOutcome.Delivered => string.Create(CultureInfo.InvariantCulture,
            $"delivered to {report.Recipient} at {report.DischargedAt?.ToString("yyyy-MM-dd HH:mm:sszzz", CultureInfo.InvariantCulture) ?? "an unknown time"} (reference {report.MessageReference})"),
        DeliveryOutcome.StillTrying => string.Create(CultureInfo.InvariantCulture,
            $"still trying to deliver to {report.Recipient}: {Words(report.Status)} (reference {report.MessageReference})"),
        _ => string.Create(CultureInfo.InvariantCulture,
            $"not delivered to {report.Recipient}: {Words(report.Status)} (reference {report.MessageReference})"),
    };

    public static void Print(DeliveryReport report, bool json) =>
        Console.WriteLine(json ? JsonSerializer.Serialize(ReportJson.From(report), XsmsJson.Output.ReportJson) : Describe(report));

    /// <summary>The status in camelCase (<c>recipientBusy</c>), or <c>unknown</c> for a number the driver does not name.</summary>
    public static string StatusName(DeliveryStatus status) =>
        Enum.IsDefined(status) ? char.ToLowerInvariant(status.ToString()[0]) + status.ToString()[1..] : "unknown";

    public static string? Iso(DateTimeOffset? time) => time?.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>
    /// Sends with a report requested on each part, prints the references, then each report on them as it comes, until every
    /// part has a final one or <paramref name="wait"/> is over. Watching starts before sending: a report can come at once.
    /// </summary>
    public static async Task<int> SendAndWaitAsync(Modem modem, string number, string text, bool json, TimeSpan wait, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await using var reports = modem.WatchDeliveryReportsAsync(stop.Token).GetAsyncEnumerator(stop.Token);
        var next = reports.MoveNextAsync().AsTask(); // subscribes now
        IReadOnlyList<int> references;
        try
        {
            references = await modem.SendMessageAsync(number, text, requestDeliveryReport: true, cancellationToken);
        }
        catch
        {
            await stop.CancelAsync();
            await Quietly(next);
            throw;
        }
        Console.WriteLine(json
            ? JsonSerializer.Serialize(new SendJson(references), XsmsJson.Output.SendJson)
            : string.Join('\n', references.Select(r => r.ToString(CultureInfo.InvariantCulture))));
        var waiting = references.ToHashSet();
        var failed = new List<DeliveryReport>();
        using var deadline = new CancellationTokenSource(wait);
        try
        {
            while (waiting.Count > 0 && await next.WaitAsync(deadline.Token))
            {
                var report = reports.Current;
                if (waiting.Contains(report.MessageReference) && SameNumber(report.Recipient, number))
                {
                    Print(report, json);
                    if (report.Outcome != DeliveryOutcome.StillTrying)
                    {
                        waiting.Remove(report.MessageReference);
                    }
                    if (report.Outcome == DeliveryOutcome.Failed)
                    {
                        failed.Add(report);
                    }
                }
                next = reports.MoveNextAsync().AsTask();
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The wait is over; what is still waiting is said below.
        }
        finally
        {
            await stop.CancelAsync();
            await Quietly(next);
        }
        if (failed.Count > 0)
        {
            var first = failed[0];
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"xsms: The message was not delivered to {first.Recipient}: {Words(first.Status)} (reference {first.MessageReference}{(references.Count > 1 ? $", part {references.ToList().IndexOf(first.MessageReference) + 1} of {references.Count}" : "")})."));
            return ExitCodes.NotDelivered;
        }
        if (waiting.Count > 0)
        {
            var pending = string.Join(", ", references.Where(waiting.Contains).Select(r => r.ToString(CultureInfo.InvariantCulture)));
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"xsms: No final delivery report came within {wait.TotalSeconds:0.#} s for reference(s) {pending}; the message was sent, and a running 'xsms watch' shows a report that comes later."));
            return ExitCodes.NoReport;
        }
        return ExitCodes.Success;
    }

    // The service center may give the recipient in another form (national for international): compare the last 9
    // digits of the number sent; a reported number shorter than those ("5") matches nothing.
    private static bool SameNumber(string reported, string sent)
    {
        var a = reported.TrimStart('+');
        var b = sent.TrimStart('+');
        var n = Math.Min(9, b.Length);
        return n > 0 && a.Length >= n && a.AsSpan(a.Length - n).SequenceEqual(b.AsSpan(b.Length - n));
    }

    // TS 23.040 9.2.3.15 in words: RecipientBusy -> "recipient busy (0x21)"; a number the driver does not name -> "unknown (0x70)".
    private static string Words(DeliveryStatus status)
    {
        var code = string.Create(CultureInfo.InvariantCulture, $"TP-Status 0x{(int)status:X2}");
        if (!Enum.IsDefined(status))
        {
            return $"unknown ({code})";
        }
        var name = status.ToString();
        var words = new System.Text.StringBuilder();
        foreach (var c in name)
        {
            if (char.IsUpper(c) && words.Length > 0)
            {
                words.Append(' ');
            }
            words.Append(char.ToLowerInvariant(c));
        }
        return $"{words} ({code})";
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception e) when (e is OperationCanceledException or ModemException)
        {
            // Watching stopped with the command: whatever it was doing no longer matters.
        }
    }
}
