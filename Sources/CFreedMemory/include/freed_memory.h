#ifndef REACH_FREED_MEMORY_H
#define REACH_FREED_MEMORY_H

#include <stdlib.h> /* defines __GLIBC__ on glibc */
#if defined(__GLIBC__)
#include <malloc.h>
#endif

/// Hands the memory the process has freed back to the system, where the C
/// library can (glibc's `malloc_trim`, declared in <malloc.h>, which Swift's
/// Glibc module does not import). Returns 1 when memory was released, 0
/// otherwise; a no-op returning 0 elsewhere.
static inline int reach_release_freed_memory(void) {
#if defined(__GLIBC__)
    return malloc_trim(0);
#else
    return 0;
#endif
}

#endif
