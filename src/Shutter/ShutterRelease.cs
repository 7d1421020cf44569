using System.Device.Gpio;
using Drivers.Shutter.Gpio;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Drivers.Shutter;

/// <summary>
/// A camera's wired remote release on GPIO lines (through a transistor or optocoupler: high closes the
/// contact). Shots never overlap: a second shot waits for the first. Every line is driven low when it is
/// opened, and released on cancellation, on error, on dispose and when the process exits or is signalled.
/// </summary>
/// <example>
/// <code>
/// await using var shutter = ShutterRelease.Open(new ShutterOptions { ShutterPin = 18 });
/// var shot = await shutter.ShootAsync(cancellationToken);
/// </code>
/// </example>
public sealed class ShutterRelease : IAsyncDisposable
{
    private static readonly TimeSpan LongestExposure = TimeSpan.FromHours(24);

    private readonly GpioController _controller;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _disposing = new();
    private TimeSpan _pulseDuration;
    private TimeSpan _focusDuration;
    private int _disposed;

    private ShutterRelease(GpioController controller, ShutterOptions options)
    {
        options.ValidatePins(controller.PinCount);
        _controller = controller;
        _timeProvider = options.TimeProvider;
        _logger = options.LoggerFactory?.CreateLogger<ShutterRelease>() ?? NullLogger<ShutterRelease>.Instance;
        ShutterPin = options.ShutterPin;
        FocusPin = options.FocusPin;
        PulseDuration = options.PulseDuration;
        FocusDuration = options.FocusDuration;

        // Low at open: a crashed predecessor may have left the camera's shutter held.
        OpenLow(ShutterPin);
        if (FocusPin is int focusPin)
        {
            OpenLow(focusPin);
        }
        ExitGuard.Register(this);
    }

    /// <summary>
    /// Opens the shutter (and focus) lines on the Raspberry Pi's header GPIO chip, found by its label
    /// unless <see cref="ShutterOptions.Chip"/> names one, with libgpiod v1 or else v2.
    /// </summary>
    /// <remarks>Synchronous: it only claims local GPIO lines and never waits for the camera.</remarks>
    /// <exception cref="ArgumentException">A property of <paramref name="options"/> is out of range (the message names it).</exception>
    /// <exception cref="GpioUnavailableException">No GPIO chip was found or none could be opened.</exception>
    public static ShutterRelease Open(ShutterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var driver = GpioChipOpener.Open(options);
        try
        {
            return Open(driver, options);
        }
        catch
        {
            driver.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens the lines on the given driver, for instance a <see cref="Simulation.VirtualGpioDriver"/>.
    /// The shutter release owns the driver from then on and disposes it, also when opening fails.
    /// </summary>
    /// <exception cref="ArgumentException">A property of <paramref name="options"/> is out of range (the message names it).</exception>
    public static ShutterRelease Open(GpioDriver driver, ShutterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(driver);
        options ??= new ShutterOptions();
        try
        {
            options.Validate();
        }
        catch (ArgumentException)
        {
            driver.Dispose();
            throw;
        }
        var controller = new GpioController(driver);
        try
        {
            return new ShutterRelease(controller, options);
        }
        catch
        {
            controller.Dispose();
            throw;
        }
    }

    /// <summary>The shutter line (BCM number).</summary>
    public int ShutterPin { get; }

    /// <summary>The focus line (BCM number), or null when it is not wired.</summary>
    public int? FocusPin { get; }

    /// <summary>The clock shots and schedules are measured with.</summary>
    public TimeProvider TimeProvider => _timeProvider;

    /// <summary>Whether a shot holds the lines right now.</summary>
    public bool IsShooting => _gate.CurrentCount == 0;

    /// <summary>How long a shot holds the shutter line; more than zero and at most a minute. Takes effect from the next shot.</summary>
    public TimeSpan PulseDuration
    {
        get => _pulseDuration;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, ShutterOptions.LongestPulse);
            _pulseDuration = value;
        }
    }

    /// <summary>
    /// How long the focus line is closed before the shutter line; zero to ten seconds. The focus line,
    /// when wired, stays closed with the shutter line either way (some bodies need it).
    /// </summary>
    public TimeSpan FocusDuration
    {
        get => _focusDuration;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, ShutterOptions.LongestFocus);
            _focusDuration = value;
        }
    }

    /// <summary>Takes one picture: focus (when wired) for <see cref="FocusDuration"/>, then the shutter for <see cref="PulseDuration"/>.</summary>
    /// <remarks>Waits for a shot in progress to end first. On cancellation the lines are released at once.</remarks>
    public Task<Shot> ShootAsync(CancellationToken cancellationToken = default) => FireAsync(null, cancellationToken);

    /// <summary>Takes one bulb exposure: the shutter line is held for <paramref name="exposure"/> (the camera must be in B mode).</summary>
    /// <remarks>Waits for a shot in progress to end first. On cancellation the lines are released at once, ending the exposure.</remarks>
    public Task<Shot> ShootBulbAsync(TimeSpan exposure, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(exposure, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(exposure, LongestExposure);
        return FireAsync(exposure, cancellationToken);
    }

    /// <summary>Releases the lines (ending any shot), drives them low and closes them and the driver.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await _disposing.CancelAsync().ConfigureAwait(false);
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            ReleaseLines();
        }
        finally
        {
            ExitGuard.Unregister(this);
            _controller.Dispose();
            _gate.Release(); // nothing is shooting any more; later shots fail on the disposed check
        }
    }

    internal async Task<Shot> FireAsync(TimeSpan? exposure, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposing.Token);
        try
        {
            await _gate.WaitAsync(cancellation.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ObjectDisposedException(nameof(ShutterRelease));
        }
        try
        {
            var hold = exposure ?? _pulseDuration;
            var focus = _focusDuration;
            var startedTimestamp = _timeProvider.GetTimestamp();
            var startedAt = _timeProvider.GetUtcNow();
            var closedAt = startedAt;
            try
            {
                if (FocusPin is int focusPin)
                {
                    _controller.Write(focusPin, PinValue.High);
                    if (focus > TimeSpan.Zero)
                    {
                        await Task.Delay(focus, _timeProvider, cancellation.Token).ConfigureAwait(false);
                    }
                    closedAt = _timeProvider.GetUtcNow();
                }
                _controller.Write(ShutterPin, PinValue.High);
                await Task.Delay(hold, _timeProvider, cancellation.Token).ConfigureAwait(false);
            }
            finally
            {
                ReleaseLines();
            }
            return new Shot(startedAt, closedAt, _timeProvider.GetUtcNow(), startedTimestamp);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Called by <see cref="ExitGuard"/> from a signal or exit handler: lines low, no waiting, no throwing.</summary>
    internal void ReleaseLinesNow(string reason)
    {
        var wasShooting = IsShooting;
        foreach (var pin in FocusPin is int focusPin ? [ShutterPin, focusPin] : new[] { ShutterPin })
        {
            try
            {
                _controller.Write(pin, PinValue.Low);
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or ObjectDisposedException)
            {
                Log.ReleaseFailed(_logger, e, pin, reason);
            }
        }
        if (wasShooting)
        {
            Log.ReleasedOnExit(_logger, ShutterPin, reason);
        }
    }

    private void OpenLow(int pin)
    {
        _controller.OpenPin(pin, PinMode.Output, PinValue.Low);
        _controller.Write(pin, PinValue.Low);
    }

    private void ReleaseLines()
    {
        try
        {
            _controller.Write(ShutterPin, PinValue.Low);
        }
        finally
        {
            if (FocusPin is int focusPin)
            {
                _controller.Write(focusPin, PinValue.Low);
            }
        }
    }
}
