#ifndef CHIREDIS_SHIM_H
#define CHIREDIS_SHIM_H
#include <hiredis/hiredis.h>
#include <hiredis/read.h>

/* errstr is a char[128] that Swift imports as a tuple; hand out a pointer instead. */
static inline const char *CHiredis_readerError(const redisReader *r) { return r->errstr; }

/* True when the reader holds no partial reply: the query port then may take an inline command. */
static inline int CHiredis_readerIsIdle(const redisReader *r) { return r->ridx == -1 && r->pos == r->len; }
#endif
