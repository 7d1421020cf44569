using System.Buffers.Binary;

namespace DualShock4;

/// <summary>
/// The CRC-32 of DualShock 4 Bluetooth reports: zlib/IEEE CRC-32 (reflected, polynomial 0xEDB88320) over one
/// seed byte, the Bluetooth HID transaction header that hidraw strips (0xA1 input, 0xA2 output, 0xA3 feature),
/// followed by the report from its ID byte; stored little-endian in the report's last four bytes.
/// </summary>
/// <remarks>Sources: Linux hid-playstation (PS_INPUT_CRC32_SEED and friends), SDL HIDAPI PS4, DS4Windows.</remarks>
internal static class Crc32
{
    public const byte InputSeed = 0xA1;
    public const byte OutputSeed = 0xA2;
    public const byte FeatureSeed = 0xA3;

    private const uint Polynomial = 0xEDB88320;

    // Slicing-by-8 tables: 8 KB once, so a 74-byte report costs about ten table rounds instead of 74.
    private static readonly uint[] Table = BuildTable();

    /// <summary>The CRC of <paramref name="seed"/> followed by <paramref name="data"/>.</summary>
    public static uint Compute(byte seed, ReadOnlySpan<byte> data)
    {
        var table = Table.AsSpan();
        var crc = Step(0xFFFFFFFF, seed, table);
        while (data.Length >= 8)
        {
            var one = BinaryPrimitives.ReadUInt32LittleEndian(data) ^ crc;
            var two = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
            crc = table[(7 * 256) + (int)(one & 0xFF)]
                ^ table[(6 * 256) + (int)((one >> 8) & 0xFF)]
                ^ table[(5 * 256) + (int)((one >> 16) & 0xFF)]
                ^ table[(4 * 256) + (int)(one >> 24)]
                ^ table[(3 * 256) + (int)(two & 0xFF)]
                ^ table[(2 * 256) + (int)((two >> 8) & 0xFF)]
                ^ table[256 + (int)((two >> 16) & 0xFF)]
                ^ table[(int)(two >> 24)];
            data = data[8..];
        }
        foreach (var b in data)
        {
            crc = Step(crc, b, table);
        }
        return ~crc;
    }

    /// <summary>True when the last four bytes of <paramref name="report"/> hold the CRC of the rest.</summary>
    public static bool IsValid(byte seed, ReadOnlySpan<byte> report) =>
        report.Length > 4
        && BinaryPrimitives.ReadUInt32LittleEndian(report[^4..]) == Compute(seed, report[..^4]);

    /// <summary>Writes the CRC of everything but the last four bytes into the last four bytes.</summary>
    public static void Seal(byte seed, Span<byte> report) =>
        BinaryPrimitives.WriteUInt32LittleEndian(report[^4..], Compute(seed, report[..^4]));

    private static uint Step(uint crc, byte b, ReadOnlySpan<uint> table) => table[(int)((crc ^ b) & 0xFF)] ^ (crc >> 8);

    private static uint[] BuildTable()
    {
        var table = new uint[8 * 256];
        for (uint i = 0; i < 256; i++)
        {
            var crc = i;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ Polynomial : crc >> 1;
            }
            table[i] = crc;
        }
        for (var slice = 1; slice < 8; slice++)
        {
            for (var i = 0; i < 256; i++)
            {
                var previous = table[((slice - 1) * 256) + i];
                table[(slice * 256) + i] = (previous >> 8) ^ table[(int)(previous & 0xFF)];
            }
        }
        return table;
    }
}
