#define _XOPEN_SOURCE 600
#include "pseudo_terminal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

int reach_open_pseudo_terminal(int *main, int *secondary) {
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    if (m < 0) return errno;
    const char *name = grantpt(m) == 0 && unlockpt(m) == 0 ? ptsname(m) : NULL;
    int s = name ? open(name, O_RDWR | O_NOCTTY) : -1;
    if (s < 0) {
        int failure = errno;
        close(m);
        return failure;
    }
    *main = m;
    *secondary = s;
    return 0;
}
