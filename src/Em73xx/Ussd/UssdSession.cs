using Drivers.Em73xx.Protocol.Ussd;

namespace Drivers.Em73xx.Ussd;

/// <summary>
/// A USSD dialogue opened by <see cref="Modem.SendUssdAsync"/>: the network's last answer and, while it waits for a reply,
/// the way to give one or to end the dialogue. Disposing a session the network still waits on cancels it (<c>AT+CUSD=2</c>).
/// </summary>
public sealed class UssdSession : IAsyncDisposable
{
    private readonly Modem _modem;
    private int _ended; // 1 once the network no longer waits for a reply
    private int _replying; // 1 while a reply waits for the network's answer: a second one would take that answer as its own

    internal UssdSession(Modem modem, UssdResponse response, TeCharset charset)
    {
        _modem = modem;
        Charset = charset;
        Response = response;
        _ended = response.WaitsForReply ? 0 : 1;
    }

    /// <summary>The modem's character set when the dialogue began, which the answers are written in.</summary>
    internal TeCharset Charset { get; }

    /// <summary>The network's last answer.</summary>
    public UssdResponse Response { get; private set; }

    /// <summary>True while the network waits for a reply: no reply, cancel or failure has ended the dialogue since.</summary>
    public bool IsWaitingForReply => Volatile.Read(ref _ended) == 0;

    /// <summary>Answers the network's menu with <paramref name="answer"/> (<c>AT+CUSD=1</c>) and waits for its next answer.</summary>
    /// <param name="answer">Letters, digits, spaces, <c>*</c>, <c>#</c> or <c>+</c>, at most 182, e.g. <c>1</c>.</param>
    /// <param name="cancellationToken">Cancels the wait; the dialogue is then cancelled too (<c>AT+CUSD=2</c>).</param>
    /// <returns>The network's answer, also in <see cref="Response"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="answer"/> has other characters, or none, or too many.</exception>
    /// <exception cref="InvalidOperationException">The network is not waiting for a reply (any more), or another reply is on its way.</exception>
    /// <exception cref="UssdException">The network refused the answer, did not answer in time, or ended the dialogue.</exception>
    public async Task<UssdResponse> ReplyAsync(string answer, CancellationToken cancellationToken = default)
    {
        if (!UssdInput.IsAnswer(answer))
        {
            throw new ArgumentException(
                "An answer to a USSD menu is 1 to 182 letters, digits, spaces, '*', '#' or '+'.", nameof(answer));
        }
        if (!IsWaitingForReply)
        {
            throw new InvalidOperationException("The network is not waiting for a reply in this USSD session.");
        }
        if (Interlocked.Exchange(ref _replying, 1) != 0)
        {
            throw new InvalidOperationException("A reply is already on its way in this USSD session; wait for its answer.");
        }
        try
        {
            Response = await _modem.ReplyUssdAsync(this, answer, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Volatile.Write(ref _ended, 1);
            throw;
        }
        finally
        {
            Volatile.Write(ref _replying, 0);
        }
        // Never reopened: a session cancelled or disposed while this reply waited stays ended, even if a menu came after.
        if (!Response.WaitsForReply)
        {
            Volatile.Write(ref _ended, 1);
        }
        return Response;
    }

    /// <summary>Ends the dialogue (<c>AT+CUSD=2</c>) if the network still waits for a reply; otherwise does nothing.</summary>
    public async Task CancelAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            return;
        }
        await _modem.CancelUssdAsync(this, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Cancels the dialogue if the network still waits for a reply; failures to do so are ignored.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            return;
        }
        await _modem.CancelUssdQuietlyAsync(this).ConfigureAwait(false);
    }

}
