// reach_release_freed_memory is inline in the header; this file only gives
// the module a translation unit.
#include "freed_memory.h"
