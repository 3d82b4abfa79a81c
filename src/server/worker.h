/* worker.h: what each thread that answers requests keeps for itself: its connection to the
 * journal (SQLite wants one per thread), its case and result for the engine, and its buffer of
 * the access log. A thread finds its own through a key of the server's (pthread_getspecific),
 * made on its first request; the server frees them all once its threads have stopped. */
#ifndef SCOOT_SERVER_WORKER_H
#define SCOOT_SERVER_WORKER_H

#include <pthread.h>

#include "accesslog.h"
#include "scoot/engine.h"
#include "scoot/journal.h"

/* More threads than this answer on their own (not through a worker): MHD's pool has at most
 * 64 (scoot serve --threads), and its closing of connections may come from one more. */
#define SCOOT__MAX_WORKERS 128

typedef struct scoot__worker {
    struct scoot__workers *all;
    scoot_journal *db;   /* opened on first use */
    scoot_case *c;       /* made on first use */
    scoot_result *r;
    scoot__log_buf log;
} scoot__worker;

typedef struct scoot__workers {
    const char *db;      /* the journal's path (borrowed) */
    const scoot_kb *kb;  /* borrowed */
    scoot__log *log;     /* borrowed */
    pthread_key_t key;   /* the calling thread's worker */
    pthread_mutex_t lock; /* taken when a worker is made and when the server flushes the logs */
    scoot__worker *w[SCOOT__MAX_WORKERS];
    int n;
} scoot__workers;

/* Starts ws (no worker yet); db, kb and log are borrowed, valid until scoot__workers_free.
 * SCOOT_OK or SCOOT_ENOMEM. */
int scoot__workers_init(scoot__workers *ws, const char *db, const scoot_kb *kb, scoot__log *log);
/* Writes every worker's log buffer, closes their journals and frees them: call once no thread
 * answers any more. */
void scoot__workers_free(scoot__workers *ws);

/* The calling thread's worker (borrowed, valid until scoot__workers_free), made on its first
 * call; NULL when it cannot be made (out of memory, or more than SCOOT__MAX_WORKERS threads). */
scoot__worker *scoot__worker_mine(scoot__workers *ws);

/* The worker's journal, opened on first use (a failure is said on standard error); NULL when
 * it cannot be opened. w may be NULL (then NULL). */
scoot_journal *scoot__worker_journal(scoot__worker *w);
/* The worker's case, cleared, and its result: SCOOT_OK, or SCOOT_ENOMEM (w NULL too). */
int scoot__worker_engine(scoot__worker *w, scoot_case **c, scoot_result **r);

/* Writes the log buffers whose oldest line is the log's flush time old (every one with force). */
void scoot__workers_flush_logs(scoot__workers *ws, int force);

#endif
