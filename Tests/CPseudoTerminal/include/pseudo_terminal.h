#ifndef REACH_PSEUDO_TERMINAL_H
#define REACH_PSEUDO_TERMINAL_H

/// Opens a new pseudo-terminal: its main side in `*main` and its secondary
/// side (the one a process writes to as its terminal) in `*secondary`, both
/// read-write and neither becoming the caller's controlling terminal.
/// Returns 0, or the `errno` of the step that failed (nothing is left open).
///
/// For the tests, which give a `reach` process a terminal as its stderr:
/// `posix_openpt`, `grantpt`, `unlockpt` and `ptsname` sit behind
/// `_XOPEN_SOURCE` in <stdlib.h>, which Swift's Glibc module does not import.
int reach_open_pseudo_terminal(int *main, int *secondary);

#endif
