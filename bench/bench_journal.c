/*
 * bench_journal.c DIR: the journal's speed, each figure beside a baseline from the same run.
 *   journal.append_durable   scoot_journal_event_add, each its own durable transaction, beside
 *   sqlite.insert_durable    a plain SQLite insert loop with the same durability (WAL, FULL)
 *   journal.import           events/s of scoot_journal_import_json (parse, validate, write)
 *   journal.history_warm     one cat's whole history among 1,000 cats x 10 years of daily
 *                            events (3.65 M rows), warm, beside
 *   sqlite.history_rowid_warm  the same rows in a plain rowid table indexed on (cat, t)
 *   journal.derive           the history features of one such cat
 * The big databases are built once and kept in DIR.
 */
#define _GNU_SOURCE 1 /* sched_setaffinity */
#include "../src/core/setup.h"

#include <sched.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "bench_common.h"
#include "scoot/journal.h"
#include "scoot/time.h"

#define CATS 1000
#define DAYS 3650
#define DAY 86400

static scoot_kb *kb;
static const scoot_time T0 = 1480000000; /* late 2016: ten years of days end before now */

static void check(int rc, const char *what)
{
    if (rc) {
        fprintf(stderr, "bench_journal: %s failed (%d)\n", what, rc);
        exit(1);
    }
}

static void sql(sqlite3 *db, const char *q)
{
    char *msg = NULL;
    if (sqlite3_exec(db, q, NULL, NULL, &msg) != SQLITE_OK) {
        fprintf(stderr, "bench_journal: %s: %s\n", q, msg);
        exit(1);
    }
}

static void rm_db(const char *path)
{
    char p[1100];
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
}

static double append_durable(const char *dir)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/append.db", dir);
    rm_db(path);
    scoot_journal *j;
    check(scoot_journal_open(path, kb, &j, NULL), "open");
    check(scoot_journal_cat_add(j, "{\"name\":\"Mimi\"}", NULL, NULL), "cat");
    double rates[5];
    scoot_time t = scoot_time_now() - 1000000;
    for (int r = 0; r < 5; r++) {
        int n = 0;
        double t0 = now_s();
        while (now_s() - t0 < 0.4) {
            check(scoot_journal_event_add(j, "Mimi", "weight", t++, "{\"kg\":4.2}", NULL, NULL, NULL),
                  "append");
            n++;
        }
        rates[r] = n / (now_s() - t0);
    }
    scoot_journal_close(j);
    return median(rates, 5);
}

static double sqlite_durable(const char *dir)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/plain.db", dir);
    rm_db(path);
    sqlite3 *db;
    sqlite3_open(path, &db);
    sql(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
            "CREATE TABLE e(id INTEGER PRIMARY KEY, t INTEGER, data TEXT)");
    sqlite3_stmt *ins, *b, *c;
    sqlite3_prepare_v2(db, "INSERT INTO e(t, data) VALUES (?1, '{\"kg\":4.2}')", -1, &ins, NULL);
    sqlite3_prepare_v2(db, "BEGIN", -1, &b, NULL);
    sqlite3_prepare_v2(db, "COMMIT", -1, &c, NULL);
    double rates[5];
    for (int r = 0; r < 5; r++) {
        int n = 0;
        double t0 = now_s();
        while (now_s() - t0 < 0.4) {
            sqlite3_step(b);
            sqlite3_reset(b);
            sqlite3_bind_int64(ins, 1, n);
            sqlite3_step(ins);
            sqlite3_reset(ins);
            sqlite3_step(c);
            sqlite3_reset(c);
            n++;
        }
        rates[r] = n / (now_s() - t0);
    }
    sqlite3_finalize(ins);
    sqlite3_finalize(b);
    sqlite3_finalize(c);
    sqlite3_close(db);
    return median(rates, 5);
}

static double import_rate(const char *dir, int n_events)
{
    scoot_buf doc;
    scoot_buf_init(&doc, (size_t)512 << 20);
    scoot_buf_adds(&doc, "{\"format\":\"scoot-journal\",\"version\":1,\"cats\":[{\"name\":\"Imp\"}],"
                         "\"events\":[");
    char iso[32];
    for (int i = 0; i < n_events; i++) {
        scoot_time_format_utc(T0 + (scoot_time)i * 600, iso, sizeof iso);
        static const char *const data[] = {"{\"kg\":4.2}", "{\"score\":3}",
                                           "{\"amount\":\"smear\",\"look\":[\"brown\"]}"};
        static const char *const kinds[] = {"weight", "stool", "episode"};
        scoot_buf_printf(&doc, "%s{\"id\":%d,\"cat\":\"Imp\",\"kind\":\"%s\",\"t\":\"%s\",\"data\":%s}",
                         i ? "," : "", i + 1, kinds[i % 3], iso, data[i % 3]);
    }
    scoot_buf_adds(&doc, "]}");
    double rates[3];
    for (int r = 0; r < 3; r++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/import.db", dir);
        rm_db(path);
        scoot_journal *j;
        check(scoot_journal_open(path, kb, &j, NULL), "open");
        int nc, ne;
        scoot_buf err;
        scoot_buf_init(&err, 0);
        double t0 = now_s();
        int rc = scoot_journal_import_json(j, doc.data, doc.len, "bench", &nc, &ne, &err);
        double dt = now_s() - t0;
        if (rc) {
            fprintf(stderr, "%s", scoot_buf_str(&err));
            exit(1);
        }
        rates[r] = ne / dt;
        scoot_buf_free(&err);
        scoot_journal_close(j);
    }
    scoot_buf_free(&doc);
    return median(rates, 3);
}

/* The 1,000 cats x 10 years journal, filled day by day (all cats on day 1, then day 2 ...),
 * the order in which a real household's or clinic's entries arrive; and the same rows in a
 * plain rowid table for the baseline. */
static void build_big(const char *path, const char *plain)
{
    struct stat st;
    if (stat(path, &st) == 0 && stat(plain, &st) == 0)
        return;
    rm_db(path);
    rm_db(plain);
    fprintf(stderr, "bench_journal: building %d cats x %d days (once; kept in %s)\n", CATS, DAYS,
            path);
    scoot_journal *j;
    check(scoot_journal_open(path, kb, &j, NULL), "open big");
    scoot_journal_close(j);
    sqlite3 *db, *pdb;
    sqlite3_open(path, &db);
    sqlite3_open(plain, &pdb);
    sql(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF; BEGIN");
    sql(pdb, "PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF;"
             "CREATE TABLE plain(cat INTEGER, t INTEGER, data TEXT);"
             "CREATE INDEX plain_cat_t ON plain(cat, t); BEGIN");
    sqlite3_stmt *cat, *ev, *pl;
    sqlite3_prepare_v2(db, "INSERT INTO cat(household_id, id, name, created, updated) "
                           "VALUES (1, ?1, ?2, 0, 0)", -1, &cat, NULL);
    sqlite3_prepare_v2(db, "INSERT INTO event(household_id, cat_id, t, id, kind, data, created) "
                           "VALUES (1, ?1, ?2, ?3, 'weight', '{\"kg\":4.2}', 0)", -1, &ev, NULL);
    sqlite3_prepare_v2(pdb, "INSERT INTO plain(cat, t, data) VALUES (?1, ?2, '{\"kg\":4.2}')", -1,
                       &pl, NULL);
    for (int c = 1; c <= CATS; c++) {
        char name[32];
        snprintf(name, sizeof name, "cat%04d", c);
        sqlite3_bind_int(cat, 1, c);
        sqlite3_bind_text(cat, 2, name, -1, SQLITE_TRANSIENT);
        sqlite3_step(cat);
        sqlite3_reset(cat);
    }
    long id = 0;
    for (int d = 0; d < DAYS; d++) {
        if (d % 365 == 0)
            fprintf(stderr, "  year %d of 10\n", d / 365 + 1);
        for (int c = 1; c <= CATS; c++) {
            scoot_time t = T0 + (scoot_time)d * DAY + c;
            sqlite3_bind_int(ev, 1, c);
            sqlite3_bind_int64(ev, 2, t);
            sqlite3_bind_int64(ev, 3, ++id);
            sqlite3_step(ev);
            sqlite3_reset(ev);
            sqlite3_bind_int(pl, 1, c);
            sqlite3_bind_int64(pl, 2, t);
            sqlite3_step(pl);
            sqlite3_reset(pl);
        }
    }
    char q[200];
    snprintf(q, sizeof q, "INSERT INTO seq VALUES (1, 'cat', %d), (1, 'event', %ld); COMMIT;",
             CATS + 1, id + 1);
    sql(db, q);
    sql(pdb, "COMMIT");
    sqlite3_finalize(cat);
    sqlite3_finalize(ev);
    sqlite3_finalize(pl);
    sql(db, "PRAGMA wal_checkpoint(TRUNCATE)");
    sql(pdb, "PRAGMA wal_checkpoint(TRUNCATE)");
    sqlite3_close(db);
    sqlite3_close(pdb);
}

static int touch_cb(void *ud, const scoot_event *e)
{
    long *sum = ud;
    *sum += e->t + (long)strlen(e->data);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: bench_journal DIR\n");
        return 2;
    }
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(sched_getcpu(), &set);
    sched_setaffinity(0, sizeof set, &set);
    setenv("TZ", "UTC", 1);
    mkdir(argv[1], 0700);
    check(scoot_kb_load_default(&kb, NULL), "kb");

    printf("journal.append_durable %.0f per_s\n", append_durable(argv[1]));
    printf("sqlite.insert_durable %.0f per_s\n", sqlite_durable(argv[1]));
    printf("journal.import %.0f per_s\n", import_rate(argv[1], 200000));

    char big[1024], plain[1024];
    snprintf(big, sizeof big, "%s/big.db", argv[1]);
    snprintf(plain, sizeof plain, "%s/big-plain.db", argv[1]);
    build_big(big, plain);
    scoot_journal *j;
    check(scoot_journal_open(big, kb, &j, NULL), "open big");
    double h[31], p[31], d[31];
    long sum = 0;
    const char *cat = "cat0500";
    scoot_journal_scan(j, cat, 0, INT64_MAX / 2, NULL, touch_cb, &sum, NULL); /* warm */
    int count = 0;
    for (int r = 0; r < 31; r++) {
        long before = sum;
        double t0 = now_s();
        check(scoot_journal_scan(j, cat, 0, INT64_MAX / 2, NULL, touch_cb, &sum, NULL), "scan");
        h[r] = (now_s() - t0) * 1e3;
        count = sum != before;
    }
    sqlite3 *pdb;
    sqlite3_open(plain, &pdb);
    sqlite3_stmt *st;
    sqlite3_prepare_v2(pdb, "SELECT t, data FROM plain WHERE cat = 500 ORDER BY t", -1, &st, NULL);
    for (int r = -1; r < 31; r++) {
        double t0 = now_s();
        int n = 0;
        while (sqlite3_step(st) == SQLITE_ROW) {
            sum += sqlite3_column_int64(st, 0) + sqlite3_column_bytes(st, 1);
            n++;
        }
        sqlite3_reset(st);
        if (r >= 0)
            p[r] = (now_s() - t0) * 1e3;
        if (n != DAYS) {
            fprintf(stderr, "bench_journal: the baseline read %d rows\n", n);
            return 1;
        }
    }
    sqlite3_finalize(st);
    sqlite3_close(pdb);
    scoot_case *c;
    scoot_case_new(kb, &c);
    for (int r = 0; r < 31; r++) {
        scoot_case_clear(c);
        double t0 = now_s();
        check(scoot_journal_derive(j, cat, T0 + (scoot_time)DAYS * DAY, c, NULL, NULL), "derive");
        d[r] = (now_s() - t0) * 1e3;
    }
    printf("journal.history_warm %.3f ms\n", median(h, 31));
    printf("sqlite.history_rowid_warm %.3f ms\n", median(p, 31));
    printf("journal.derive %.3f ms\n", median(d, 31));
    scoot_case_free(c);
    scoot_journal_close(j);
    scoot_kb_free(kb);
    return count ? 0 : 1;
}
