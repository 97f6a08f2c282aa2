/*
 * A slow disk for Scripts/bench-ingest: LD_PRELOAD this library and every fsync and fdatasync of the
 * process takes SLOW_FSYNC_US microseconds (default 10000) longer, as on a kiosk box's SD card, before the
 * real call runs. Nothing else changes.
 *   cc -shared -fPIC -O2 -o slow-fsync.so slow-fsync.c -ldl
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <time.h>

static void wait_for_the_disk(void) {
    static long delay = -1;
    if (delay < 0) {
        const char *value = getenv("SLOW_FSYNC_US");
        delay = value ? atol(value) : 10000;
    }
    struct timespec left = {delay / 1000000, (delay % 1000000) * 1000};
    while (nanosleep(&left, &left) == -1 && errno == EINTR) {}
}

int fsync(int fd) {
    static int (*real)(int);
    if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
    wait_for_the_disk();
    return real(fd);
}

int fdatasync(int fd) {
    static int (*real)(int);
    if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
    wait_for_the_disk();
    return real(fd);
}
