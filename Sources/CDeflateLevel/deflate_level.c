// Wraps zlib's deflateInit2_ so that one thread can choose the level that
// "default level" means for the streams it starts (see deflate_level.h).
//
// The executable defines deflateInit2_ and exports it, so the dynamic linker
// binds every library's call to it here (an executable's symbols come first
// in the lookup order); the wrapper forwards to zlib's own definition, found
// with dlsym(RTLD_NEXT). Nothing else changes: the stream, its window and
// strategy are the caller's.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stddef.h>
#include "deflate_level.h"

#define Z_DEFAULT_COMPRESSION (-1)

typedef int (*deflate_init2_fn)(void *strm, int level, int method, int window_bits, int mem_level,
                                int strategy, const char *version, int stream_size);

static _Thread_local int thread_level = Z_DEFAULT_COMPRESSION;

void reach_set_thread_deflate_level(int level) { thread_level = level; }

int reach_thread_deflate_level(void) { return thread_level; }

static deflate_init2_fn zlib_deflate_init2(void) {
    static deflate_init2_fn real;
    deflate_init2_fn fn = __atomic_load_n(&real, __ATOMIC_ACQUIRE);
    if (fn == NULL) {
        fn = (deflate_init2_fn)dlsym(RTLD_NEXT, "deflateInit2_");
        __atomic_store_n(&real, fn, __ATOMIC_RELEASE);
    }
    return fn;
}

__attribute__((visibility("default")))
int deflateInit2_(void *strm, int level, int method, int window_bits, int mem_level, int strategy,
                  const char *version, int stream_size) {
    deflate_init2_fn real = zlib_deflate_init2();
    if (real == NULL) return -6;  // Z_VERSION_ERROR: no zlib in the process
    if (level == Z_DEFAULT_COMPRESSION) level = thread_level;
    return real(strm, level, method, window_bits, mem_level, strategy, version, stream_size);
}

int reach_deflate_level_active(void) {
    // The default lookup finds the first definition: this file's when the
    // executable exports it.
    void *first = dlsym(RTLD_DEFAULT, "deflateInit2_");
    return first == (void *)&deflateInit2_;
}
