namespace Drivers.DualShock4;

/// <summary>Turns a sequence of states into changes; pure, so it is tested without a device.</summary>
internal sealed class ChangeDetector
{
    private static readonly Buttons[] AllButtons = Enum.GetValues<Buttons>().Where(b => b != Buttons.None).ToArray();

    private readonly byte _deadZone;
    private readonly byte[] _reported = new byte[7];
    private Buttons _buttons;
    private DPadDirection _dpad;

    public ChangeDetector(byte deadZone)
    {
        _deadZone = deadZone;
        var neutral = ControllerState.Neutral();
        for (var axis = ControllerAxis.LeftStickX; axis <= ControllerAxis.R2; axis++)
        {
            _reported[(int)axis] = ValueOf(neutral, axis);
        }
    }

    /// <summary>Adds the changes from the previous state to <paramref name="state"/> into <paramref name="changes"/>.</summary>
    public void Detect(in ControllerState state, List<ControllerChange> changes)
    {
        var pressed = state.Buttons & ~_buttons;
        var released = _buttons & ~state.Buttons;
        if ((pressed | released) != Buttons.None)
        {
            foreach (var button in AllButtons)
            {
                if ((pressed & button) != 0)
                {
                    changes.Add(new ControllerChange(ChangeKind.ButtonDown, button, state.DPad, ControllerAxis.None, 0, state));
                }
                else if ((released & button) != 0)
                {
                    changes.Add(new ControllerChange(ChangeKind.ButtonUp, button, state.DPad, ControllerAxis.None, 0, state));
                }
            }
        }
        _buttons = state.Buttons;
        if (state.DPad != _dpad)
        {
            _dpad = state.DPad;
            changes.Add(new ControllerChange(ChangeKind.DPadChanged, Buttons.None, state.DPad, ControllerAxis.None, 0, state));
        }
        for (var axis = ControllerAxis.LeftStickX; axis <= ControllerAxis.R2; axis++)
        {
            var value = ValueOf(state, axis);
            var last = _reported[(int)axis];
            // Beyond the dead zone, or reaching an end stop (so full travel is always reported).
            if (Math.Abs(value - last) > _deadZone || (value != last && value is 0 or 255))
            {
                _reported[(int)axis] = value;
                changes.Add(new ControllerChange(ChangeKind.AxisMoved, Buttons.None, state.DPad, axis, value, state));
            }
        }
    }

    private static byte ValueOf(in ControllerState state, ControllerAxis axis) => axis switch
    {
        ControllerAxis.LeftStickX => state.LeftStick.X,
        ControllerAxis.LeftStickY => state.LeftStick.Y,
        ControllerAxis.RightStickX => state.RightStick.X,
        ControllerAxis.RightStickY => state.RightStick.Y,
        ControllerAxis.L2 => state.L2,
        ControllerAxis.R2 => state.R2,
        _ => 0,
    };
}
