using System.Buffers;
using System.Globalization;
using System.Text;
using Drivers.Em73xx.Sms;

namespace Drivers.Em73xx.State;

/// <summary>
/// The received messages of one SIM that the user has not seen yet, kept in a file so that they stay unread across
/// processes and modem reboots, although the SIM marks a message read the first time it is listed (TS 27.005 3.4.2).
/// One file per SIM, named by a hash of its IMSI, so another SIM's messages are never taken for these; it holds only
/// messages still on the SIM. Bad or planted files read as empty: the worst outcome is a message counted as read.
/// </summary>
internal sealed class UnseenLedger
{
    private const string Header = "drivers-em73xx unseen 1";
    private const int FingerprintLength = 32;
    private const int MaxEntries = 1024;

    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    private readonly string _path;

    private UnseenLedger(string path) => _path = path;

    /// <summary>The ledger of the SIM with <paramref name="imsi"/> in <paramref name="folder"/>; null when the folder is not safe to use.</summary>
    public static UnseenLedger? TryOpen(string folder, string imsi)
    {
        if (!PrivateFile.TryPrepareFolder(folder))
        {
            return null;
        }
        var key = Hash("imsi:" + imsi);
        return new UnseenLedger(Path.Combine(folder, key + ".unseen"));
    }

    /// <summary>
    /// Merges the SIM's view of the whole store with the ledger: a message unread on the SIM becomes unseen; one unseen is
    /// shown unread; with <paramref name="markSeen"/> every message shown is seen from now on. Entries for messages no
    /// longer on the SIM are dropped.
    /// </summary>
    /// <returns>The messages, unseen ones as <see cref="SmsStatus.Unread"/>, and whether the file could be written.</returns>
    public IReadOnlyList<SmsMessage> Observe(IReadOnlyList<SmsMessage> store, bool markSeen, out bool saved) =>
        Merge(store, markSeen, wholeStore: true, out saved);

    /// <summary>As <see cref="Observe"/> for one message read on its own: other entries are kept.</summary>
    public SmsMessage ObserveOne(SmsMessage message, bool markSeen, out bool saved) => Merge([message], markSeen, wholeStore: false, out saved)[0];

    private List<SmsMessage> Merge(IReadOnlyList<SmsMessage> messages, bool markSeen, bool wholeStore, out bool saved)
    {
        var before = Load();
        var after = wholeStore ? new HashSet<string>(StringComparer.Ordinal) : new HashSet<string>(before, StringComparer.Ordinal);
        var shown = new List<SmsMessage>(messages.Count);
        foreach (var message in messages)
        {
            if (message.Status is not (SmsStatus.Unread or SmsStatus.Read))
            {
                shown.Add(message);
                continue;
            }
            var fingerprint = Fingerprint(message);
            var unseen = message.Status == SmsStatus.Unread || before.Contains(fingerprint);
            if (unseen && !markSeen)
            {
                after.Add(fingerprint);
            }
            else
            {
                after.Remove(fingerprint);
            }
            shown.Add(unseen && message.Status != SmsStatus.Unread ? WithStatus(message, SmsStatus.Unread) : message);
        }
        saved = after.SetEquals(before) || Save(after);
        return shown;
    }

    private HashSet<string> Load()
    {
        var entries = new HashSet<string>(StringComparer.Ordinal);
        var text = PrivateFile.TryRead(_path);
        if (text is null)
        {
            return entries;
        }
        var lines = text.Split('\n');
        if (lines[0] != Header)
        {
            return entries; // not ours, or a format to come: start afresh
        }
        foreach (var line in lines.AsSpan(1))
        {
            if (line.Length == FingerprintLength && !line.AsSpan().ContainsAnyExcept(LowerHex) && entries.Count < MaxEntries)
            {
                entries.Add(line);
            }
        }
        return entries;
    }

    private bool Save(HashSet<string> entries)
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (var entry in entries.Order(StringComparer.Ordinal).Take(MaxEntries))
        {
            text.Append(entry).Append('\n');
        }
        return PrivateFile.TryWrite(_path, text.ToString());
    }

    // The slot, sender, time stamp and text: a new message in a reused slot is a new message.
    private static string Fingerprint(SmsMessage message)
    {
        var identity = string.Create(CultureInfo.InvariantCulture,
            $"{message.Index}\n{message.Address}\n{message.Timestamp?.ToString("O", CultureInfo.InvariantCulture)}\n{message.Text}");
        return Hash(identity);
    }

    // FNV-1a, 128 bits, over UTF-8: 32 hex digits. Not SHA-256, because loading OpenSSL for it took 17 ms of a 50 ms
    // `xsms count`; these names and fingerprints need no secrecy (an IMSI is easily enumerated whatever the hash), only
    // to differ, and a collision costs at most one message's unread mark.
    private static string Hash(string text)
    {
        var hash = new UInt128(0x6c62272e07bb0142, 0x62b821756295c58d); // offset basis
        var prime = new UInt128(0x0000000001000000, 0x000000000000013B);
        foreach (var octet in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ octet) * prime;
        }
        return hash.ToString("x32", CultureInfo.InvariantCulture);
    }

    private static SmsMessage WithStatus(SmsMessage message, SmsStatus status) =>
        new(message.Index, status, message.Address, message.Timestamp, message.Text) { Parts = message.Parts, MissingParts = message.MissingParts };
}
