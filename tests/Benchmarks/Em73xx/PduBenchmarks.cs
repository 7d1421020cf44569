using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Drivers.Em73xx.Protocol.Pdu;

namespace Benchmarks.Em73xx;

/// <summary>The SMS PDU codec: a received 3-part UCS-2 message decoded and reassembled, and the same text encoded.</summary>
[MemoryDiagnoser]
public class PduBenchmarks
{
    // 180 UTF-16 code units with an emoji: three UCS-2 parts of at most 67.
    private readonly string _text = string.Concat(Enumerable.Repeat("Příliš žluťoučký kůň 🐎 úpěl ", 7))[..180];
    private readonly string[] _received = new string[3];
    private readonly SmsPdu[] _parts = new SmsPdu[3];

    [GlobalSetup]
    public void Setup()
    {
        // The SMS-DELIVERs a phone would receive: Dreamfabric's SMSC and sender, UDHI set, UCS-2, 8-bit reference 0x2A.
        for (var part = 0; part < 3; part++)
        {
            var start = part * 60;
            var chunk = _text.Substring(start, Math.Min(60, _text.Length - start));
            var ud = new StringBuilder("0500032A03").Append((part + 1).ToString("X2", CultureInfo.InvariantCulture));
            foreach (var c in chunk)
            {
                ud.Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            _received[part] = "07911326040000F0" + "44" + "0B911346610089F6" + "0008" + "20806291731480"
                + (ud.Length / 2).ToString("X2", CultureInfo.InvariantCulture) + ud;
        }
        if (DecodeThreePartsAndReassemble() != _text.Length)
        {
            throw new InvalidOperationException("The setup PDUs do not decode to the text.");
        }
    }

    [Benchmark]
    public int DecodeThreePartsAndReassemble()
    {
        for (var i = 0; i < _received.Length; i++)
        {
            if (!PduDecoder.TryDecode(_received[i], out _parts[i], out _))
            {
                return -1;
            }
        }
        return PduReassembler.Reassemble(_parts)[0].Text.Length;
    }

    [Benchmark]
    public int EncodeThreeParts() => PduEncoder.Encode("+420775123456", _text, 42).Count;
}
