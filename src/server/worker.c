/* worker.c: each answering thread's journal, engine and log buffer (see worker.h). */
#include "../core/setup.h"

#include <stdio.h>

#include "scoot/alloc.h"
#include "scoot/error.h"
#include "worker.h"

int scoot__workers_init(scoot__workers *ws, const char *db, const scoot_kb *kb, scoot__log *log)
{
    memset(ws, 0, sizeof *ws);
    ws->db = db;
    ws->kb = kb;
    ws->log = log;
    if (pthread_key_create(&ws->key, NULL))
        return SCOOT_ENOMEM;
    pthread_mutex_init(&ws->lock, NULL);
    return SCOOT_OK;
}

void scoot__workers_free(scoot__workers *ws)
{
    pthread_mutex_lock(&ws->lock);
    for (int i = 0; i < ws->n; i++) {
        scoot__worker *w = ws->w[i];
        scoot__log_buf_free(ws->log, &w->log);
        scoot_journal_close(w->db);
        scoot_case_free(w->c);
        scoot_result_free(w->r);
        scoot_free(w);
    }
    ws->n = 0;
    pthread_mutex_unlock(&ws->lock);
    pthread_mutex_destroy(&ws->lock);
    pthread_key_delete(ws->key);
}

scoot__worker *scoot__worker_mine(scoot__workers *ws)
{
    scoot__worker *w = pthread_getspecific(ws->key);
    if (w)
        return w;
    if (!(w = scoot_calloc(1, sizeof *w)))
        return NULL;
    w->all = ws;
    scoot__log_buf_init(&w->log);
    pthread_mutex_lock(&ws->lock);
    int kept = ws->n < SCOOT__MAX_WORKERS && !pthread_setspecific(ws->key, w);
    if (kept)
        ws->w[ws->n++] = w;
    pthread_mutex_unlock(&ws->lock);
    if (!kept) {
        scoot__log_buf_free(ws->log, &w->log);
        scoot_free(w);
        return NULL;
    }
    return w;
}

scoot_journal *scoot__worker_journal(scoot__worker *w)
{
    if (!w)
        return NULL;
    if (w->db)
        return w->db;
    scoot_buf err;
    scoot_buf_init(&err, 0);
    int rc = scoot_journal_open(w->all->db, w->all->kb, &w->db, &err);
    if (rc) {
        fprintf(stderr, "scoot serve: %s", err.len ? scoot_buf_str(&err) : "cannot open the journal\n");
        w->db = NULL;
    }
    scoot_buf_free(&err);
    return w->db;
}

int scoot__worker_engine(scoot__worker *w, scoot_case **c, scoot_result **r)
{
    if (!w)
        return SCOOT_ENOMEM;
    if (!w->c && scoot_case_new(w->all->kb, &w->c)) {
        w->c = NULL;
        return SCOOT_ENOMEM;
    }
    if (!w->r && scoot_result_new(w->all->kb, &w->r)) {
        w->r = NULL;
        return SCOOT_ENOMEM;
    }
    scoot_case_clear(w->c);
    *c = w->c;
    *r = w->r;
    return SCOOT_OK;
}

void scoot__workers_flush_logs(scoot__workers *ws, int force)
{
    uint64_t now = scoot__log_now_ms();
    pthread_mutex_lock(&ws->lock);
    for (int i = 0; i < ws->n; i++)
        scoot__log_flush(ws->log, &ws->w[i]->log, now, force);
    pthread_mutex_unlock(&ws->lock);
}
