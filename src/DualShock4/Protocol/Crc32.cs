using System.Buffers.Binary;

namespace Drivers.DualShock4;

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

    // CRC-32 is affine: for a fixed length n, CRC(seed ‖ data) XOR CRC(data) does not depend on data. So the seeded
    // CRC is the library's (vectorised) CRC of the data XOR one constant per seed and length, computed once here
    // for every length up to 128 bytes (longer inputs use the table path).
    private const int MaxCorrectedLength = 128;
    private static readonly uint[] Corrections = BuildCorrections();

    /// <summary>The CRC of <paramref name="seed"/> followed by <paramref name="data"/>.</summary>
    public static uint Compute(byte seed, ReadOnlySpan<byte> data)
    {
        var index = SeedIndex(seed);
        return index >= 0 && data.Length <= MaxCorrectedLength
            ? System.IO.Hashing.Crc32.HashToUInt32(data) ^ Corrections[(index * (MaxCorrectedLength + 1)) + data.Length]
            : ComputeWithTable(seed, data);
    }

    /// <summary>The same CRC by slicing-by-8 tables: the reference the fast path is tested against.</summary>
    public static uint ComputeWithTable(byte seed, ReadOnlySpan<byte> data)
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

    private static int SeedIndex(byte seed) => seed switch
    {
        InputSeed => 0,
        OutputSeed => 1,
        FeatureSeed => 2,
        _ => -1,
    };

    private static uint[] BuildCorrections()
    {
        var corrections = new uint[3 * (MaxCorrectedLength + 1)];
        Span<byte> zeros = stackalloc byte[MaxCorrectedLength];
        zeros.Clear();
        byte[] seeds = [InputSeed, OutputSeed, FeatureSeed];
        for (var s = 0; s < seeds.Length; s++)
        {
            for (var length = 0; length <= MaxCorrectedLength; length++)
            {
                corrections[(s * (MaxCorrectedLength + 1)) + length] =
                    ComputeWithTable(seeds[s], zeros[..length]) ^ System.IO.Hashing.Crc32.HashToUInt32(zeros[..length]);
            }
        }
        return corrections;
    }

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
