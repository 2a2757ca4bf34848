#ifndef CHIREDIS_SHIM_H
#define CHIREDIS_SHIM_H
#include <hiredis/hiredis.h>
#include <hiredis/read.h>
#include <stdio.h>

/* errstr is a char[128] that Swift imports as a tuple; hand out a pointer instead. */
static inline const char *CHiredis_readerError(const redisReader *r) { return r->errstr; }

/* Formats a double as Redis 7.0's addReplyDouble does ("%.17g"); snprintf is variadic, so Swift needs a wrapper. */
static inline int CHiredis_formatDouble(char *buf, size_t size, double value) {
    return snprintf(buf, size, "%.17g", value);
}
#endif
