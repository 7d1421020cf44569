using CsCheck;
using Drivers.DualShock4.Simulation;

namespace Drivers.DualShock4.Tests.Protocol;

public sealed class RoundTripProperties
{
    [Fact]
    public void Any_state_written_by_the_simulator_parses_back_to_the_same_state() =>
        Generators.State.Sample(state =>
        {
            var report = InputReportWriter.ToArray(state);
            return InputReport.TryParse(report, out var parsed, out var error)
                && error == InputReportError.None
                && parsed == state;
        }, iter: 5000);

    [Fact]
    public void Any_parsed_report_is_written_back_byte_for_byte() =>
        Generators.State.Sample(state =>
        {
            var report = InputReportWriter.ToArray(state);
            return InputReport.TryParse(report, out var parsed)
                && report.AsSpan().SequenceEqual(InputReportWriter.ToArray(parsed));
        }, iter: 2000);

    [Fact]
    public void Any_feedback_written_as_an_output_report_parses_back_on_both_buses() =>
        Generators.Feedback.Sample(feedback =>
        {
            foreach (var bus in new[] { ConnectionBus.Usb, ConnectionBus.Bluetooth })
            {
                var report = new byte[OutputReport.LengthFor(bus)];
                OutputReport.Write(feedback, bus, report);
                if (!OutputReport.TryParse(report, default, out var parsed) || parsed != feedback)
                {
                    return false;
                }
            }
            return true;
        }, iter: 2000);

    [Fact]
    public void Any_single_bit_flip_in_a_bluetooth_report_is_caught_by_the_crc() =>
        Gen.Select(Generators.State, Gen.Int[8, (InputReport.BluetoothLength * 8) - 1]).Sample((state, bit) =>
        {
            var report = InputReportWriter.ToArray(state with { Format = ReportFormat.Bluetooth });
            report[bit / 8] ^= (byte)(1 << (bit % 8));
            // Flipping byte 0 changes the ID (another error); byte 1 bit 7 is the data flag; the rest must fail the CRC.
            return !InputReport.TryParse(report, out _);
        }, iter: 3000);

    [Fact]
    public void Any_bytes_of_any_length_never_throw_and_either_parse_or_give_a_reason() =>
        Gen.Byte.Array[0, 200].Sample(bytes =>
        {
            var ok = InputReport.TryParse(bytes, out _, out var error);
            return ok == (error == InputReportError.None);
        }, iter: 20000);

    [Fact]
    public void Random_bytes_shaped_like_a_usb_report_always_parse() =>
        Gen.Byte.Array[64].Sample(bytes =>
        {
            bytes[0] = 0x01;
            return InputReport.TryParse(bytes, out var state) && state.Format == ReportFormat.Usb;
        }, iter: 5000);

    [Fact]
    public void Any_bytes_given_as_an_output_report_or_calibration_never_throw() =>
        Gen.Byte.Array[0, 100].Sample(bytes =>
        {
            var parsed = OutputReport.TryParse(bytes, default, out var feedback);
            var calibrated = MotionCalibration.TryParse(bytes, out var calibration);
            if (!parsed && feedback != default || !calibrated && calibration != MotionCalibration.Default)
            {
                return false;
            }
            var motion = calibration.Acceleration(ControllerState.Neutral());
            return !float.IsNaN(motion.X) && !float.IsNaN(motion.Y) && !float.IsNaN(motion.Z);
        }, iter: 10000);
}
