using System.Device.Gpio;

namespace Drivers.Shutter.Simulation;

/// <summary>One change of a virtual GPIO line, as <see cref="VirtualGpioDriver"/> recorded it.</summary>
/// <param name="Pin">The line (BCM number).</param>
/// <param name="Value">The new value: <see cref="PinValue.High"/> closes the shutter through the transistor.</param>
/// <param name="Time">When the line changed, read from the driver's <see cref="TimeProvider"/>.</param>
/// <param name="Timestamp">The same moment as a monotonic <see cref="TimeProvider.GetTimestamp"/> value, for precise intervals.</param>
public readonly record struct GpioEdge(int Pin, PinValue Value, DateTimeOffset Time, long Timestamp);
