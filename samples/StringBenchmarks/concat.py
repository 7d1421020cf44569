#!/usr/bin/env python3
"""The six methods of the string-concatenation experiment in CPython 3, timed like the C# side.

Each method builds the decimal forms of 0..n-1 written one after the other. Python 3 has no
UserString.MutableString and no cStringIO: (2) uses a bytearray, the mutable buffer that is left,
and (5) io.StringIO.

  concat.py [--n N] [--repeat R]   one JSON document: the interpreter, and each method's median time,
                                   mean time, output length and SHA-256 (so the caller can check the outputs)
  concat.py --emit [--n N]         one JSON object: method name -> the string it built
"""
import argparse
import hashlib
import io
import json
import sys
import time
from array import array

# 'u' is deprecated from 3.13 on in favour of 'w'; both hold one code point per item.
CHAR_TYPECODE = "w" if sys.version_info >= (3, 13) else "u"


def naive(n):
    s = ""
    for num in range(n):
        s += str(num)
    return s


def mutable_buffer(n):
    buffer = bytearray()
    for num in range(n):
        buffer += str(num).encode("ascii")
    return buffer.decode("ascii")


def char_array(n):
    chars = array(CHAR_TYPECODE)
    for num in range(n):
        chars.fromunicode(str(num))
    return chars.tounicode()


def list_join(n):
    parts = []
    for num in range(n):
        parts.append(str(num))
    return "".join(parts)


def string_io(n):
    buffer = io.StringIO()
    for num in range(n):
        buffer.write(str(num))
    return buffer.getvalue()


def comprehension(n):
    return "".join([str(num) for num in range(n)])


METHODS = [
    (1, "naive +=", naive),
    (2, "bytearray +=", mutable_buffer),
    (3, "array('u').fromunicode", char_array),
    (4, "list.append + join", list_join),
    (5, "io.StringIO", string_io),
    (6, "''.join(comprehension)", comprehension),
]

WARM_UP_CALLS = 50
WARM_UP_SECONDS = 0.3


def timing_ms(function, n, repeat):
    """The median and the mean of the timed runs, in milliseconds."""
    # The same warm-up as the C# side, though CPython 3.11 has no JIT to warm.
    start = time.perf_counter()
    for _ in range(WARM_UP_CALLS):
        if time.perf_counter() - start >= WARM_UP_SECONDS:
            break
        function(n)
    times = []
    for _ in range(repeat):
        begin = time.perf_counter_ns()
        function(n)
        times.append((time.perf_counter_ns() - begin) / 1e6)
    mean = sum(times) / len(times)
    times.sort()
    middle = len(times) // 2
    return (times[middle] if len(times) % 2 else (times[middle - 1] + times[middle]) / 2), mean


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--emit", action="store_true")
    args = parser.parse_args()

    if args.emit:
        json.dump({name: function(args.n) for _, name, function in METHODS}, sys.stdout)
        return

    methods = []
    for experiment, name, function in METHODS:
        output = function(args.n)
        median, mean = timing_ms(function, args.n, args.repeat)
        methods.append({
            "method": name,
            "experiment": experiment,
            "medianMs": median,
            "meanMs": mean,
            "outputChars": len(output),
            "sha256": hashlib.sha256(output.encode("ascii")).hexdigest(),
        })
    json.dump({"version": sys.version, "methods": methods}, sys.stdout)


if __name__ == "__main__":
    main()
