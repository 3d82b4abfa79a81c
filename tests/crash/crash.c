/*
 * crash.c: the journal keeps every write it acknowledged through kill -9.
 *   crash DIR            the harness: 20 rounds of starting a writer, killing it with SIGKILL
 *                        after a random 30-400 ms, collecting the ids it acknowledged; then
 *                        PRAGMA integrity_check must say ok and every acknowledged id must be
 *                        in the database.
 *   crash writer DB      the writer: appends events for ever, writing each id to stdout once
 *                        scoot_journal_event_add has returned (the acknowledgement).
 */
#include "../../src/core/setup.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "scoot/scoot.h"
#include "scoot/journal.h"
#include "scoot/time.h"

#define ROUNDS 20

static int writer(const char *db)
{
    scoot_kb *kb;
    scoot_journal *j;
    scoot_buf err;
    scoot_buf_init(&err, 0);
    if (scoot_kb_load_default(&kb, NULL) || scoot_journal_open(db, kb, &j, &err)) {
        fprintf(stderr, "writer: %s", scoot_buf_str(&err));
        return 1;
    }
    scoot_journal_cat_add(j, "{\"name\":\"Crash\"}", NULL, NULL); /* exists after round 1 */
    scoot_time t = scoot_time_now() - 1000000;
    for (long i = 0;; i++) {
        char data[64];
        snprintf(data, sizeof data, "{\"kg\":%.2f}", 4.0 + (double)(i % 100) / 100.0);
        int64_t id;
        scoot_buf_reset(&err);
        if (scoot_journal_event_add(j, "Crash", "weight", t + i, data, NULL, &id, &err)) {
            fprintf(stderr, "writer: %s", scoot_buf_str(&err));
            return 1;
        }
        char line[32];
        int n = snprintf(line, sizeof line, "%lld\n", (long long)id);
        if (write(STDOUT_FILENO, line, (size_t)n) != n)
            return 1;
    }
}

static int cmp_ll(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    if (argc == 3 && !strcmp(argv[1], "writer"))
        return writer(argv[2]);
    if (argc != 2) {
        fprintf(stderr, "usage: crash DIR | crash writer DB\n");
        return 2;
    }
    mkdir(argv[1], 0700);
    char db[1024];
    snprintf(db, sizeof db, "%s/crash.db", argv[1]);
    for (const char *sfx = ""; sfx; sfx = !*sfx ? "-wal" : !strcmp(sfx, "-wal") ? "-shm" : NULL) {
        char p[1100];
        snprintf(p, sizeof p, "%s%s", db, sfx);
        unlink(p);
    }
    unsigned seed = (unsigned)time(NULL) ^ (unsigned)getpid();
    printf("crash: seed %u\n", seed);
    srand(seed);
    long long *acked = NULL;
    size_t n_acked = 0, cap = 0;
    for (int round = 0; round < ROUNDS; round++) {
        int fd[2];
        if (pipe(fd))
            return 1;
        pid_t pid = fork();
        if (pid == 0) {
            dup2(fd[1], STDOUT_FILENO);
            close(fd[0]);
            close(fd[1]);
            execl("/proc/self/exe", argv[0], "writer", db, (char *)NULL);
            _exit(127);
        }
        close(fd[1]);
        struct timespec ts = {0, (long)(30 + rand() % 371) * 1000000L};
        nanosleep(&ts, NULL);
        kill(pid, SIGKILL);
        /* read what was acknowledged; a last line without its newline was not */
        char buf[65536], part[32] = "";
        size_t plen = 0;
        ssize_t r;
        while ((r = read(fd[0], buf, sizeof buf)) > 0) {
            for (ssize_t i = 0; i < r; i++) {
                if (buf[i] != '\n') {
                    if (plen < sizeof part - 1)
                        part[plen++] = buf[i];
                    continue;
                }
                part[plen] = '\0';
                plen = 0;
                if (n_acked == cap) {
                    cap = cap ? cap * 2 : 1024;
                    acked = scoot_realloc(acked, cap * sizeof *acked);
                    if (!acked)
                        return 1;
                }
                acked[n_acked++] = strtoll(part, NULL, 10);
            }
        }
        close(fd[0]);
        int st;
        waitpid(pid, &st, 0);
        if (!WIFSIGNALED(st)) {
            fprintf(stderr, "crash: round %d: the writer ended by itself (status %d)\n", round, st);
            return 1;
        }
    }
    /* check with SQLite directly */
    sqlite3 *s;
    if (sqlite3_open(db, &s) != SQLITE_OK)
        return 1;
    sqlite3_stmt *st;
    sqlite3_prepare_v2(s, "PRAGMA integrity_check", -1, &st, NULL);
    const char *ok = sqlite3_step(st) == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : "?";
    int good = ok && !strcmp(ok, "ok");
    if (!good)
        fprintf(stderr, "crash: integrity_check says %s\n", ok ? ok : "nothing");
    sqlite3_finalize(st);
    qsort(acked, n_acked, sizeof *acked, cmp_ll);
    long missing = 0;
    sqlite3_prepare_v2(s, "SELECT 1 FROM event WHERE household_id = 1 AND id = ?1", -1, &st, NULL);
    for (size_t i = 0; i < n_acked; i++) {
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, acked[i]);
        if (sqlite3_step(st) != SQLITE_ROW) {
            if (missing < 10)
                fprintf(stderr, "crash: acknowledged event %lld is missing\n", acked[i]);
            missing++;
        }
    }
    sqlite3_finalize(st);
    sqlite3_close(s);
    /* and the journal still opens and reads */
    scoot_kb *kb;
    scoot_journal *j;
    int opens = !scoot_kb_load_default(&kb, NULL) && !scoot_journal_open(db, kb, &j, NULL);
    if (opens) {
        scoot_journal_close(j);
        scoot_kb_free(kb);
    }
    printf("crash: %d kills, %zu acknowledged writes, %ld missing, integrity %s, reopens %s\n",
           ROUNDS, n_acked, missing, good ? "ok" : "BAD", opens ? "ok" : "NO");
    scoot_free(acked);
    return good && !missing && opens && n_acked > 0 ? 0 : 1;
}
