using CsCheck;

namespace Drivers.DualShock4.Tests.Protocol;

public sealed class Crc32Tests
{
    [Fact]
    public void The_vectorised_path_agrees_with_the_table_reference_for_any_seed_and_data() =>
        Gen.Select(Gen.Int[0, 3].Select(i => new byte[] { 0xA1, 0xA2, 0xA3, 0x53 }[i]), Gen.Byte.Array[0, 300]).Sample((seed, data) =>
            Drivers.DualShock4.Crc32.Compute(seed, data) == Drivers.DualShock4.Crc32.ComputeWithTable(seed, data), iter: 5000);

    [Fact]
    public void The_standard_check_value_holds_without_a_seed_byte()
    {
        // CRC-32/ISO-HDLC check value: "123456789" -> 0xCBF43926. With seed byte '1' and data "23456789" it is the same.
        Assert.Equal(0xCBF43926u, Drivers.DualShock4.Crc32.ComputeWithTable((byte)'1', "23456789"u8));
        Assert.Equal(0xCBF43926u, Drivers.DualShock4.Crc32.Compute((byte)'1', "23456789"u8));
    }
}
