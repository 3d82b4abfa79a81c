/* pg.c: the PostgreSQL journal backend (libpq), chosen by a postgresql:// or postgres:// --db
 * target. The data model is SQLite's (sqlite.c): households, cats and events, every key led by
 * household_id. Its own migrations, recorded in a schema_version table, are applied under an
 * advisory lock so that several servers starting at once do not race. Statements are prepared
 * once per connection. A write transaction holds its household's advisory lock from its first
 * statement to its end, so that writers of one household are serialised as SQLite serialises
 * writers of a file, while other households and all readers go on; reads that must agree run in
 * REPEATABLE READ, READ ONLY snapshots.
 *
 * Why household_id leads every key: it is the distribution column a sharded deployment needs.
 * With Citus, household would become a reference table and seq, cat and event distributed
 * tables (create_distributed_table('cat', 'household_id'), colocated): every primary key,
 * unique index and foreign key below includes household_id, which Citus requires of a
 * distributed table's constraints, and every statement here names one household in its WHERE
 * clause, so each is routed to the one shard that holds that household. Nothing in the
 * journal above this file would change. (The advisory lock is per node: with several Citus
 * coordinators it would become a row lock on the household's seq rows.) */
#include "../core/setup.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>
#include <libpq-fe.h>

#include "scoot/alloc.h"
#include "scoot/error.h"
#include "store_int.h"

/* The migrations, in order; schema_version holds how many were applied. */
static const char *const migrations[] = {
    /* 1: households, id sequences, cats, events (SQLite's schema version 3). Texts compared
     * or ordered by scoot are in the "C" collation: byte order, as in SQLite, whatever the
     * database's locale. */
    "CREATE TABLE household(\n"
    "  id bigint PRIMARY KEY,\n"
    "  name text NOT NULL,\n"
    "  created bigint NOT NULL);\n"
    "INSERT INTO household(id, name, created)\n"
    "  VALUES (1, 'default', extract(epoch FROM now())::bigint);\n"
    "CREATE TABLE seq(\n"
    "  household_id bigint NOT NULL REFERENCES household(id),\n"
    "  name text COLLATE \"C\" NOT NULL,\n"
    "  next bigint NOT NULL,\n"
    "  PRIMARY KEY (household_id, name));\n"
    "CREATE TABLE cat(\n"
    "  household_id bigint NOT NULL REFERENCES household(id),\n"
    "  id bigint NOT NULL,\n"
    "  name text COLLATE \"C\" NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),\n"
    "  birth_date text,\n"
    "  age_years double precision CHECK (age_years BETWEEN 0 AND 40),\n"
    "  sex text CHECK (sex IN ('male', 'female')),\n"
    "  neutered smallint CHECK (neutered IN (0, 1)),\n"
    "  coat text CHECK (coat IN ('short', 'long')),\n"
    "  breed text,\n"
    "  weight_kg double precision CHECK (weight_kg > 0 AND weight_kg <= 20),\n"
    "  bcs smallint CHECK (bcs BETWEEN 1 AND 9),\n"
    "  created bigint NOT NULL,\n"
    "  updated bigint NOT NULL,\n"
    "  name_key text COLLATE \"C\" NOT NULL,\n"
    "  PRIMARY KEY (household_id, id));\n"
    "CREATE UNIQUE INDEX cat_key ON cat(household_id, name_key);\n"
    "CREATE INDEX cat_name ON cat(household_id, name);\n"
    "CREATE TABLE event(\n"
    "  household_id bigint NOT NULL,\n"
    "  cat_id bigint NOT NULL,\n"
    "  t bigint NOT NULL,\n"
    "  id bigint NOT NULL,\n"
    "  kind text COLLATE \"C\" NOT NULL,\n"
    "  data text NOT NULL,\n"
    "  note text,\n"
    "  created bigint NOT NULL,\n"
    "  updated bigint,\n"
    "  PRIMARY KEY (household_id, cat_id, t, id),\n"
    "  FOREIGN KEY (household_id, cat_id) REFERENCES cat(household_id, id) ON DELETE CASCADE);\n"
    "CREATE UNIQUE INDEX event_id ON event(household_id, id);\n"
    "CREATE INDEX event_kind ON event(household_id, cat_id, kind, t, id);\n",
};
#define N_MIGRATIONS ((int)SCOOT_ARRAY_LEN(migrations))

enum {
    Q_LOCK, Q_SEQ, Q_SEQ_BUMP, Q_EV_MAX,
    Q_CAT_INSERT, Q_CAT_UPDATE, Q_CAT_DELETE, Q_CAT_FIND, Q_CAT_GET, Q_CAT_SCAN,
    Q_EV_INSERT, Q_EV_UPDATE, Q_EV_DELETE, Q_EV_GET,
    Q_EV_PAGE, Q_EV_PAGE_KIND, Q_EV_PAGE_DESC, Q_EV_PAGE_KIND_DESC, Q_EV_COUNT,
    N_QUERIES
};

#define CAT_COLS "id, name, birth_date, age_years, sex, neutered, coat, breed, weight_kg, bcs, " \
                 "created, updated, name_key"
#define EV_COLS "id, cat_id, t, kind, data, note, created, updated"

static const char *const sql[N_QUERIES] = {
    /* scoot's advisory locks: class 372743, then the household (0: the schema) */
    [Q_LOCK] = "SELECT pg_advisory_xact_lock(372743, $1::int)",
    /* one statement: a first id and the next ones alike, safe under concurrent writers */
    [Q_SEQ] = "INSERT INTO seq AS s (household_id, name, next) VALUES ($1, $2, 2) "
              "ON CONFLICT (household_id, name) DO UPDATE SET next = s.next + 1 "
              "RETURNING s.next - 1",
    [Q_SEQ_BUMP] = "INSERT INTO seq AS s (household_id, name, next) VALUES ($1, $2, $3) "
                   "ON CONFLICT (household_id, name) DO UPDATE "
                   "SET next = greatest(s.next, excluded.next)",
    [Q_EV_MAX] = "SELECT coalesce(max(id), 0) FROM event WHERE household_id = $1",
    [Q_CAT_INSERT] = "INSERT INTO cat(household_id, " CAT_COLS ") "
                     "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
    [Q_CAT_UPDATE] = "UPDATE cat SET name = $3, birth_date = $4, age_years = $5, sex = $6, "
                     "neutered = $7, coat = $8, breed = $9, weight_kg = $10, bcs = $11, "
                     "updated = $13, name_key = $14 WHERE household_id = $1 AND id = $2 "
                     "AND $12::bigint IS NOT NULL", /* (created is bound as for an insert but
                                                     * kept; each parameter must be used) */
    [Q_CAT_DELETE] = "DELETE FROM cat WHERE household_id = $1 AND id = $2",
    [Q_CAT_FIND] = "SELECT " CAT_COLS " FROM cat WHERE household_id = $1 AND "
                   "(name = $2 OR name_key = $3) ORDER BY name = $2 DESC LIMIT 1",
    [Q_CAT_GET] = "SELECT " CAT_COLS " FROM cat WHERE household_id = $1 AND id = $2",
    [Q_CAT_SCAN] = "SELECT " CAT_COLS " FROM cat WHERE household_id = $1 ORDER BY name_key, id",
    [Q_EV_INSERT] = "INSERT INTO event(household_id, cat_id, t, id, kind, data, note, created) "
                    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    [Q_EV_UPDATE] = "UPDATE event SET t = $3, data = $4, note = $5, updated = $6 "
                    "WHERE household_id = $1 AND id = $2",
    [Q_EV_DELETE] = "DELETE FROM event WHERE household_id = $1 AND id = $2",
    [Q_EV_GET] = "SELECT " EV_COLS " FROM event WHERE household_id = $1 AND id = $2",
    /* a page after a key (keyset): the row comparison is an index condition of the primary
     * key (household, cat, t, id), or of event_kind (household, cat, kind, t, id), read
     * forwards or backwards, and LIMIT stops the scan (tests/unit/test_journal.c EXPLAINs
     * them); LIMIT NULL is no limit */
    [Q_EV_PAGE] = "SELECT " EV_COLS " FROM event WHERE household_id = $1 AND cat_id = $2 "
                  "AND t >= $3 AND t < $4 AND (t, id) > ($5, $6) ORDER BY t, id LIMIT $7",
    [Q_EV_PAGE_KIND] = "SELECT " EV_COLS " FROM event WHERE household_id = $1 AND cat_id = $2 "
                       "AND kind = $8 AND t >= $3 AND t < $4 AND (t, id) > ($5, $6) "
                       "ORDER BY t, id LIMIT $7",
    [Q_EV_PAGE_DESC] = "SELECT " EV_COLS " FROM event WHERE household_id = $1 AND cat_id = $2 "
                       "AND t >= $3 AND t < $4 AND (t, id) < ($5, $6) "
                       "ORDER BY t DESC, id DESC LIMIT $7",
    [Q_EV_PAGE_KIND_DESC] = "SELECT " EV_COLS " FROM event WHERE household_id = $1 AND "
                            "cat_id = $2 AND kind = $8 AND t >= $3 AND t < $4 AND "
                            "(t, id) < ($5, $6) ORDER BY t DESC, id DESC LIMIT $7",
    [Q_EV_COUNT] = "SELECT count(*) FROM event WHERE household_id = $1",
};

typedef struct {
    PGconn *conn;
    unsigned char prepared[N_QUERIES];
    PGresult *held;  /* the result whose row strings were handed out last */
    int in_tx;       /* 0 none, 1 write, 2 read */
    int64_t locked;  /* the household whose lock this write transaction holds (0: none yet) */
    int read_only;   /* opened with SCOOT_JOURNAL_READ */
    int version;
    char where[300]; /* "PostgreSQL database D on H:P as U" (never the password) */
    char msg[1024];
} pdb;

/* ---- messages and errors ---- */

/* The first line of a libpq message, without its "ERROR:  " or "FATAL:  " prefix. */
static void first_line(char *out, size_t n, const char *m)
{
    if (!m)
        m = "";
    for (const char *p = m; *p;) {
        if (!strncmp(p, "ERROR:  ", 8) || !strncmp(p, "FATAL:  ", 8))
            p += 8;
        m = p;
        break;
    }
    size_t len = strcspn(m, "\n");
    while (len > 0 && (m[len - 1] == ' ' || m[len - 1] == '\r'))
        len--;
    snprintf(out, n, "%.*s", (int)len, m);
}

/* Describes the target without its password: database, host, port, user. */
static void describe(const char *target, char *out, size_t n)
{
    char *why = NULL;
    PQconninfoOption *o = PQconninfoParse(target, &why);
    const char *db = NULL, *host = NULL, *addr = NULL, *port = NULL, *user = NULL;
    for (PQconninfoOption *p = o; p && p->keyword; p++) {
        if (!p->val || !*p->val)
            continue;
        if (!strcmp(p->keyword, "dbname"))
            db = p->val;
        else if (!strcmp(p->keyword, "host"))
            host = p->val;
        else if (!strcmp(p->keyword, "hostaddr"))
            addr = p->val;
        else if (!strcmp(p->keyword, "port"))
            port = p->val;
        else if (!strcmp(p->keyword, "user"))
            user = p->val;
    }
    if (!o)
        snprintf(out, n, "PostgreSQL target (not a valid connection URI)");
    else
        snprintf(out, n, "PostgreSQL database %s on %s%s%s%s%s", db ? db : "(default)",
                 host ? host : addr ? addr : "localhost", port ? ":" : "", port ? port : "",
                 user ? " as " : "", user ? user : "");
    PQconninfoFree(o);
    PQfreemem(why);
}

/* Maps a failed result (or a lost connection when r is NULL) to a scoot code and keeps its
 * message. */
static int fail(pdb *s, const PGresult *r)
{
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    char line[400];
    first_line(line, sizeof line, r ? PQresultErrorMessage(r) : PQerrorMessage(s->conn));
    if (!*line)
        first_line(line, sizeof line, PQerrorMessage(s->conn));
    if (!state || PQstatus(s->conn) == CONNECTION_BAD) {
        snprintf(s->msg, sizeof s->msg, "%s: the connection failed: %s", s->where, line);
        return SCOOT_EIO;
    }
    if (!strcmp(state, "40001") || !strcmp(state, "40P01")) {
        snprintf(s->msg, sizeof s->msg,
                 "%s: a concurrent transaction conflicted with this one (%s); nothing was "
                 "written: try again",
                 s->where, line);
        return SCOOT_EIO;
    }
    snprintf(s->msg, sizeof s->msg, "%s", line);
    if (!strncmp(state, "23", 2))
        return SCOOT_EEXIST; /* integrity constraints, as SQLITE_CONSTRAINT */
    if (!strcmp(state, "53200"))
        return SCOOT_ENOMEM;
    if (!strcmp(state, "XX001") || !strcmp(state, "XX002"))
        return SCOOT_EDAMAGED;
    return SCOOT_EIO; /* (read-only transactions, 25006, as SQLite's read-only journals) */
}

/* ---- statements ---- */

/* Parameters as text: up to 14, numbers formatted into the slots. */
typedef struct {
    const char *v[14];
    char num[14][32];
    int n;
} params;

static void p_int(params *p, int i, int64_t v)
{
    snprintf(p->num[i], sizeof p->num[i], "%" PRId64, v);
    p->v[i] = p->num[i];
    if (i >= p->n)
        p->n = i + 1;
}

static void p_text(params *p, int i, const char *v)
{
    p->v[i] = v;
    if (i >= p->n)
        p->n = i + 1;
}

static void p_real(params *p, int i, double v)
{
    if (isnan(v))
        p_text(p, i, NULL);
    else {
        snprintf(p->num[i], sizeof p->num[i], "%.17g", v);
        p_text(p, i, p->num[i]);
    }
}

static void release(pdb *s)
{
    if (s->held) {
        PQclear(s->held);
        s->held = NULL;
    }
}

/* A connection lost outside a transaction is made again (a restarted server); its prepared
 * statements went with it. 1 when the connection is usable. */
static int revive(pdb *s)
{
    if (PQstatus(s->conn) == CONNECTION_OK)
        return 1;
    if (s->in_tx)
        return 0;
    PQreset(s->conn);
    memset(s->prepared, 0, sizeof s->prepared);
    if (PQstatus(s->conn) != CONNECTION_OK)
        return 0;
    if (s->read_only) {
        PGresult *r = PQexec(s->conn, "SET default_transaction_read_only = on");
        PQclear(r);
    }
    return 1;
}

/* Runs prepared statement q; the result (caller clears) or NULL with the error kept in *rc. */
static PGresult *run(pdb *s, int q, const params *p, int *rc)
{
    release(s);
    for (int attempt = 0; attempt < 2; attempt++) {
        if (!revive(s)) {
            *rc = fail(s, NULL);
            return NULL;
        }
        char name[16];
        snprintf(name, sizeof name, "scoot_q%d", q);
        if (!s->prepared[q]) {
            PGresult *pr = PQprepare(s->conn, name, sql[q], 0, NULL);
            if (PQresultStatus(pr) != PGRES_COMMAND_OK) {
                *rc = fail(s, pr);
                PQclear(pr);
                if (PQstatus(s->conn) == CONNECTION_BAD && !s->in_tx)
                    continue;
                return NULL;
            }
            PQclear(pr);
            s->prepared[q] = 1;
        }
        PGresult *r = PQexecPrepared(s->conn, name, p->n, p->v, NULL, NULL, 0);
        ExecStatusType st = PQresultStatus(r);
        if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) {
            *rc = SCOOT_OK;
            return r;
        }
        *rc = fail(s, r);
        PQclear(r);
        /* a connection that died between statements, outside a transaction: once more */
        if (PQstatus(s->conn) == CONNECTION_BAD && !s->in_tx)
            continue;
        return NULL;
    }
    return NULL;
}

/* Runs a text of statements with no parameters (transactions, migrations, checks). */
static int exec(pdb *s, const char *text)
{
    release(s);
    PGresult *r = PQexec(s->conn, text);
    ExecStatusType st = PQresultStatus(r);
    int rc = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK ? SCOOT_OK : fail(s, r);
    PQclear(r);
    return rc;
}

/* In a write transaction, the first statement on household hh takes its lock. */
static int lock_household(pdb *s, int64_t hh)
{
    if (s->in_tx != 1 || s->locked == hh)
        return SCOOT_OK;
    params p = {0};
    p_int(&p, 0, hh);
    int rc;
    PGresult *r = run(s, Q_LOCK, &p, &rc);
    PQclear(r);
    if (!rc)
        s->locked = hh;
    return rc;
}

/* Runs q on household hh (its lock taken first in a write transaction). */
static PGresult *run_hh(pdb *s, int q, int64_t hh, params *p, int *rc)
{
    if ((*rc = lock_household(s, hh)) != SCOOT_OK)
        return NULL;
    p_int(p, 0, hh);
    return run(s, q, p, rc);
}

/* Runs a statement that returns no rows; SCOOT_ENOENT when it changed nothing and
 * need_change is set. */
static int run_done(pdb *s, int q, int64_t hh, params *p, int need_change)
{
    int rc;
    PGresult *r = run_hh(s, q, hh, p, &rc);
    if (!rc && need_change && !strcmp(PQcmdTuples(r), "0"))
        rc = SCOOT_ENOENT;
    PQclear(r);
    return rc;
}

static int64_t col_int(const PGresult *r, int row, int c)
{
    return PQgetisnull(r, row, c) ? 0 : strtoll(PQgetvalue(r, row, c), NULL, 10);
}

static const char *col_text(const PGresult *r, int row, int c)
{
    return PQgetisnull(r, row, c) ? NULL : PQgetvalue(r, row, c);
}

static double col_real(const PGresult *r, int row, int c)
{
    return PQgetisnull(r, row, c) ? NAN : strtod(PQgetvalue(r, row, c), NULL);
}

static void read_cat(const PGresult *r, int i, scoot__cat_row *c)
{
    c->id = col_int(r, i, 0);
    c->name = col_text(r, i, 1);
    c->birth_date = col_text(r, i, 2);
    c->age_years = col_real(r, i, 3);
    c->sex = col_text(r, i, 4);
    c->neutered = PQgetisnull(r, i, 5) ? -1 : (int)col_int(r, i, 5);
    c->coat = col_text(r, i, 6);
    c->breed = col_text(r, i, 7);
    c->weight_kg = col_real(r, i, 8);
    c->bcs = (int)col_int(r, i, 9);
    c->created = col_int(r, i, 10);
    c->updated = col_int(r, i, 11);
    c->key = col_text(r, i, 12);
}

static void read_event(const PGresult *r, int i, scoot__event_row *e)
{
    e->id = col_int(r, i, 0);
    e->cat_id = col_int(r, i, 1);
    e->t = col_int(r, i, 2);
    e->kind = col_text(r, i, 3);
    e->data = col_text(r, i, 4);
    e->note = col_text(r, i, 5);
    e->created = col_int(r, i, 6);
    e->updated = col_int(r, i, 7);
}

/* ---- opening, migrations ---- */

/* The schema version: -1 when the version table is missing (no journal), -2 on error. */
static int read_version(pdb *s)
{
    release(s);
    PGresult *r = PQexec(s->conn, "SELECT to_regclass('schema_version') IS NOT NULL");
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        fail(s, r);
        PQclear(r);
        return -2;
    }
    int there = !strcmp(PQgetvalue(r, 0, 0), "t");
    PQclear(r);
    if (!there)
        return -1;
    r = PQexec(s->conn, "SELECT coalesce(max(version), 0) FROM schema_version");
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        fail(s, r);
        PQclear(r);
        return -2;
    }
    int v = (int)strtol(PQgetvalue(r, 0, 0), NULL, 10);
    PQclear(r);
    return v;
}

/* Applies the migrations that are missing, all in one transaction under the schema lock (two
 * servers starting at once: the second waits, then finds the work done). */
static int migrate(pdb *s, scoot_buf *err)
{
    int rc = exec(s, "BEGIN");
    if (!rc)
        rc = exec(s, "SELECT pg_advisory_xact_lock(372743, 0)");
    if (!rc)
        rc = exec(s, "CREATE TABLE IF NOT EXISTS schema_version(\n"
                     "  version int PRIMARY KEY,\n"
                     "  applied timestamptz NOT NULL DEFAULT now())");
    int v = rc ? -2 : read_version(s);
    if (v > N_MIGRATIONS) {
        exec(s, "ROLLBACK");
        if (err)
            scoot_buf_printf(err, "%s: the journal has schema version %d, newer than this scoot "
                                  "understands (%d); upgrade scoot\n",
                             s->where, v, N_MIGRATIONS);
        return SCOOT_EIO;
    }
    for (; v >= 0 && v < N_MIGRATIONS && !rc; v++) {
        char bump[80];
        snprintf(bump, sizeof bump, "INSERT INTO schema_version(version) VALUES (%d)", v + 1);
        rc = exec(s, migrations[v]);
        if (!rc)
            rc = exec(s, bump);
    }
    if (!rc && v < 0)
        rc = SCOOT_EIO;
    if (!rc)
        rc = exec(s, "COMMIT");
    if (rc) {
        if (err)
            scoot_buf_printf(err, "%s: migration to schema version %d failed: %s\n", s->where,
                             v < 0 ? 1 : v + 1, s->msg);
        exec(s, "ROLLBACK");
        return SCOOT_EIO;
    }
    s->version = v;
    return SCOOT_OK;
}

static void pg_close(void *db)
{
    pdb *s = db;
    if (!s)
        return;
    release(s);
    PQfinish(s->conn);
    scoot_free(s);
}

static int pg_open(const char *target, int mode, void **out, scoot_buf *err)
{
    *out = NULL;
    pdb *s = scoot_calloc(1, sizeof *s);
    if (!s)
        return SCOOT_ENOMEM;
    describe(target, s->where, sizeof s->where);
    s->read_only = mode == SCOOT_JOURNAL_READ;
    /* defaults the URI may override (its own values come after them): give up on a server
     * that does not answer within 10 s rather than hang a request, and name the program in
     * pg_stat_activity */
    const char *const keys[] = {"connect_timeout", "fallback_application_name", "dbname", NULL};
    const char *const vals[] = {"10", "scoot", target, NULL};
    s->conn = PQconnectdbParams(keys, vals, 1);
    if (!s->conn) {
        scoot_free(s);
        return SCOOT_ENOMEM;
    }
    if (PQstatus(s->conn) != CONNECTION_OK) {
        char line[400];
        first_line(line, sizeof line, PQerrorMessage(s->conn));
        if (err)
            scoot_buf_printf(err, "%s: cannot connect: %s\n", s->where, line);
        pg_close(s);
        return SCOOT_EIO;
    }
    /* quiet NOTICEs ("relation already exists, skipping"); times in scoot are numbers, but a
     * session zone of UTC keeps any text the server makes stable */
    int rc = exec(s, "SET client_min_messages = warning; SET TIME ZONE 'UTC'");
    int v = rc ? -2 : read_version(s);
    if (v == -2) {
        if (err)
            scoot_buf_printf(err, "%s: %s\n", s->where, s->msg);
        pg_close(s);
        return SCOOT_EIO;
    }
    if (v == -1 && mode != SCOOT_JOURNAL_CREATE) {
        if (err)
            scoot_buf_printf(err, "%s: no journal there; a command that writes, such as "
                                  "'scoot cat add NAME', starts one\n",
                             s->where);
        pg_close(s);
        return SCOOT_ENOENT;
    }
    if (v != N_MIGRATIONS && (rc = migrate(s, err)) != SCOOT_OK) {
        pg_close(s);
        return rc;
    }
    s->version = N_MIGRATIONS;
    if (s->read_only && (rc = exec(s, "SET default_transaction_read_only = on")) != SCOOT_OK) {
        if (err)
            scoot_buf_printf(err, "%s: %s\n", s->where, s->msg);
        pg_close(s);
        return rc;
    }
    *out = s;
    return SCOOT_OK;
}

/* ---- transactions ---- */

static int start(pdb *s, const char *text, int kind)
{
    release(s);
    if (!revive(s))
        return fail(s, NULL);
    int rc = exec(s, text);
    if (!rc) {
        s->in_tx = kind;
        s->locked = 0;
    }
    return rc;
}

static int pg_begin(void *db)
{
    /* READ COMMITTED under the household's lock (lock_household): each statement sees every
     * write committed before it, and no other writer of the household runs meanwhile */
    return start(db, "BEGIN ISOLATION LEVEL READ COMMITTED", 1);
}

static int pg_begin_read(void *db)
{
    return start(db, "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", 2);
}

static int pg_commit(void *db)
{
    pdb *s = db;
    release(s);
    PGresult *r = PQexec(s->conn, "COMMIT");
    int rc = PQresultStatus(r) == PGRES_COMMAND_OK ? SCOOT_OK : fail(s, r);
    /* an aborted transaction answers COMMIT with ROLLBACK */
    if (!rc && strcmp(PQcmdStatus(r), "COMMIT")) {
        snprintf(s->msg, sizeof s->msg, "%s: the transaction was rolled back", s->where);
        rc = SCOOT_EIO;
    }
    PQclear(r);
    s->in_tx = 0;
    s->locked = 0;
    return rc;
}

static void pg_rollback(void *db)
{
    pdb *s = db;
    release(s);
    if (PQtransactionStatus(s->conn) != PQTRANS_IDLE) {
        PGresult *r = PQexec(s->conn, "ROLLBACK");
        PQclear(r);
    }
    s->in_tx = 0;
    s->locked = 0;
}

/* ---- cats ---- */

static int next_id(pdb *s, int64_t hh, const char *name, int64_t *id)
{
    params p = {0};
    p_text(&p, 1, name);
    int rc;
    PGresult *r = run_hh(s, Q_SEQ, hh, &p, &rc);
    if (!rc)
        *id = col_int(r, 0, 0);
    PQclear(r);
    return rc;
}

static void bind_cat(params *p, const scoot__cat_row *c)
{
    p_int(p, 1, c->id);
    p_text(p, 2, c->name);
    p_text(p, 3, c->birth_date);
    p_real(p, 4, c->age_years);
    p_text(p, 5, c->sex);
    if (c->neutered < 0)
        p_text(p, 6, NULL);
    else
        p_int(p, 6, c->neutered);
    p_text(p, 7, c->coat);
    p_text(p, 8, c->breed);
    p_real(p, 9, c->weight_kg);
    if (c->bcs <= 0)
        p_text(p, 10, NULL);
    else
        p_int(p, 10, c->bcs);
    p_int(p, 11, c->created);
    p_int(p, 12, c->updated);
    p_text(p, 13, c->key);
}

static int pg_cat_insert(void *db, int64_t hh, scoot__cat_row *row)
{
    pdb *s = db;
    int rc = next_id(s, hh, "cat", &row->id);
    if (rc)
        return rc;
    params p = {0};
    bind_cat(&p, row);
    return run_done(s, Q_CAT_INSERT, hh, &p, 0);
}

static int pg_cat_update(void *db, int64_t hh, const scoot__cat_row *row)
{
    params p = {0};
    bind_cat(&p, row);
    return run_done(db, Q_CAT_UPDATE, hh, &p, 0);
}

static int pg_cat_delete(void *db, int64_t hh, int64_t id)
{
    params p = {0};
    p_int(&p, 1, id);
    return run_done(db, Q_CAT_DELETE, hh, &p, 1);
}

/* Runs a one-row query; the row's strings stay valid until the next backend call. */
static int one_row(pdb *s, int q, int64_t hh, params *p, PGresult **out)
{
    int rc;
    PGresult *r = run_hh(s, q, hh, p, &rc);
    if (rc)
        return rc;
    if (PQntuples(r) == 0) {
        PQclear(r);
        return SCOOT_ENOENT;
    }
    s->held = r;
    *out = r;
    return SCOOT_OK;
}

static int pg_cat_find(void *db, int64_t hh, const char *name, const char *key,
                       scoot__cat_row *row)
{
    params p = {0};
    p_text(&p, 1, name);
    p_text(&p, 2, key);
    PGresult *r;
    int rc = one_row(db, Q_CAT_FIND, hh, &p, &r);
    if (!rc)
        read_cat(r, 0, row);
    return rc;
}

static int pg_cat_get(void *db, int64_t hh, int64_t id, scoot__cat_row *row)
{
    params p = {0};
    p_int(&p, 1, id);
    PGresult *r;
    int rc = one_row(db, Q_CAT_GET, hh, &p, &r);
    if (!rc)
        read_cat(r, 0, row);
    return rc;
}

static int pg_cat_scan(void *db, int64_t hh, scoot__cat_fn fn, void *ud)
{
    pdb *s = db;
    params p = {0};
    int rc;
    PGresult *r = run_hh(s, Q_CAT_SCAN, hh, &p, &rc);
    if (rc)
        return rc;
    /* (the callback may call the backend: this result is the scan's own) */
    for (int i = 0, n = PQntuples(r); i < n && !rc; i++) {
        scoot__cat_row row;
        read_cat(r, i, &row);
        rc = fn(ud, &row);
    }
    PQclear(r);
    return rc;
}

/* ---- events ---- */

static int pg_event_insert(void *db, int64_t hh, scoot__event_row *row)
{
    pdb *s = db;
    int rc;
    if (row->id <= 0 && (rc = next_id(s, hh, "event", &row->id)) != SCOOT_OK)
        return rc;
    params p = {0};
    p_int(&p, 1, row->cat_id);
    p_int(&p, 2, row->t);
    p_int(&p, 3, row->id);
    p_text(&p, 4, row->kind);
    p_text(&p, 5, row->data);
    p_text(&p, 6, row->note);
    p_int(&p, 7, row->created);
    return run_done(s, Q_EV_INSERT, hh, &p, 0);
}

static int pg_event_max_id(void *db, int64_t hh, int64_t *max)
{
    params p = {0};
    int rc;
    PGresult *r = run_hh(db, Q_EV_MAX, hh, &p, &rc);
    *max = rc ? 0 : col_int(r, 0, 0);
    PQclear(r);
    return rc;
}

static int pg_event_ids_taken(void *db, int64_t hh, int64_t max)
{
    params p = {0};
    p_text(&p, 1, "event");
    p_int(&p, 2, max + 1);
    return run_done(db, Q_SEQ_BUMP, hh, &p, 0);
}

static int pg_event_update(void *db, int64_t hh, const scoot__event_row *row)
{
    params p = {0};
    p_int(&p, 1, row->id);
    p_int(&p, 2, row->t);
    p_text(&p, 3, row->data);
    p_text(&p, 4, row->note);
    p_int(&p, 5, row->updated);
    return run_done(db, Q_EV_UPDATE, hh, &p, 1);
}

static int pg_event_delete(void *db, int64_t hh, int64_t id)
{
    params p = {0};
    p_int(&p, 1, id);
    return run_done(db, Q_EV_DELETE, hh, &p, 1);
}

static int pg_event_get(void *db, int64_t hh, int64_t id, scoot__event_row *row)
{
    params p = {0};
    p_int(&p, 1, id);
    PGresult *r;
    int rc = one_row(db, Q_EV_GET, hh, &p, &r);
    if (!rc)
        read_event(r, 0, row);
    return rc;
}

/* Hands each row of q's result to fn. */
static int scan_events(pdb *s, int q, int64_t hh, params *p, scoot__event_fn fn, void *ud)
{
    int rc;
    PGresult *r = run_hh(s, q, hh, p, &rc);
    if (rc)
        return rc;
    for (int i = 0, n = PQntuples(r); i < n && !rc; i++) {
        scoot__event_row row;
        read_event(r, i, &row);
        rc = fn(ud, &row);
    }
    PQclear(r);
    return rc;
}

static int pg_event_page(void *db, int64_t hh, int64_t cat, scoot_time from, scoot_time to,
                         const char *kind, const scoot_event_key *after, int desc, long limit,
                         scoot__event_fn fn, void *ud)
{
    params p = {0};
    p_int(&p, 1, cat);
    p_int(&p, 2, from);
    p_int(&p, 3, to);
    /* no key: from before the first (or after the last, newest first) */
    p_int(&p, 4, after ? after->t : desc ? INT64_MAX : INT64_MIN);
    p_int(&p, 5, after ? after->id : desc ? INT64_MAX : INT64_MIN);
    if (limit > 0)
        p_int(&p, 6, limit);
    else
        p_text(&p, 6, NULL);
    if (kind)
        p_text(&p, 7, kind);
    int q = desc ? (kind ? Q_EV_PAGE_KIND_DESC : Q_EV_PAGE_DESC)
                 : (kind ? Q_EV_PAGE_KIND : Q_EV_PAGE);
    return scan_events(db, q, hh, &p, fn, ud);
}

static int pg_event_count(void *db, int64_t hh, int64_t *n)
{
    params p = {0};
    int rc;
    PGresult *r = run_hh(db, Q_EV_COUNT, hh, &p, &rc);
    *n = rc ? 0 : col_int(r, 0, 0);
    PQclear(r);
    return rc;
}

/* ---- backup, check ---- */

static int pg_backup(void *db, const char *path, scoot_buf *err)
{
    pdb *s = db;
    /* a copy that is consistent and restorable across server versions is pg_dump's work;
     * redoing it here would be worse */
    if (err)
        scoot_buf_printf(err, "%s: scoot backup copies SQLite journals only; back up a "
                              "PostgreSQL journal with pg_dump (for example: pg_dump "
                              "--format=custom --file=%s DBNAME), restore with pg_restore\n",
                         s->where, path);
    return SCOOT_EINVAL;
}

/* Runs a check query whose rows are problems (one text column each); appends each as a line.
 * The number of problems, or -1 when the query itself fails (its message added). */
static int check_rows(pdb *s, const char *q, const char *what, scoot_buf *report)
{
    release(s);
    PGresult *r = PQexec(s->conn, q);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        fail(s, r);
        scoot_buf_printf(report, "%s: %s\n", what, s->msg);
        PQclear(r);
        return -1;
    }
    int n = PQntuples(r);
    for (int i = 0; i < n && i < 50; i++)
        scoot_buf_printf(report, "%s: %s\n", what, PQgetvalue(r, i, 0));
    if (n > 50)
        scoot_buf_printf(report, "%s: (more not shown)\n", what);
    PQclear(r);
    return n;
}

static int pg_check(void *db, int quick, scoot_buf *report)
{
    pdb *s = db;
    int bad = 0, n;
    /* one snapshot for all of it, as the server goes on writing */
    int rc = start(s, "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", 2);
    if (rc)
        return rc;
    n = check_rows(s,
                   "SELECT format('cat %s (''%s''): its name has no key', id, name) FROM cat "
                   "WHERE name_key = '' ORDER BY household_id, id",
                   "cats", report);
    bad |= n != 0;
    if (n < 0)
        goto out;
    n = check_rows(s,
                   "SELECT format('event %s: refers to cat %s, which is not in the journal', "
                   "e.id, e.cat_id) FROM event e WHERE NOT EXISTS (SELECT 1 FROM cat c WHERE "
                   "c.household_id = e.household_id AND c.id = e.cat_id) ORDER BY e.id",
                   "events", report);
    bad |= n != 0;
    /* the id sequences are past every id given (else the next insert would fail) */
    n = check_rows(s,
                   "SELECT format('household %s: the next %s id is %s, but %s is taken', "
                   "q.household_id, q.name, coalesce(q.next::text, 'missing'), m.max) FROM "
                   "(SELECT household_id, 'cat' AS name, max(id) AS max FROM cat GROUP BY 1 "
                   " UNION ALL SELECT household_id, 'event', max(id) FROM event GROUP BY 1) m "
                   "LEFT JOIN seq q ON q.household_id = m.household_id AND q.name = m.name "
                   "WHERE q.next IS NULL OR q.next <= m.max",
                   "ids", report);
    bad |= n != 0;
    /* counted through the id index and through the table: the same */
    n = check_rows(s,
                   "SELECT format('household %s: %s events by the table, %s by the id index', "
                   "a.household_id, a.n, b.n) FROM "
                   "(SELECT household_id, count(*) AS n FROM event GROUP BY 1) a FULL JOIN "
                   "(SELECT household_id, count(id) AS n FROM event GROUP BY 1) b USING "
                   "(household_id) WHERE a.n IS DISTINCT FROM b.n",
                   "events", report);
    bad |= n != 0;
    {
        /* every event read in full, its data a JSON object; a page of ids at a time (quick
         * or not: quick shortens SQLite's page checks, which PostgreSQL leaves to its own
         * tools, such as amcheck's pg_amcheck) */
        int64_t after = INT64_MIN, hh_after = INT64_MIN;
        int shown = 0;
        for (;;) {
            char q[400];
            snprintf(q, sizeof q,
                     "SELECT e.household_id, e.id, e.kind, e.data, c.name FROM event e LEFT "
                     "JOIN cat c ON c.household_id = e.household_id AND c.id = e.cat_id WHERE "
                     "(e.household_id, e.id) > (%" PRId64 ", %" PRId64 ") ORDER BY "
                     "e.household_id, e.id LIMIT 1000",
                     hh_after, after);
            release(s);
            PGresult *r = PQexec(s->conn, q);
            if (PQresultStatus(r) != PGRES_TUPLES_OK) {
                fail(s, r);
                scoot_buf_printf(report, "events: %s\n", s->msg);
                PQclear(r);
                bad = 1;
                break;
            }
            int rows = PQntuples(r);
            for (int i = 0; i < rows; i++) {
                json_error_t je;
                const char *data = PQgetvalue(r, i, 3);
                json_t *v = json_loads(data, JSON_REJECT_DUPLICATES, &je);
                if (!json_is_object(v) && shown++ < 50)
                    scoot_buf_printf(report, "event %s (%s of cat '%s'): its data is %s%s\n",
                                     PQgetvalue(r, i, 1), PQgetvalue(r, i, 2),
                                     PQgetisnull(r, i, 4) ? "?" : PQgetvalue(r, i, 4),
                                     v ? "not a JSON object" : "not valid JSON: ",
                                     v ? "" : je.text);
                bad |= !json_is_object(v);
                json_decref(v);
            }
            if (rows > 0) {
                hh_after = col_int(r, rows - 1, 0);
                after = col_int(r, rows - 1, 1);
            }
            PQclear(r);
            if (rows < 1000)
                break;
        }
    }
    /* a note, not damage: the same name key cannot happen here (a unique index), so nothing */
out:
    pg_rollback(s);
    if (n < 0 && !bad)
        return SCOOT_EIO;
    return bad ? SCOOT_EDAMAGED : SCOOT_OK;
}

static int pg_schema_version(void *db)
{
    return ((pdb *)db)->version;
}

static const char *pg_last_error(void *db)
{
    return ((pdb *)db)->msg;
}

int scoot__pg_latest_version(void)
{
    return N_MIGRATIONS;
}

const char *scoot__pg_page_sql(int desc, int kind)
{
    return sql[desc ? (kind ? Q_EV_PAGE_KIND_DESC : Q_EV_PAGE_DESC)
                    : (kind ? Q_EV_PAGE_KIND : Q_EV_PAGE)];
}

const scoot__backend scoot__pg_backend = {
    "postgresql",    pg_open,         pg_close,        pg_begin,         pg_commit,
    pg_rollback,     pg_begin_read,   pg_cat_insert,   pg_cat_update,    pg_cat_delete,
    pg_cat_find,     pg_cat_get,      pg_cat_scan,     pg_event_insert,  pg_event_max_id,
    pg_event_ids_taken, pg_event_update, pg_event_delete, pg_event_get, pg_event_page,
    pg_backup,       pg_check,        pg_event_count,   pg_schema_version,
    pg_last_error,
};
