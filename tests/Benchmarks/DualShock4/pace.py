"""Plays a DualShock 4 on USB: writes one 64-byte input report per millisecond (or at HZ) into a FIFO standing in
for /dev/hidrawN, in packet mode (O_DIRECT, pipe(7)) so that each read returns one report, as hidraw does.
Usage: pace.py FIFO [SECONDS [HZ]]   (without SECONDS: until the reader goes away; HZ 250 is a pad's own rate)"""
import fcntl, os, sys, time

fd = os.open(sys.argv[1], os.O_WRONLY)
fcntl.fcntl(fd, fcntl.F_SETFL, os.O_DIRECT)
end = time.monotonic() + float(sys.argv[2]) if len(sys.argv) > 2 else float("inf")
period = 1 / float(sys.argv[3]) if len(sys.argv) > 3 else 0.001
report = bytearray(64)
report[0] = 0x01                   # USB input report
report[1:5] = b"\x80\x80\x80\x80"  # sticks centred
report[5] = 0x08                   # d-pad released
due = time.monotonic()
n = 0
while time.monotonic() < end:
    n += 1
    report[7] = (n & 0x3F) << 2    # the report counter
    try:
        os.write(fd, report)
    except BrokenPipeError:
        break
    due += period
    delay = due - time.monotonic()
    if delay > 0:
        time.sleep(delay)
    elif delay < -0.05:
        due = time.monotonic()     # a pad does not catch up on reports nobody read
