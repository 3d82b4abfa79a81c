/* accesslog.h: the access log, one line per request, gathered in a buffer per worker and
 * written by size and by time (as nginx's access_log buffer= and flush=). A worker takes only
 * its own buffer's lock for a line; the lock shared by all is taken once per write, so lines
 * from different workers never interleave, and none is lost at shutdown (the server flushes
 * every buffer once its workers have stopped). */
#ifndef SCOOT_SERVER_ACCESSLOG_H
#define SCOOT_SERVER_ACCESSLOG_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

typedef struct {
    int fd;              /* -1: no log */
    int pipe_like;       /* a pipe or socket: written in whole lines of at most PIPE_BUF bytes */
    size_t buffer;       /* bytes a worker gathers before it writes; 0: each line at once */
    uint64_t flush_ms;   /* the longest a line waits in a buffer */
    pthread_mutex_t out; /* one write at a time */
    atomic_ulong *lost;  /* lines a failed write lost (a counter of the metrics; borrowed) */
} scoot__log;

/* One worker's buffer. */
typedef struct {
    pthread_mutex_t lock; /* taken by its worker per line, by the server's flush about once a second */
    char *data;           /* log->buffer bytes, allocated on the first line */
    size_t len;
    uint64_t first_ms;    /* when its oldest line came (CLOCK_MONOTONIC) */
    time_t when_s;        /* the second of when, a cache: formatted once a second */
    char when[32];
} scoot__log_buf;

/* Starts l writing to fd (borrowed: the caller closes it after scoot__log_free), -1 for no
 * log; buffer bytes per worker (0: unbuffered), flush_ms at most between a line and its write.
 * lost: the counter of lines lost (borrowed). */
void scoot__log_init(scoot__log *l, int fd, size_t buffer, unsigned flush_ms, atomic_ulong *lost);
void scoot__log_free(scoot__log *l);

void scoot__log_buf_init(scoot__log_buf *b);
/* Writes what b holds and frees it. */
void scoot__log_buf_free(scoot__log *l, scoot__log_buf *b);

/* Adds the line of one request to b (or writes it, when unbuffered):
 * "2026-12-01T10:00:00Z 127.0.0.1 "POST /api/v1/assess" 200 3911 0.412ms". The method and the
 * target as sent have control bytes, quotes, backslashes and bytes above ASCII as \xHH, so that
 * a request cannot forge or colour a line. now_ms: CLOCK_MONOTONIC. */
void scoot__log_request(scoot__log *l, scoot__log_buf *b, uint64_t now_ms, const char *ip, const char *method,
                        const char *target, int status, size_t bytes, double secs);

/* Writes what b holds if its oldest line is flush_ms old at now_ms, or at once when force. */
void scoot__log_flush(scoot__log *l, scoot__log_buf *b, uint64_t now_ms, int force);

/* CLOCK_MONOTONIC in milliseconds. */
uint64_t scoot__log_now_ms(void);

#endif
