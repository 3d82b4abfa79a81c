/* sqlite.c: the SQLite journal backend: WAL, foreign keys, STRICT tables, versioned
 * migrations applied in place, busy timeout for sharing the file with a running server.
 * Events are stored WITHOUT ROWID under the key (household, cat, time, id), so one cat's
 * history sits together on disk and is read in order. */
#include "../core/setup.h"

#include <math.h>
#include <stdio.h>
#include <sys/stat.h>

#include <jansson.h>
#include <sqlite3.h>

#include "../core/text.h"
#include "scoot/alloc.h"
#include "scoot/error.h"
#include "store_int.h"

/* The migrations, in order; the file's PRAGMA user_version says how many were applied. */
static const char *const migrations[] = {
    /* 1: households, cats, events */
    "CREATE TABLE household(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  name TEXT NOT NULL,\n"
    "  created INTEGER NOT NULL) STRICT;\n"
    "INSERT INTO household(id, name, created) VALUES (1, 'default', strftime('%s','now'));\n"
    "CREATE TABLE seq(\n"
    "  household_id INTEGER NOT NULL REFERENCES household(id),\n"
    "  name TEXT NOT NULL,\n"
    "  next INTEGER NOT NULL,\n"
    "  PRIMARY KEY (household_id, name)) STRICT, WITHOUT ROWID;\n"
    "CREATE TABLE cat(\n"
    "  household_id INTEGER NOT NULL REFERENCES household(id),\n"
    "  id INTEGER NOT NULL,\n"
    "  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),\n"
    "  birth_date TEXT,\n"
    "  age_years REAL CHECK (age_years BETWEEN 0 AND 40),\n"
    "  sex TEXT CHECK (sex IN ('male', 'female')),\n"
    "  neutered INTEGER CHECK (neutered IN (0, 1)),\n"
    "  coat TEXT CHECK (coat IN ('short', 'long')),\n"
    "  breed TEXT,\n"
    "  weight_kg REAL CHECK (weight_kg > 0 AND weight_kg <= 20),\n"
    "  bcs INTEGER CHECK (bcs BETWEEN 1 AND 9),\n"
    "  created INTEGER NOT NULL,\n"
    "  updated INTEGER NOT NULL,\n"
    "  PRIMARY KEY (household_id, id)) STRICT, WITHOUT ROWID;\n"
    "CREATE UNIQUE INDEX cat_name ON cat(household_id, name COLLATE NOCASE);\n"
    "CREATE TABLE event(\n"
    "  household_id INTEGER NOT NULL,\n"
    "  cat_id INTEGER NOT NULL,\n"
    "  t INTEGER NOT NULL,\n"
    "  id INTEGER NOT NULL,\n"
    "  kind TEXT NOT NULL,\n"
    "  data TEXT NOT NULL,\n"
    "  note TEXT,\n"
    "  created INTEGER NOT NULL,\n"
    "  PRIMARY KEY (household_id, cat_id, t, id),\n"
    "  FOREIGN KEY (household_id, cat_id) REFERENCES cat(household_id, id) ON DELETE CASCADE\n"
    ") STRICT, WITHOUT ROWID;\n"
    "CREATE UNIQUE INDEX event_id ON event(household_id, id);\n",
    /* 2: when an event was last edited; events by kind (care schedules, medicines) */
    "ALTER TABLE event ADD COLUMN updated INTEGER;\n"
    "CREATE INDEX event_kind ON event(household_id, cat_id, kind, t);\n",
    /* 3: names are compared by a key (NFKC_Casefold: "Mïmì" is "MÏMÌ"), not by ASCII case;
     * the keys are computed in C (name_keys) before the index is made */
    "ALTER TABLE cat ADD COLUMN name_key TEXT;\n"
    "DROP INDEX cat_name;\n",
};
#define N_MIGRATIONS ((int)SCOOT_ARRAY_LEN(migrations))

enum {
    Q_BEGIN, Q_COMMIT, Q_ROLLBACK, Q_BEGIN_READ,
    Q_SEQ, Q_SEQ_INIT, Q_SEQ_BUMP, Q_EV_MAX,
    Q_CAT_INSERT, Q_CAT_UPDATE, Q_CAT_DELETE, Q_CAT_FIND, Q_CAT_GET, Q_CAT_SCAN,
    Q_EV_INSERT, Q_EV_UPDATE, Q_EV_DELETE, Q_EV_GET,
    Q_EV_PAGE, Q_EV_PAGE_KIND, Q_EV_PAGE_DESC, Q_EV_PAGE_KIND_DESC,
    N_QUERIES
};

#define CAT_COLS "id, name, birth_date, age_years, sex, neutered, coat, breed, weight_kg, bcs, " \
                 "created, updated, name_key"
#define EV_COLS "id, cat_id, t, kind, data, note, created, updated"

static const char *const sql[N_QUERIES] = {
    [Q_BEGIN] = "BEGIN IMMEDIATE",
    [Q_COMMIT] = "COMMIT",
    [Q_ROLLBACK] = "ROLLBACK",
    [Q_BEGIN_READ] = "BEGIN DEFERRED", /* (WAL: its first read fixes the snapshot) */
    [Q_SEQ] = "UPDATE seq SET next = next + 1 WHERE household_id = ?1 AND name = ?2 "
              "RETURNING next - 1",
    [Q_SEQ_INIT] = "INSERT INTO seq(household_id, name, next) VALUES (?1, ?2, 2)",
    [Q_EV_MAX] = "SELECT coalesce(max(id), 0) FROM event WHERE household_id = ?1",
    [Q_SEQ_BUMP] = "INSERT INTO seq(household_id, name, next) VALUES (?1, ?2, ?3) "
                   "ON CONFLICT DO UPDATE SET next = max(next, excluded.next)",
    [Q_CAT_INSERT] = "INSERT INTO cat(household_id, " CAT_COLS ") "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    [Q_CAT_UPDATE] = "UPDATE cat SET name = ?3, birth_date = ?4, age_years = ?5, sex = ?6, "
                     "neutered = ?7, coat = ?8, breed = ?9, weight_kg = ?10, bcs = ?11, "
                     "updated = ?13, name_key = ?14 WHERE household_id = ?1 AND id = ?2",
    [Q_CAT_DELETE] = "DELETE FROM cat WHERE household_id = ?1 AND id = ?2",
    [Q_CAT_FIND] = "SELECT " CAT_COLS " FROM cat WHERE household_id = ?1 AND "
                   "(name = ?2 OR name_key = ?3) ORDER BY name = ?2 DESC LIMIT 1",
    [Q_CAT_GET] = "SELECT " CAT_COLS " FROM cat WHERE household_id = ?1 AND id = ?2",
    [Q_CAT_SCAN] = "SELECT " CAT_COLS " FROM cat WHERE household_id = ?1 "
                   "ORDER BY name_key, id",
    [Q_EV_INSERT] = "INSERT INTO event(household_id, cat_id, t, id, kind, data, note, created) "
                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [Q_EV_UPDATE] = "UPDATE event SET t = ?3, data = ?4, note = ?5, updated = ?6 "
                    "WHERE household_id = ?1 AND id = ?2",
    [Q_EV_DELETE] = "DELETE FROM event WHERE household_id = ?1 AND id = ?2",
    [Q_EV_GET] = "SELECT " EV_COLS " FROM event WHERE household_id = ?1 AND id = ?2",
    /* a page after a key (keyset): the primary key, or (household, cat, kind, t, id) of the
     * event_kind index (a WITHOUT ROWID table's index ends with the primary key), serves each
     * in either direction */
    [Q_EV_PAGE] = "SELECT " EV_COLS " FROM event WHERE household_id = ?1 AND cat_id = ?2 "
                  "AND t >= ?3 AND t < ?4 AND (t, id) > (?6, ?7) ORDER BY t, id LIMIT ?8",
    [Q_EV_PAGE_KIND] = "SELECT " EV_COLS " FROM event INDEXED BY event_kind "
                       "WHERE household_id = ?1 AND cat_id = ?2 "
                       "AND kind = ?5 AND t >= ?3 AND t < ?4 AND (t, id) > (?6, ?7) "
                       "ORDER BY t, id LIMIT ?8",
    [Q_EV_PAGE_DESC] = "SELECT " EV_COLS " FROM event WHERE household_id = ?1 AND cat_id = ?2 "
                       "AND t >= ?3 AND t < ?4 AND (t, id) < (?6, ?7) "
                       "ORDER BY t DESC, id DESC LIMIT ?8",
    [Q_EV_PAGE_KIND_DESC] = "SELECT " EV_COLS " FROM event INDEXED BY event_kind "
                            "WHERE household_id = ?1 AND "
                            "cat_id = ?2 AND kind = ?5 AND t >= ?3 AND t < ?4 AND "
                            "(t, id) < (?6, ?7) ORDER BY t DESC, id DESC LIMIT ?8",
};

typedef struct {
    sqlite3 *db;
    sqlite3_stmt *q[N_QUERIES];
    sqlite3_stmt *held; /* the statement whose row strings were handed out last */
    char msg[512];
    int version;
} sdb;

static int fail(sdb *s, int rc)
{
    snprintf(s->msg, sizeof s->msg, "%s", sqlite3_errmsg(s->db));
    switch (rc & 0xff) {
    case SQLITE_NOMEM: return SCOOT_ENOMEM;
    case SQLITE_CONSTRAINT: return SCOOT_EEXIST;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return SCOOT_EDAMAGED;
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return SCOOT_EIO;
    default: return SCOOT_EIO;
    }
}

static sqlite3_stmt *stmt(sdb *s, int q)
{
    if (s->held) {
        sqlite3_reset(s->held);
        s->held = NULL;
    }
    if (!s->q[q] && sqlite3_prepare_v3(s->db, sql[q], -1, SQLITE_PREPARE_PERSISTENT, &s->q[q],
                                       NULL) != SQLITE_OK)
        return NULL;
    sqlite3_reset(s->q[q]);
    sqlite3_clear_bindings(s->q[q]);
    return s->q[q];
}

/* Statement q with ?1 = household and ?2 = id bound; NULL if it cannot be prepared. */
static sqlite3_stmt *stmt_id(sdb *s, int q, int64_t hh, int64_t id)
{
    sqlite3_stmt *st = stmt(s, q);
    if (st) {
        sqlite3_bind_int64(st, 1, hh);
        sqlite3_bind_int64(st, 2, id);
    }
    return st;
}

static int exec(sdb *s, const char *text)
{
    char *msg = NULL;
    int rc = sqlite3_exec(s->db, text, NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        snprintf(s->msg, sizeof s->msg, "%s", msg ? msg : sqlite3_errstr(rc));
        sqlite3_free(msg);
        return SCOOT_EIO;
    }
    return SCOOT_OK;
}

static int user_version(sdb *s)
{
    sqlite3_stmt *st;
    int v = -1;
    if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* Migration 3: the key of every cat's name, then the unique index on it. Two cats whose names
 * had different keys under SQLite's ASCII NOCASE but have one key now ("Mïmì" and "MÏMÌ") are
 * both kept, with their names and journals: the first (by id) gets the key, the second keeps
 * a key of its own ("\1ID:NAME", which no name folds to), so that it is still found by its
 * exact name and can be renamed; `scoot check` names such pairs. */
static int name_keys(sdb *s)
{
    sqlite3_stmt *rd = NULL, *up = NULL, *taken = NULL;
    int rc = SCOOT_OK;
    if (sqlite3_prepare_v2(s->db, "SELECT household_id, id, name FROM cat ORDER BY household_id, id",
                           -1, &rd, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db, "UPDATE cat SET name_key = ?3 WHERE household_id = ?1 AND id = ?2",
                           -1, &up, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db, "SELECT 1 FROM cat WHERE household_id = ?1 AND name_key = ?2",
                           -1, &taken, NULL) != SQLITE_OK) {
        snprintf(s->msg, sizeof s->msg, "%s", sqlite3_errmsg(s->db));
        rc = SCOOT_EIO;
    }
    int step = SQLITE_DONE;
    while (!rc && (step = sqlite3_step(rd)) == SQLITE_ROW) {
        int64_t hh = sqlite3_column_int64(rd, 0), id = sqlite3_column_int64(rd, 1);
        const char *name = (const char *)sqlite3_column_text(rd, 2);
        char *key = scoot__name_key(name ? name : ""), *own = NULL;
        if (!key) {
            /* (not UTF-8: SQLite's own text) */
            own = sqlite3_mprintf("\001%lld:%s", (long long)id, name ? name : "");
        } else {
            sqlite3_reset(taken);
            sqlite3_bind_int64(taken, 1, hh);
            sqlite3_bind_text(taken, 2, key, -1, SQLITE_TRANSIENT);
            if (sqlite3_step(taken) == SQLITE_ROW)
                own = sqlite3_mprintf("\001%lld:%s", (long long)id, name);
        }
        sqlite3_reset(up);
        sqlite3_bind_int64(up, 1, hh);
        sqlite3_bind_int64(up, 2, id);
        sqlite3_bind_text(up, 3, own ? own : key, -1, SQLITE_TRANSIENT);
        if ((!own && !key) || sqlite3_step(up) != SQLITE_DONE) {
            snprintf(s->msg, sizeof s->msg, "%s", key || own ? sqlite3_errmsg(s->db) : "out of memory");
            rc = SCOOT_EIO;
        }
        scoot_free(key);
        sqlite3_free(own);
    }
    if (!rc && step != SQLITE_DONE) {
        snprintf(s->msg, sizeof s->msg, "%s", sqlite3_errmsg(s->db));
        rc = SCOOT_EIO;
    }
    sqlite3_finalize(rd);
    sqlite3_finalize(up);
    sqlite3_finalize(taken);
    if (!rc)
        rc = exec(s, "CREATE UNIQUE INDEX cat_key ON cat(household_id, name_key);");
    return rc;
}

/* Applies migrations up to target, each in its own transaction with the version bump. */
static int migrate(sdb *s, int target, scoot_buf *err)
{
    int v = user_version(s);
    if (v < 0) {
        if (err)
            scoot_buf_printf(err, "cannot read the schema version: %s\n", sqlite3_errmsg(s->db));
        return SCOOT_EIO;
    }
    if (v > N_MIGRATIONS) {
        if (err)
            scoot_buf_printf(err, "the file has schema version %d, newer than this scoot "
                                  "understands (%d); upgrade scoot\n",
                             v, N_MIGRATIONS);
        return SCOOT_EIO;
    }
    for (; v < target; v++) {
        char bump[64];
        snprintf(bump, sizeof bump, "PRAGMA user_version = %d;", v + 1);
        if (exec(s, "BEGIN IMMEDIATE") || exec(s, migrations[v]) ||
            (v + 1 == 3 && name_keys(s)) || exec(s, bump) || exec(s, "COMMIT")) {
            if (err)
                scoot_buf_printf(err, "migration to schema version %d failed: %s\n", v + 1,
                                 s->msg);
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
            return SCOOT_EIO;
        }
    }
    s->version = v;
    return SCOOT_OK;
}

static void sdb_close(void *db)
{
    sdb *s = db;
    if (!s)
        return;
    for (int i = 0; i < N_QUERIES; i++)
        sqlite3_finalize(s->q[i]);
    sqlite3_close(s->db);
    scoot_free(s);
}

/* Opens path read-write (creating it when create is set) and brings it to schema target. */
static int open_rw(const char *path, int target, int create, sdb **out, scoot_buf *err)
{
    *out = NULL;
    sdb *s = scoot_calloc(1, sizeof *s);
    if (!s)
        return SCOOT_ENOMEM;
    int rc = sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) |
                                                SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        if (err)
            scoot_buf_printf(err, "%s: cannot open: %s\n", path,
                             s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
        sdb_close(s);
        return SCOOT_EIO;
    }
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_timeout(s->db, 5000);
    /* WAL: readers and one writer at a time, a server and the CLI can share the file;
     * synchronous=FULL: a commit is on disk when it returns */
    if (exec(s, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
                "PRAGMA foreign_keys = ON;")) {
        int code = sqlite3_errcode(s->db) & 0xff;
        if (err)
            scoot_buf_printf(err, "%s: %s\n", path, s->msg);
        sdb_close(s);
        return code == SQLITE_CORRUPT || code == SQLITE_NOTADB ? SCOOT_EDAMAGED : SCOOT_EIO;
    }
    rc = migrate(s, target, err);
    if (rc) {
        sdb_close(s);
        return rc;
    }
    *out = s;
    return SCOOT_OK;
}

/* 1 when the write-ahead log of path is absent or empty: nothing committed is outside the
 * main file. */
static int wal_empty(const char *path)
{
    char wal[4200];
    snprintf(wal, sizeof wal, "%s-wal", path);
    FILE *f = fopen(wal, "rb");
    if (!f)
        return 1;
    int empty = fgetc(f) == EOF;
    fclose(f);
    return empty;
}

/* Opens path for reading only: nothing is created or written. A file that cannot be written
 * (a read-only file or folder) is read as it is when its write-ahead log is empty. An older
 * schema is upgraded first when the file can be written, else refused with what to do. */
static int open_ro(const char *path, int target, sdb **out, scoot_buf *err)
{
    *out = NULL;
    sdb *s = scoot_calloc(1, sizeof *s);
    if (!s)
        return SCOOT_ENOMEM;
    int v = -1, rc = sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_extended_result_codes(s->db, 1);
        sqlite3_busy_timeout(s->db, 5000);
        v = user_version(s);
    }
    if (v < 0 && wal_empty(path)) {
        /* WAL needs its -shm file, which a read-only folder cannot hold: with no log to
         * read, the main file is the whole journal */
        sqlite3_close(s->db);
        s->db = NULL;
        char *uri = sqlite3_mprintf("file:%s?immutable=1", path);
        rc = uri ? sqlite3_open_v2(uri, &s->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI |
                                                    SQLITE_OPEN_NOMUTEX, NULL)
                 : SQLITE_NOMEM;
        sqlite3_free(uri);
        if (rc == SQLITE_OK) {
            sqlite3_extended_result_codes(s->db, 1);
            v = user_version(s);
        }
    }
    if (v < 0) {
        int code = s->db ? sqlite3_errcode(s->db) & 0xff : rc;
        if (err)
            scoot_buf_printf(err, "%s: cannot read: %s\n", path,
                             s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
        sdb_close(s);
        return code == SQLITE_CORRUPT || code == SQLITE_NOTADB ? SCOOT_EDAMAGED : SCOOT_EIO;
    }
    if (v > N_MIGRATIONS) {
        if (err)
            scoot_buf_printf(err, "the file has schema version %d, newer than this scoot "
                                  "understands (%d); upgrade scoot\n",
                             v, N_MIGRATIONS);
        sdb_close(s);
        return SCOOT_EIO;
    }
    if (v < target) {
        /* an older journal: upgraded in place once, then read */
        sdb_close(s);
        sdb *w;
        scoot_buf why;
        scoot_buf_init(&why, 0);
        rc = open_rw(path, target, 0, &w, &why);
        sdb_close(w);
        if (rc) {
            if (err)
                scoot_buf_printf(err, "%s%s: the journal has schema version %d and this scoot "
                                      "reads version %d: it must be upgraded, which needs a file "
                                      "it can write: copy it (cp) and use the copy\n",
                                 scoot_buf_str(&why), path, v, target);
            scoot_buf_free(&why);
            return SCOOT_EIO;
        }
        scoot_buf_free(&why);
        return open_ro(path, target, out, err);
    }
    s->version = v;
    *out = s;
    return SCOOT_OK;
}

static int open_at(const char *path, int target, int mode, void **out, scoot_buf *err)
{
    sdb *s;
    int rc = mode == SCOOT_JOURNAL_READ ? open_ro(path, target, &s, err)
                                        : open_rw(path, target, mode == SCOOT_JOURNAL_CREATE, &s, err);
    *out = rc ? NULL : s;
    return rc;
}

static int sdb_open(const char *path, int mode, void **out, scoot_buf *err)
{
    return open_at(path, N_MIGRATIONS, mode, out, err);
}

int scoot__sqlite_create_at_version(const char *path, int v, scoot_buf *err)
{
    void *db;
    int rc = open_at(path, v, SCOOT_JOURNAL_CREATE, &db, err);
    sdb_close(db);
    return rc;
}

int scoot__sqlite_latest_version(void)
{
    return N_MIGRATIONS;
}

static int step_done(sdb *s, sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return fail(s, rc);
    sqlite3_reset(st);
    return SCOOT_OK;
}

static int simple(sdb *s, int q)
{
    sqlite3_stmt *st = stmt(s, q);
    return st ? step_done(s, st) : fail(s, sqlite3_errcode(s->db));
}

static int sdb_begin(void *db)
{
    return simple(db, Q_BEGIN);
}

static int sdb_begin_read(void *db)
{
    return simple(db, Q_BEGIN_READ);
}

static int sdb_commit(void *db)
{
    return simple(db, Q_COMMIT);
}

static void sdb_rollback(void *db)
{
    sdb *s = db;
    if (!sqlite3_get_autocommit(s->db))
        simple(s, Q_ROLLBACK);
}

/* The next id of the named sequence in the household. */
static int next_id(sdb *s, int64_t hh, const char *name, int64_t *id)
{
    sqlite3_stmt *st = stmt(s, Q_SEQ);
    if (!st)
        return fail(s, sqlite3_errcode(s->db));
    sqlite3_bind_int64(st, 1, hh);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        return SCOOT_OK;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return fail(s, rc);
    st = stmt(s, Q_SEQ_INIT);
    if (!st)
        return fail(s, sqlite3_errcode(s->db));
    sqlite3_bind_int64(st, 1, hh);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
    *id = 1;
    return step_done(s, st);
}

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

static void bind_real_or_null(sqlite3_stmt *st, int i, double v)
{
    if (isnan(v))
        sqlite3_bind_null(st, i);
    else
        sqlite3_bind_double(st, i, v);
}

static void bind_cat(sqlite3_stmt *st, int64_t hh, const scoot__cat_row *r)
{
    sqlite3_bind_int64(st, 1, hh);
    sqlite3_bind_int64(st, 2, r->id);
    sqlite3_bind_text(st, 3, r->name, -1, SQLITE_STATIC);
    bind_text_or_null(st, 4, r->birth_date);
    bind_real_or_null(st, 5, r->age_years);
    bind_text_or_null(st, 6, r->sex);
    if (r->neutered < 0)
        sqlite3_bind_null(st, 7);
    else
        sqlite3_bind_int(st, 7, r->neutered);
    bind_text_or_null(st, 8, r->coat);
    bind_text_or_null(st, 9, r->breed);
    bind_real_or_null(st, 10, r->weight_kg);
    if (r->bcs <= 0)
        sqlite3_bind_null(st, 11);
    else
        sqlite3_bind_int(st, 11, r->bcs);
    sqlite3_bind_int64(st, 12, r->created);
    sqlite3_bind_int64(st, 13, r->updated);
    sqlite3_bind_text(st, 14, r->key, -1, SQLITE_STATIC);
}

static const char *col_text(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

static double col_real(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? NAN : sqlite3_column_double(st, i);
}

static void read_cat(sqlite3_stmt *st, scoot__cat_row *r)
{
    r->id = sqlite3_column_int64(st, 0);
    r->name = col_text(st, 1);
    r->birth_date = col_text(st, 2);
    r->age_years = col_real(st, 3);
    r->sex = col_text(st, 4);
    r->neutered = sqlite3_column_type(st, 5) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 5);
    r->coat = col_text(st, 6);
    r->breed = col_text(st, 7);
    r->weight_kg = col_real(st, 8);
    r->bcs = sqlite3_column_type(st, 9) == SQLITE_NULL ? 0 : sqlite3_column_int(st, 9);
    r->created = sqlite3_column_int64(st, 10);
    r->updated = sqlite3_column_int64(st, 11);
    r->key = col_text(st, 12);
}

static int sdb_cat_insert(void *db, int64_t hh, scoot__cat_row *row)
{
    sdb *s = db;
    int rc = next_id(s, hh, "cat", &row->id);
    if (rc)
        return rc;
    sqlite3_stmt *st = stmt(s, Q_CAT_INSERT);
    if (!st)
        return fail(s, sqlite3_errcode(s->db));
    bind_cat(st, hh, row);
    return step_done(s, st);
}

static int sdb_cat_update(void *db, int64_t hh, const scoot__cat_row *row)
{
    sdb *s = db;
    sqlite3_stmt *st = stmt(s, Q_CAT_UPDATE);
    if (!st)
        return fail(s, sqlite3_errcode(s->db));
    bind_cat(st, hh, row);
    return step_done(s, st);
}

/* Runs a DELETE by (household, id); SCOOT_ENOENT when nothing was there. */
static int delete_id(sdb *s, int q, int64_t hh, int64_t id)
{
    sqlite3_stmt *st = stmt_id(s, q, hh, id);
    if (!st)
        return fail(s, sqlite3_errcode(s->db));
    int rc = step_done(s, st);
    if (!rc && sqlite3_changes(s->db) == 0)
        return SCOOT_ENOENT;
    return rc;
}

static int sdb_cat_delete(void *db, int64_t hh, int64_t id)
{
    return delete_id(db, Q_CAT_DELETE, hh, id);
}

/* Runs a one-row query; the row's strings stay valid until the next backend call. */
static int one_row(sdb *s, sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        s->held = st;
        return SCOOT_OK;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? SCOOT_ENOENT : fail(s, rc);
}

static int sdb_cat_find(void *db, int64_t hh, const char *name, const char *key,
                        scoot__cat_row *row)
{
    sdb *s = db;
    sqlite3_stmt *st = stmt(s, Q_CAT_FIND);
    if (!st)
        return fail(s, sqlite3_errcode(s->db));
    sqlite3_bind_int64(st, 1, hh);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, key, -1, SQLITE_TRANSIENT);
    int rc = one_row(s, st);
    if (!rc)
        read_cat(st, row);
    return rc;
}

static int sdb_cat_get(void *db, int64_t hh, int64_t id, scoot__cat_row *row)
{
    sdb *s = db;
    sqlite3_stmt *st = stmt_id(s, Q_CAT_GET, hh, id);
    if (!st)
        return fail(s, sqlite3_errcode(s->db));
    int rc = one_row(s, st);
    if (!rc)
        read_cat(st, row);
    return rc;
}

static int sdb_cat_scan(void *db, int64_t hh, scoot__cat_fn fn, void *ud)
{
    sdb *s = db;
    sqlite3_stmt *st = stmt(s, Q_CAT_SCAN);
    if (!st)
        return fail(s, sqlite3_errcode(s->db));
    sqlite3_bind_int64(st, 1, hh);
    int rc, out = SCOOT_OK;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        scoot__cat_row row;
        read_cat(st, &row);
        if ((out = fn(ud, &row)) != 0)
            break;
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        out = fail(s, rc);
    sqlite3_reset(st);
    return out;
}

static void read_event(sqlite3_stmt *st, scoot__event_row *r)
{
    r->id = sqlite3_column_int64(st, 0);
    r->cat_id = sqlite3_column_int64(st, 1);
    r->t = sqlite3_column_int64(st, 2);
    r->kind = col_text(st, 3);
    r->data = col_text(st, 4);
    r->note = col_text(st, 5);
    r->created = sqlite3_column_int64(st, 6);
    r->updated = sqlite3_column_type(st, 7) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 7);
}

static int sdb_event_insert(void *db, int64_t hh, scoot__event_row *row)
{
    sdb *s = db;
    int rc;
    if (row->id <= 0 && (rc = next_id(s, hh, "event", &row->id)) != SCOOT_OK)
        return rc;
    sqlite3_stmt *st = stmt(s, Q_EV_INSERT);
    if (!st)
        return fail(s, sqlite3_errcode(s->db));
    sqlite3_bind_int64(st, 1, hh);
    sqlite3_bind_int64(st, 2, row->cat_id);
    sqlite3_bind_int64(st, 3, row->t);
    sqlite3_bind_int64(st, 4, row->id);
    sqlite3_bind_text(st, 5, row->kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, row->data, -1, SQLITE_STATIC);
    bind_text_or_null(st, 7, row->note);
    sqlite3_bind_int64(st, 8, row->created);
    return step_done(s, st);
}

static int sdb_event_max_id(void *db, int64_t hh, int64_t *max)
{
    sdb *s = db;
    sqlite3_stmt *st = stmt(s, Q_EV_MAX);
    if (!st)
        return fail(s, sqlite3_errcode(s->db));
    sqlite3_bind_int64(st, 1, hh);
    int rc = sqlite3_step(st);
    *max = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? SCOOT_OK : fail(s, rc);
}

static int sdb_event_ids_taken(void *db, int64_t hh, int64_t max)
{
    sdb *s = db;
    sqlite3_stmt *b = stmt(s, Q_SEQ_BUMP);
    if (!b)
        return fail(s, sqlite3_errcode(s->db));
    sqlite3_bind_int64(b, 1, hh);
    sqlite3_bind_text(b, 2, "event", -1, SQLITE_STATIC);
    sqlite3_bind_int64(b, 3, max + 1);
    return step_done(s, b);
}

static int sdb_event_update(void *db, int64_t hh, const scoot__event_row *row)
{
    sdb *s = db;
    sqlite3_stmt *st = stmt(s, Q_EV_UPDATE);
    if (!st)
        return fail(s, sqlite3_errcode(s->db));
    sqlite3_bind_int64(st, 1, hh);
    sqlite3_bind_int64(st, 2, row->id);
    sqlite3_bind_int64(st, 3, row->t);
    sqlite3_bind_text(st, 4, row->data, -1, SQLITE_STATIC);
    bind_text_or_null(st, 5, row->note);
    sqlite3_bind_int64(st, 6, row->updated);
    int rc = step_done(s, st);
    if (!rc && sqlite3_changes(s->db) == 0)
        return SCOOT_ENOENT;
    return rc;
}

static int sdb_event_delete(void *db, int64_t hh, int64_t id)
{
    return delete_id(db, Q_EV_DELETE, hh, id);
}

static int sdb_event_get(void *db, int64_t hh, int64_t id, scoot__event_row *row)
{
    sdb *s = db;
    sqlite3_stmt *st = stmt_id(s, Q_EV_GET, hh, id);
    if (!st)
        return fail(s, sqlite3_errcode(s->db));
    int rc = one_row(s, st);
    if (!rc)
        read_event(st, row);
    return rc;
}

static int sdb_event_page(void *db, int64_t hh, int64_t cat, scoot_time from, scoot_time to,
                          const char *kind, const scoot_event_key *after, int desc, long limit,
                          scoot__event_fn fn, void *ud)
{
    sdb *s = db;
    sqlite3_stmt *st = stmt(s, desc ? (kind ? Q_EV_PAGE_KIND_DESC : Q_EV_PAGE_DESC)
                                    : (kind ? Q_EV_PAGE_KIND : Q_EV_PAGE));
    if (!st)
        return fail(s, sqlite3_errcode(s->db));
    sqlite3_bind_int64(st, 1, hh);
    sqlite3_bind_int64(st, 2, cat);
    sqlite3_bind_int64(st, 3, from);
    sqlite3_bind_int64(st, 4, to);
    if (kind)
        sqlite3_bind_text(st, 5, kind, -1, SQLITE_STATIC);
    /* no key: from before the first (or after the last, newest first) */
    sqlite3_bind_int64(st, 6, after ? after->t : desc ? INT64_MAX : INT64_MIN);
    sqlite3_bind_int64(st, 7, after ? after->id : desc ? INT64_MAX : INT64_MIN);
    sqlite3_bind_int64(st, 8, limit > 0 ? (sqlite3_int64)limit : -1);
    int rc, out = SCOOT_OK;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        scoot__event_row row;
        read_event(st, &row);
        if ((out = fn(ud, &row)) != 0)
            break;
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        out = fail(s, rc);
    sqlite3_reset(st);
    return out;
}

static int sdb_backup(void *db, const char *path, scoot_buf *err)
{
    sdb *s = db;
    /* a copy onto the journal itself (or a link to it) would be written by a second
     * connection while this one reads it */
    const char *self = sqlite3_db_filename(s->db, "main");
    struct stat st_self, st_path;
    if (self && *self && !stat(self, &st_self) && !stat(path, &st_path) &&
        st_self.st_dev == st_path.st_dev && st_self.st_ino == st_path.st_ino) {
        if (err)
            scoot_buf_printf(err, "%s: that is the journal itself; back it up to another file\n",
                             path);
        return SCOOT_EINVAL;
    }
    sqlite3 *dst;
    int rc = sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_backup *b = sqlite3_backup_init(dst, "main", s->db, "main");
        if (b) {
            /* a page at a time would let writers in between; the journal is small */
            do {
                rc = sqlite3_backup_step(b, 256);
                if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
                    sqlite3_sleep(20);
            } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
            sqlite3_backup_finish(b);
        }
        rc = sqlite3_errcode(dst);
    }
    if (rc != SQLITE_OK && rc != SQLITE_DONE) {
        if (err)
            scoot_buf_printf(err, "%s: backup failed: %s\n", path,
                             dst ? sqlite3_errmsg(dst) : sqlite3_errstr(rc));
        sqlite3_close(dst);
        return SCOOT_EIO;
    }
    rc = sqlite3_close(dst);
    return rc == SQLITE_OK ? SCOOT_OK : SCOOT_EIO;
}

/* Runs a check query whose rows are problems; appends each as a line made by fmt from its
 * columns. The number of problems, or -1 when the query itself fails (its message added). */
static int check_rows(sdb *s, const char *q, const char *what, scoot_buf *report)
{
    sqlite3_stmt *st;
    int n = 0, rc;
    if (sqlite3_prepare_v2(s->db, q, -1, &st, NULL) != SQLITE_OK) {
        scoot_buf_printf(report, "%s: %s\n", what, sqlite3_errmsg(s->db));
        return -1;
    }
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *line = (const char *)sqlite3_column_text(st, 0);
        if (line && !strcmp(line, "ok"))
            continue;
        scoot_buf_printf(report, "%s: %s\n", what, line ? line : "?");
        if (++n >= 50) {
            scoot_buf_printf(report, "%s: (more not shown)\n", what);
            break;
        }
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        scoot_buf_printf(report, "%s: %s\n", what, sqlite3_errmsg(s->db));
        n = n ? n : 1;
    }
    sqlite3_finalize(st);
    return n;
}

static int sdb_check(void *db, int quick, scoot_buf *report)
{
    sdb *s = db;
    int bad = 0, n;
    /* the pages and the b-trees */
    n = check_rows(s, quick ? "PRAGMA quick_check(50)" : "PRAGMA integrity_check(50)",
                   "SQLite's integrity check", report);
    bad |= n != 0;
    if (n < 0)
        return SCOOT_EDAMAGED; /* (nothing more can be read) */
    n = check_rows(s,
                   "SELECT printf('%s row %d refers to a missing %s', \"table\", rowid, \"parent\") "
                   "FROM pragma_foreign_key_check",
                   "foreign keys", report);
    bad |= n != 0;
    /* scoot's own: every row read in full; names keyed; events tied to a cat */
    n = check_rows(s,
                   "SELECT printf('cat %d (''%s''): its name has no key', id, name) FROM cat "
                   "WHERE name_key IS NULL OR name_key = ''",
                   "cats", report);
    bad |= n != 0;
    n = check_rows(s,
                   "SELECT printf('event %d: refers to cat %d, which is not in the journal', e.id, "
                   "e.cat_id) FROM event e WHERE NOT EXISTS (SELECT 1 FROM cat c WHERE "
                   "c.household_id = e.household_id AND c.id = e.cat_id)",
                   "events", report);
    bad |= n != 0;
    sqlite3_stmt *st;
    int rc;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT e.id, e.kind, e.data, e.note, c.name FROM event e LEFT JOIN cat c "
                           "ON c.household_id = e.household_id AND c.id = e.cat_id ORDER BY e.id",
                           -1, &st, NULL) != SQLITE_OK) {
        scoot_buf_printf(report, "events: %s\n", sqlite3_errmsg(s->db));
        return SCOOT_EDAMAGED;
    }
    int shown = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        json_error_t je;
        je.text[0] = '\0'; /* (jansson leaves it unset when an early allocation fails) */
        const char *data = (const char *)sqlite3_column_text(st, 2);
        json_t *v = data ? json_loads(data, JSON_REJECT_DUPLICATES, &je) : NULL;
        if (!json_is_object(v) && shown++ < 50) {
            const char *name = (const char *)sqlite3_column_text(st, 4);
            scoot_buf_printf(report, "event %lld (%s of cat '%s'): its data is %s%s\n",
                             (long long)sqlite3_column_int64(st, 0),
                             sqlite3_column_text(st, 1) ? (const char *)sqlite3_column_text(st, 1) : "?",
                             name ? name : "?", v ? "not a JSON object" : "not valid JSON: ",
                             v ? "" : data ? je.text : "missing");
        }
        bad |= !json_is_object(v);
        json_decref(v);
    }
    if (rc != SQLITE_DONE) {
        scoot_buf_printf(report, "events: %s\n", sqlite3_errmsg(s->db));
        bad = 1;
    }
    sqlite3_finalize(st);
    /* a note, not damage: names a schema upgrade found to be one (see name_keys) */
    check_rows(s,
               "SELECT printf('cat %d (''%s'') has the same name as cat %d (''%s'') by today''s rules "
               "(case and Unicode forms): rename one (scoot cat edit NAME --name NEW)', b.id, b.name, "
               "a.id, a.name) FROM cat b JOIN cat a ON a.household_id = b.household_id AND "
               "b.name_key = printf('%s%d:%s', char(1), b.id, b.name) AND a.id < b.id",
               "note", report);
    return bad ? SCOOT_EDAMAGED : SCOOT_OK;
}

static int sdb_event_count(void *db, int64_t hh, int64_t *n)
{
    sdb *s = db;
    sqlite3_stmt *st;
    *n = 0;
    if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM event INDEXED BY event_id WHERE household_id = ?1",
                           -1, &st, NULL) != SQLITE_OK)
        return fail(s, sqlite3_errcode(s->db));
    sqlite3_bind_int64(st, 1, hh);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? SCOOT_OK : fail(s, rc);
}

static int sdb_schema_version(void *db)
{
    return ((sdb *)db)->version;
}

static const char *sdb_last_error(void *db)
{
    return ((sdb *)db)->msg;
}

const scoot__backend scoot__sqlite_backend = {
    "sqlite",       sdb_open,         sdb_close,        sdb_begin,        sdb_commit,
    sdb_rollback,   sdb_begin_read,   sdb_cat_insert,   sdb_cat_update,   sdb_cat_delete,   sdb_cat_find,
    sdb_cat_get,    sdb_cat_scan,     sdb_event_insert, sdb_event_max_id, sdb_event_ids_taken,
    sdb_event_update, sdb_event_delete,
    sdb_event_get,  sdb_event_page,   sdb_backup,       sdb_check,        sdb_event_count,
    sdb_schema_version, sdb_last_error,
};
