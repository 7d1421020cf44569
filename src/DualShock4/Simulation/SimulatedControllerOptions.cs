namespace Drivers.DualShock4.Simulation;

/// <summary>How a <see cref="SimulatedController"/> behaves.</summary>
public sealed class SimulatedControllerOptions
{
    /// <summary>USB (default) or Bluetooth. A Bluetooth pad sends minimal reports until its calibration is read, as a real one does.</summary>
    public ConnectionBus Bus { get; init; } = ConnectionBus.Usb;

    /// <summary>The model it claims to be (default <see cref="ControllerModel.DualShock4V2"/>).</summary>
    public ControllerModel Model { get; init; } = ControllerModel.DualShock4V2;

    /// <summary>Answer the calibration feature reports with zeros, as some clones do.</summary>
    public bool ZeroCalibration { get; init; }

    /// <summary>The clock that paces <see cref="SimulatedController.ReplayAsync"/> (default <see cref="TimeProvider.System"/>).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>How many unread reports the host side holds before new ones are dropped (default 64, hidraw's ring size).</summary>
    public int QueueCapacity { get; init; } = 64;
}
