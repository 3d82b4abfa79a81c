/* pg_none.c: stands in for the PostgreSQL backend (pg.c) in a build without libpq: the
 * statically linked scoot command (libpq cannot be linked statically on Debian). A
 * postgresql:// target is refused with what to use instead; scoot-server and libscoot have the
 * real backend. */
#include "../core/setup.h"

#include "scoot/error.h"
#include "store_int.h"

static int none_open(const char *target, int mode, void **db, scoot_buf *err)
{
    *db = NULL;
    if (err)
        scoot_buf_printf(err, "this scoot command was linked statically, without PostgreSQL's "
                              "client library: use a PostgreSQL journal through 'scoot serve', "
                              "or build with -DSCOOT_STATIC_CLI=OFF\n");
    return SCOOT_EINVAL;
}

int scoot__pg_latest_version(void)
{
    return 0;
}

const char *scoot__pg_page_sql(int desc, int kind)
{
    return NULL;
}

/* (only open is ever called: it never succeeds) */
const scoot__backend scoot__pg_backend = {.name = "postgresql (not built in)", .open = none_open};
