#ifndef REACH_DEFLATE_LEVEL_H
#define REACH_DEFLATE_LEVEL_H

/// Sets the zlib compression level for deflate streams that the calling
/// thread starts with zlib's default level (-1) from now on; -1 restores the
/// default. Other threads, and streams started with an explicit level, are
/// not affected.
///
/// libxlsxwriter 1.1.4 compresses every part of a workbook at zlib's default
/// level and has no setting for it. reach lowers the level around
/// `workbook_close` only, where the deflate of the large member sheet is
/// most of the time spent writing the workbook.
void reach_set_thread_deflate_level(int level);

/// The level that `reach_set_thread_deflate_level` set on this thread
/// (-1 when none), and whether the override is in force in this process:
/// 1 when zlib's `deflateInit2_` resolves to reach's wrapper, 0 when the
/// platform bound it elsewhere (the workbook is then written at the
/// default level, as before).
int reach_thread_deflate_level(void);
int reach_deflate_level_active(void);

#endif
