namespace Drivers.DualShock4.Simulation;

/// <summary>How a <see cref="SimulatedController"/> behaves.</summary>
public sealed class SimulatedControllerOptions
{
    /// <summary>
    /// The bus it is attached to. A Bluetooth pad sends minimal reports until its calibration is read, as a real one does.
    /// Default <see cref="ConnectionBus.Usb"/>.
    /// </summary>
    public ConnectionBus Bus { get; init; } = ConnectionBus.Usb;

    /// <summary>The model it claims to be. Default <see cref="ControllerModel.DualShock4V2"/>.</summary>
    public ControllerModel Model { get; init; } = ControllerModel.DualShock4V2;

    /// <summary>Answer the calibration feature reports with zeros, as some clones do. Default false.</summary>
    public bool ZeroCalibration { get; init; }

    /// <summary>The clock that paces <see cref="SimulatedController.ReplayAsync"/> and <see cref="SimulatedController.ReplayInLoop"/>. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// How many unread reports the host side holds before new ones are dropped. Default 64, hidraw's ring size
    /// (HIDRAW_BUFFER_SIZE in include/linux/hidraw.h). From 1 to 65,536.
    /// </summary>
    public int QueueCapacity { get; init; } = 64;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first property out of its range.</summary>
    internal void Validate()
    {
        if (!Enum.IsDefined(Bus))
        {
            throw new ArgumentException($"{nameof(Bus)} must be Usb or Bluetooth; it is {(int)Bus}.", nameof(Bus));
        }
        if (!Enum.IsDefined(Model))
        {
            throw new ArgumentException($"{nameof(Model)} must be one of {string.Join(", ", Enum.GetNames<ControllerModel>())}; it is {(int)Model}.", nameof(Model));
        }
        if (TimeProvider is null)
        {
            throw new ArgumentException($"{nameof(TimeProvider)} must not be null.", nameof(TimeProvider));
        }
        if (QueueCapacity is < 1 or > 65_536)
        {
            throw new ArgumentException($"{nameof(QueueCapacity)} must be from 1 to 65,536; it is {QueueCapacity}.", nameof(QueueCapacity));
        }
    }
}
