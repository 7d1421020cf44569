using Drivers.Em73xx.Protocol.Ussd;
using Drivers.Em73xx.Transport;
using Drivers.Em73xx.Ussd;
using static Drivers.Em73xx.Log;

namespace Drivers.Em73xx;

// USSD (TS 22.090, TS 27.007 7.15): the command is answered with OK at once; the network's answer comes later as an
// unsolicited +CUSD, or, on some firmware, as an information line before the OK. Both are taken.
public sealed partial class Modem
{
    private readonly Lock _ussdSync = new();
    private bool _ussdRunning; // a code or a reply is on its way (under _ussdSync)
    private UssdSession? _openUssd; // the session the network waits on (under _ussdSync)

    /// <summary>
    /// Sends a USSD code such as <c>*101#</c> (<c>AT+CUSD=1</c>) and waits for the network's answer, e.g. the prepaid
    /// balance or a menu. One dialogue runs at a time, as on a phone.
    /// </summary>
    /// <param name="code">1 to 182 characters of <c>0-9</c>, <c>*</c>, <c>#</c> and <c>+</c> (TS 22.030 6.5.2).</param>
    /// <param name="cancellationToken">Cancels the wait; the dialogue is then cancelled too (<c>AT+CUSD=2</c>).</param>
    /// <returns>The dialogue; <see cref="UssdSession.Response"/> holds the answer. Dispose it to cancel a menu left unanswered.</returns>
    /// <exception cref="ArgumentException"><paramref name="code"/> has other characters, or none, or too many.</exception>
    /// <exception cref="InvalidOperationException">Another USSD dialogue is still running or waits for a reply.</exception>
    /// <exception cref="UssdException">The network refused the code, did not answer within <see cref="ModemOptions.UssdTimeout"/>, or ended the dialogue.</exception>
    /// <exception cref="SimLockedException">The SIM is locked or absent.</exception>
    public async Task<UssdSession> SendUssdAsync(string code, CancellationToken cancellationToken = default)
    {
        if (!UssdInput.IsCode(code))
        {
            throw new ArgumentException("A USSD code is 1 to 182 characters of 0-9, '*', '#' and '+', such as *101#.", nameof(code));
        }
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        lock (_ussdSync)
        {
            if (_ussdRunning || _openUssd is { IsWaitingForReply: true })
            {
                throw new InvalidOperationException("Another USSD session is still running; reply to it or cancel it first.");
            }
            _ussdRunning = true;
        }
        try
        {
            var charset = TeCharset.Ira; // TS 27.007 5.5: what a modem that does not say is taken to use
            foreach (var line in await TryRunAsync(CusdCommand.CharsetQuery, cancellationToken).ConfigureAwait(false))
            {
                if (CusdParser.TryParseCharset(line, out var named))
                {
                    charset = named;
                }
            }
            var response = await ExchangeUssdAsync(CusdCommand.Request(code, charset), charset, cancellationToken).ConfigureAwait(false);
            var session = new UssdSession(this, response, charset);
            if (response.WaitsForReply)
            {
                lock (_ussdSync)
                {
                    _openUssd = session;
                }
            }
            return session;
        }
        finally
        {
            lock (_ussdSync)
            {
                _ussdRunning = false;
            }
        }
    }

    internal async Task<UssdResponse> ReplyUssdAsync(UssdSession session, string answer, CancellationToken cancellationToken)
    {
        try
        {
            var response = await ExchangeUssdAsync(CusdCommand.Request(answer, session.Charset), session.Charset, cancellationToken).ConfigureAwait(false);
            if (!response.WaitsForReply)
            {
                Forget(session);
            }
            return response;
        }
        catch
        {
            Forget(session);
            throw;
        }
    }

    internal async Task CancelUssdAsync(UssdSession session, CancellationToken cancellationToken)
    {
        Forget(session);
        try
        {
            await RunAsync(CusdCommand.Cancel, cancellationToken).ConfigureAwait(false);
        }
        catch (ModemErrorException e)
        {
            // The network or the modem had ended it already: nothing is left to cancel.
            LogUssdCancelFailed(_logger, e.Message);
        }
    }

    internal async Task CancelUssdQuietlyAsync(UssdSession? session)
    {
        if (session is not null)
        {
            Forget(session);
        }
        try
        {
            await RunAsync(CusdCommand.Cancel, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ModemException or ObjectDisposedException)
        {
            LogUssdCancelFailed(_logger, e.Message);
        }
    }

    // Called on dispose: a menu left waiting is cancelled, so the network does not hold the dialogue until its own timeout.
    private async Task CancelOpenUssdAsync()
    {
        UssdSession? open;
        lock (_ussdSync)
        {
            open = _openUssd;
        }
        if (open is not null)
        {
            await open.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void Forget(UssdSession session)
    {
        lock (_ussdSync)
        {
            if (_openUssd == session)
            {
                _openUssd = null;
            }
        }
    }

    // Sends a code or an answer and waits for the network's +CUSD; a wait given up (timeout, cancel) cancels the dialogue.
    // Only a +CUSD that comes after the command is written is its answer: one the network pushed while the command waited
    // for another to end (TS 22.090 4.2, network-initiated operations) belongs to nobody and is logged by OnUnclaimed.
    private async Task<UssdResponse> ExchangeUssdAsync(string command, TeCharset charset, CancellationToken cancellationToken)
    {
        AtChannel.Subscription? subscription = null;
        using var deadline = new CancellationTokenSource(_options.UssdTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            IReadOnlyList<string> lines;
            try
            {
                // Logged without its text: an answer may be a voucher number.
                lines = await _channel.ExecuteAsync(
                    command, _options.CommandTimeout, linked.Token, logName: "AT+CUSD=1",
                    beforeWrite: () => subscription = _channel.Subscribe(static line => CusdParser.IsCusd(line))).ConfigureAwait(false);
            }
            catch (ModemErrorException e) when (LockedState(e) is { } state)
            {
                throw await LockedAsync(state, pinRefused: false, cancellationToken).ConfigureAwait(false);
            }
            catch (ModemErrorException e)
            {
                throw new UssdException(UssdFailure.Refused, e.Kind == ModemErrorKind.Plain ? -1 : e.Code, innerException: e);
            }
            foreach (var line in lines)
            {
                if (TryReadCusd(line, charset) is { } early)
                {
                    return early;
                }
            }
            return await AwaitCusdAsync(subscription!, charset, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            await CancelUssdQuietlyAsync(null).ConfigureAwait(false);
            throw new UssdException(UssdFailure.TimedOut);
        }
        catch (OperationCanceledException)
        {
            await CancelUssdQuietlyAsync(null).ConfigureAwait(false);
            throw;
        }
        finally
        {
            subscription?.Dispose();
        }
    }

    // Called by the channel's reader for an unsolicited code no exchange claims: a +CUSD then is the network's own
    // (a notification, or a request the driver does not answer), never taken for a code's answer. Logged without its text.
    private void OnUnclaimed(string line)
    {
        if (CusdParser.IsCusd(line))
        {
            LogUssdUnclaimed(_logger, CusdParser.TryParse(line, out var cusd, out _) ? cusd.Status : -1);
        }
    }

    private async Task<UssdResponse> AwaitCusdAsync(AtChannel.Subscription subscription, TeCharset charset, CancellationToken cancellationToken)
    {
        while (await subscription.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (subscription.Reader.TryRead(out var line))
            {
                if (TryReadCusd(line, charset) is { } response)
                {
                    return response;
                }
            }
        }
        throw new ModemDisconnectedException("The modem's port closed while waiting for the network's USSD answer.");
    }

    // The answer in a +CUSD line; null for any other line and for one that does not decode (logged and skipped, so that
    // a garbled line does not end the dialogue); a failure status throws.
    private UssdResponse? TryReadCusd(string line, TeCharset charset)
    {
        if (!CusdParser.IsCusd(line))
        {
            return null;
        }
        if (!CusdParser.TryParse(line, out var cusd, out var error))
        {
            LogUssdUndecodable(_logger, error.ToString());
            return null;
        }
        var text = "";
        if (cusd.Data is { } data && !UssdText.TryDecode(data, cusd.Dcs, charset, out text, out var textError))
        {
            LogUssdTextUndecodable(_logger, textError.ToString());
            text = data;
        }
        var said = text.Length > 0 ? text : null;
        return cusd.Status switch
        {
            0 => new UssdResponse(text, waitsForReply: false),
            1 => new UssdResponse(text, waitsForReply: true),
            2 => throw new UssdException(UssdFailure.EndedByNetwork, networkText: said),
            3 => throw new UssdException(UssdFailure.AnsweredElsewhere, networkText: said),
            4 => throw new UssdException(UssdFailure.Refused, networkText: said),
            _ => throw new UssdException(UssdFailure.TimedOut, networkText: said),
        };
    }
}
