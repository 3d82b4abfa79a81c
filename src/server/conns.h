/* conns.h: the server's guard on connections: a deadline for each request's headers, body and
 * answer, and a cap on the connections open at once (internal to src/server). */
#ifndef SCOOT_CONNS_H
#define SCOOT_CONNS_H

#include <stddef.h>

#include <microhttpd.h>

/* One connection as the guard sees it (opaque; MHD keeps it as the socket context). */
typedef struct scoot__conn scoot__conn;

typedef struct {
    unsigned header_ms; /* from a request's start to the end of its headers */
    unsigned body_ms;   /* from the same start to the end of the body; also to send the answer */
    unsigned idle_ms;   /* between two requests of one connection (MHD's own idle timeout) */
    unsigned max_open;  /* connections open at once; those past it get a 503 and are closed */
} scoot__conns_config;

/* Starts the guard's thread; copies cfg. Returns 0, or an errno value. */
int scoot__conns_start(const scoot__conns_config *cfg);
/* Stops the thread (after MHD_stop_daemon: every connection is closed by then). */
void scoot__conns_stop(void);

/* MHD's MHD_OPTION_NOTIFY_CONNECTION callback. */
void scoot__conns_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                         enum MHD_ConnectionNotificationCode toe);

/* The guard's record of c (borrowed, valid until c closes); NULL when it has none. */
scoot__conn *scoot__conns_of(struct MHD_Connection *c);

/* The request's phases, each called from the thread that serves c. Each returns 1, or 0 when
 * the guard has closed the connection (its deadline passed, or it was over the cap): then the
 * caller gives up on the request (MHD_NO). k may be NULL (no guard): always 1. */
int scoot__conns_request_line(scoot__conn *k); /* the request line is in */
int scoot__conns_headers_done(scoot__conn *k); /* the handler's first call */
int scoot__conns_working(scoot__conn *k);      /* the whole request is in */
int scoot__conns_answering(scoot__conn *k);    /* an answer is queued */
void scoot__conns_request_done(scoot__conn *k);
/* 408 when the guard closed the connection over a deadline, 503 over the cap, else 0. */
int scoot__conns_closed_status(const scoot__conn *k);

/* Counters for /metrics. */
typedef struct {
    unsigned long open, refused, timed_out;
} scoot__conns_stats;
void scoot__conns_get_stats(scoot__conns_stats *s);

#endif
