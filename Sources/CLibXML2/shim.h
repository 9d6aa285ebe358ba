#include <libxml/xmlversion.h>
/* Debian's libxml2 is built with ICU: its encoding.h then includes the
   system's <unicode/ucnv.h>, whose UErrorCode clashes with the ICU that
   Foundation brings (_FoundationICU) in any Swift module importing both.
   Nothing here uses libxml2's ICU converters, so leave them out. */
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
