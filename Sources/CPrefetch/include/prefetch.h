#ifndef REACH_PREFETCH_H
#define REACH_PREFETCH_H

/// Asks the processor to start loading the cache line at `address` for
/// reading, without waiting for it. A hint: it never faults and may be
/// ignored. The reader uses it to overlap a hash-table lookup's memory
/// latency with scanning the next record.
static inline void reach_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
