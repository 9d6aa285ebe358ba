// reach_prefetch is inline in the header; this file only gives the module
// a translation unit.
#include "prefetch.h"
