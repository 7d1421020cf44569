namespace Drivers.DualShock4;

/// <summary>Everything one input report says, as raw values: sticks, buttons, triggers, motion, battery and touch.</summary>
/// <remarks>
/// A plain value with no references, so parsing one allocates nothing. A minimal Bluetooth report
/// (<see cref="ReportFormat.BluetoothMinimal"/>) fills only the sticks, buttons, d-pad, triggers and counter.
/// </remarks>
public readonly record struct ControllerState
{
    /// <summary>The report shape this state came from (or is to be written as).</summary>
    public ReportFormat Format { get; init; }

    /// <summary>The bus the report came over.</summary>
    public ConnectionBus Bus => Format == ReportFormat.Usb ? ConnectionBus.Usb : ConnectionBus.Bluetooth;

    /// <summary>True when the report carries motion, battery and touch (every format except the minimal Bluetooth one).</summary>
    public bool HasFullReport => Format != ReportFormat.BluetoothMinimal;

    /// <summary>The left stick.</summary>
    public StickPosition LeftStick { get; init; }

    /// <summary>The right stick.</summary>
    public StickPosition RightStick { get; init; }

    /// <summary>The d-pad.</summary>
    public DPadDirection DPad { get; init; }

    /// <summary>The buttons held down.</summary>
    public Buttons Buttons { get; init; }

    /// <summary>L2 as a true analog value: 0 released, 255 fully pressed.</summary>
    public byte L2 { get; init; }

    /// <summary>R2 as a true analog value: 0 released, 255 fully pressed.</summary>
    public byte R2 { get; init; }

    /// <summary>The report counter (6 bits, 0 to 63), which steps with every report and wraps.</summary>
    public byte Counter { get; init; }

    /// <summary>The sensor timestamp in units of 16/3 µs (about 5.33 µs); it wraps every 65536 ticks (about 349.5 ms).</summary>
    public ushort Timestamp { get; init; }

    /// <summary>The raw gyro reading (pitch, yaw, roll).</summary>
    public SensorVector Gyro { get; init; }

    /// <summary>The raw accelerometer reading.</summary>
    public SensorVector Accelerometer { get; init; }

    /// <summary>The raw battery level nibble: 0 to 10 in steps of 10 % on battery; with the cable in, 11 means full.</summary>
    public byte BatteryLevel { get; init; }

    /// <summary>True when the USB cable (or power) is plugged in.</summary>
    public bool IsCablePlugged { get; init; }

    /// <summary>True when the report comes from the Sony wireless adapter while no pad is linked to it.</summary>
    public bool IsAdapterWithoutPad { get; init; }

    /// <summary>The first finger of the first touch report.</summary>
    public TouchPoint Touch1 { get; init; }

    /// <summary>The second finger of the first touch report.</summary>
    public TouchPoint Touch2 { get; init; }

    /// <summary>The battery charge in percent, as the Linux driver computes it (level × 10 + 5, at most 100).</summary>
    public int BatteryPercent
    {
        get
        {
            var level = BatteryLevel;
            if (!IsCablePlugged && level >= 10)
            {
                return 100;
            }
            return Math.Min(100, (level * 10) + 5);
        }
    }

    /// <summary>True when every button in <paramref name="buttons"/> is held down.</summary>
    public bool IsPressed(Buttons buttons) => (Buttons & buttons) == buttons;

    /// <summary>A state at rest: sticks centered, nothing pressed, no touch, full battery on cable.</summary>
    public static ControllerState Neutral(ReportFormat format = ReportFormat.Usb) => new()
    {
        Format = format,
        LeftStick = StickPosition.Center,
        RightStick = StickPosition.Center,
        Accelerometer = format == ReportFormat.BluetoothMinimal ? default : new SensorVector(0, 8192, 0),
        BatteryLevel = format == ReportFormat.BluetoothMinimal ? (byte)0 : (byte)11,
        IsCablePlugged = format == ReportFormat.Usb,
        Touch1 = format == ReportFormat.BluetoothMinimal ? default : new TouchPoint(0, false, 0, 0),
    };
}
