/* The floor under DualShock4's read thread: the same reads of the same paced stream, in C, with nothing else.
 * Usage: read-floor FIFO SECONDS BATCH_MS   (BATCH_MS 0: wait for every report; otherwise sleep BATCH_MS between drains) */
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static double seconds(clockid_t clock)
{
    struct timespec t;
    clock_gettime(clock, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc != 4) return 2;
    int fd = open(argv[1], O_RDONLY | O_NONBLOCK);
    double duration = atof(argv[2]), batch = atof(argv[3]) / 1000;
    unsigned char report[1024];
    long reports = 0;
    double start = 0, cpu = 0;
    for (;;) {
        while (read(fd, report, sizeof report) > 0)
            if (reports++ == 0) { start = seconds(CLOCK_MONOTONIC); cpu = seconds(CLOCK_PROCESS_CPUTIME_ID); }
        if (reports > 0 && seconds(CLOCK_MONOTONIC) - start >= duration) break;
        if (batch > 0) {
            struct timespec pause = { 0, (long)(batch * 1e9) };
            nanosleep(&pause, NULL);
        } else {
            struct pollfd wait = { fd, POLLIN, 0 };
            poll(&wait, 1, -1);
        }
    }
    double wall = seconds(CLOCK_MONOTONIC) - start, used = seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu;
    printf("C floor, batch %s ms: %ld reports in %.1f s, %.0f ms CPU = %.2f %% of one core\n", argv[3], reports, wall, used * 1000, 100 * used / wall);
    return 0;
}
