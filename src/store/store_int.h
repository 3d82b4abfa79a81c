/* store_int.h: the journal's storage backends behind one table of functions. The journal
 * (journal.c) validates and interprets; a backend only stores rows. Every row carries the
 * household it belongs to. */
#ifndef SCOOT_STORE_INT_H
#define SCOOT_STORE_INT_H

#include <stdint.h>

#include "scoot/buf.h"
#include "scoot/journal.h"

/* A cat's profile. Strings are borrowed (valid until the next backend call on the same
 * handle); unknown numbers are NAN, unknown flags -1, unknown strings NULL. */
typedef struct {
    int64_t id;
    const char *name;       /* NFC, trimmed (scoot__name_normalize) */
    const char *key;        /* what names are compared by (scoot__name_key), unique */
    const char *birth_date; /* YYYY-MM-DD */
    double age_years;       /* at `created`, when no birth date is known */
    const char *sex;        /* "male" / "female" */
    int neutered;
    const char *coat;       /* "short" / "long" */
    const char *breed;
    double weight_kg;
    int bcs;                /* 1..9, 0 unknown */
    scoot_time created, updated;
} scoot__cat_row;

/* An event. data is a JSON object whose fields depend on kind. */
typedef struct {
    int64_t id;
    int64_t cat_id;
    scoot_time t;
    const char *kind;
    const char *data;
    const char *note;
    scoot_time created, updated;
} scoot__event_row;

typedef int (*scoot__cat_fn)(void *ud, const scoot__cat_row *row);
typedef int (*scoot__event_fn)(void *ud, const scoot__event_row *row);

/* The functions a backend provides. All return SCOOT_OK or a negative scoot error; on error
 * err (which may be NULL) gets one line naming the problem. Writes happen between begin and
 * commit; rollback undoes them. A callback that returns nonzero stops a scan with that value. */
typedef struct scoot__backend {
    const char *name;
    /* mode: a scoot_journal_mode (READ: nothing is created or written) */
    int (*open)(const char *target, int mode, void **db, scoot_buf *err);
    void (*close)(void *db);
    int (*begin)(void *db);
    int (*commit)(void *db);
    void (*rollback)(void *db);
    /* several reads that see one state of the journal (writers are not held up); ended by
     * commit or rollback */
    int (*begin_read)(void *db);
    /* insert: row->id is assigned (the next id of the household); update: by row->id */
    int (*cat_insert)(void *db, int64_t hh, scoot__cat_row *row);
    int (*cat_update)(void *db, int64_t hh, const scoot__cat_row *row);
    int (*cat_delete)(void *db, int64_t hh, int64_t id); /* and its events */
    /* the cat named name exactly, else the one whose key is key; ENOENT */
    int (*cat_find)(void *db, int64_t hh, const char *name, const char *key, scoot__cat_row *row);
    int (*cat_get)(void *db, int64_t hh, int64_t id, scoot__cat_row *row);       /* ENOENT */
    int (*cat_scan)(void *db, int64_t hh, scoot__cat_fn fn, void *ud);           /* by key */
    /* row->id 0: the next id is assigned; > 0: that (free) id is used, and the caller then
     * calls event_ids_taken with the highest such id */
    int (*event_insert)(void *db, int64_t hh, scoot__event_row *row);
    /* the highest event id of the household (0 if none) */
    int (*event_max_id)(void *db, int64_t hh, int64_t *max);
    /* keeps the id sequence past max after inserts with chosen ids */
    int (*event_ids_taken)(void *db, int64_t hh, int64_t max);
    int (*event_update)(void *db, int64_t hh, const scoot__event_row *row);
    int (*event_delete)(void *db, int64_t hh, int64_t id);                     /* ENOENT */
    int (*event_get)(void *db, int64_t hh, int64_t id, scoot__event_row *row); /* ENOENT */
    /* one cat's events with from <= t < to (kind NULL: all kinds), at most limit of them (<= 0:
     * no limit), those after the key after (NULL: from the first) in the order asked: oldest
     * first (desc 0: keys greater than after) or newest first (desc 1: keys less than it).
     * Reads no more rows than it gives (an index serves each order). */
    int (*event_page)(void *db, int64_t hh, int64_t cat, scoot_time from, scoot_time to,
                      const char *kind, const scoot_event_key *after, int desc, long limit,
                      scoot__event_fn fn, void *ud);
    int (*backup)(void *db, const char *path, scoot_buf *err);
    /* scoot_journal_check's checks (every household); SCOOT_OK, SCOOT_EDAMAGED with lines in
     * report, or another error */
    int (*check)(void *db, int quick, scoot_buf *report);
    /* how many events the household holds, counted apart from the scans (through the id index) */
    int (*event_count)(void *db, int64_t hh, int64_t *n);
    int (*schema_version)(void *db);
    const char *(*last_error)(void *db); /* the backend's own message for the last failure */
} scoot__backend;

extern const scoot__backend scoot__sqlite_backend;
/* PostgreSQL (pg.c, with libpq; pg_none.c in the static command, whose open refuses) */
extern const scoot__backend scoot__pg_backend;

/* The backend a --db target names: postgresql:// and postgres:// URIs PostgreSQL, anything
 * else (a file path) SQLite. */
const scoot__backend *scoot__backend_for(const char *target);
/* 1 when target is a PostgreSQL URI. */
int scoot__is_pg_target(const char *target);
int scoot__pg_latest_version(void);
/* PostgreSQL's keyset page statement (for the test that EXPLAINs it): $1 household, $2 cat,
 * $3 from, $4 to, ($5, $6) the key after, $7 the limit, $8 the kind */
const char *scoot__pg_page_sql(int desc, int kind);

/* SQLite only, for the migration tests: creates path at schema version v (1..latest). */
int scoot__sqlite_create_at_version(const char *path, int v, scoot_buf *err);
int scoot__sqlite_latest_version(void);

#endif
