namespace Drivers.DualShock4;

/// <summary>Which Sony device a hidraw node belongs to (from the product ID in <c>HID_ID</c>).</summary>
public enum ControllerModel
{
    /// <summary>DualShock 4 first version, CUH-ZCT1 (054C:05C4).</summary>
    DualShock4V1,

    /// <summary>DualShock 4 second version, CUH-ZCT2 "slim" (054C:09CC).</summary>
    DualShock4V2,

    /// <summary>The Sony wireless adapter (054C:0BA0), which speaks USB reports for the pad linked to it.</summary>
    WirelessAdapter,
}
