using System.Device.Gpio;
using Drivers.Shutter.Simulation;

namespace Drivers.Shutter.Tests.Properties;

/// <summary>
/// A driver in front of the virtual GPIO that sees every write, edge or not: a shot that closes a line
/// another shot already holds (an overlap) shows up as a high written to a high line.
/// </summary>
internal sealed class OverlapDetector(VirtualGpioDriver inner) : GpioDriver
{
    private readonly GpioController _inner = new(inner);

    public int Overlaps { get; private set; }

    protected override int PinCount => _inner.PinCount;

    protected override void OpenPin(int pinNumber) => _inner.OpenPin(pinNumber);

    protected override void ClosePin(int pinNumber) => _inner.ClosePin(pinNumber);

    protected override void SetPinMode(int pinNumber, PinMode mode) => _inner.SetPinMode(pinNumber, mode);

    protected override PinMode GetPinMode(int pinNumber) => _inner.GetPinMode(pinNumber);

    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) => _inner.IsPinModeSupported(pinNumber, mode);

    protected override PinValue Read(int pinNumber) => _inner.Read(pinNumber);

    protected override void Write(int pinNumber, PinValue value)
    {
        if (value == PinValue.High && inner.LevelOf(pinNumber) == PinValue.High)
        {
            Overlaps++;
        }
        _inner.Write(pinNumber, value);
    }

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken) =>
        _inner.WaitForEvent(pinNumber, eventTypes, cancellationToken);

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback) =>
        _inner.RegisterCallbackForPinValueChangedEvent(pinNumber, eventTypes, callback);

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback) =>
        _inner.UnregisterCallbackForPinValueChangedEvent(pinNumber, callback);

    protected override void Dispose(bool disposing)
    {
        _inner.Dispose();
        base.Dispose(disposing);
    }
}
