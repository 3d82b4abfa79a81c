/* error.c: messages and names for scoot's error codes, and the BUG abort. */
#include "setup.h"

#include <stdio.h>
#include <stdlib.h>

#include "scoot/error.h"

const char *scoot_strerror(int code)
{
    switch (code) {
#define SCOOT__ERR_MSG(name, value, msg) \
    case (value):                         \
        return (msg);
        SCOOT_ERRNO_MAP(SCOOT__ERR_MSG)
#undef SCOOT__ERR_MSG
    default:
        return "unknown error";
    }
}

const char *scoot_err_name(int code)
{
    switch (code) {
#define SCOOT__ERR_NAME(name, value, msg) \
    case (value):                          \
        return "SCOOT_" #name;
        SCOOT_ERRNO_MAP(SCOOT__ERR_NAME)
#undef SCOOT__ERR_NAME
    default:
        return "SCOOT_E?";
    }
}

const char *scoot_reason_id(int reason)
{
    static const char *const ids[] = {
#define SCOOT__REASON_ID(name, id, what) id,
        SCOOT_REASON_MAP(SCOOT__REASON_ID)
#undef SCOOT__REASON_ID
    };
    return reason >= 0 && reason < (int)SCOOT_ARRAY_LEN(ids) ? ids[reason] : "";
}

void scoot__bug(const char *file, int line, const char *msg)
{
    fprintf(stderr, "scoot: BUG at %s:%d: %s\n", file, line, msg);
    abort();
}
