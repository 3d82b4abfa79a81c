/* request.h: one request as the routes and handlers see it, whatever carried it (libmicrohttpd
 * in http.c, or a fuzzer's bytes): its start (the path decoded, the headers and the query
 * checked), and the helpers handlers answer with (JSON errors, the one mapping of scoot's error
 * codes to HTTP statuses, the body as JSON, query parameters). */
#ifndef SCOOT_SERVER_REQUEST_H
#define SCOOT_SERVER_REQUEST_H

#include <stddef.h>

#include <jansson.h>

#include "parse.h"
#include "scoot/buf.h"
#include "scoot/error.h"

#define SCOOT__MAX_BODY  (1 << 20) /* bytes */
#define SCOOT__MAX_DEPTH 32        /* JSON nesting */

typedef struct scoot_server scoot_server;
typedef struct scoot__worker scoot__worker;

/* The room kept in a request's answer, before a handler that may write runs, for the short
 * answer that says it was written ({"id": N} or {"name": "..."}): that answer needs no memory. */
#define SCOOT__SHORT_ANSWER 1024

/* One request. The transport fills method, body and too_large; scoot__req_init and
 * scoot__req_start the rest. */
typedef struct {
    scoot_server *srv;      /* borrowed */
    scoot__worker *worker;  /* the calling thread's journal and engine (borrowed); NULL: none */
    const char *method;     /* borrowed from the transport, valid for the request */
    char *raw;              /* the target as sent, still percent-encoded (path and query) */
    size_t raw_path;        /* the bytes of raw before '?' or '#' */
    char *url;              /* raw's path decoded once (in raw's allocation) */
    char *query_text;       /* raw's query, split and decoded in place (in raw's allocation) */
    scoot__params query;     /* its parameters, checked */
    char params[2][256];    /* the {name} / {id} segments of the route, decoded */
    int n_params;
    int route;              /* the route's index, or SCOOT__ROUTE_STATIC / _UNKNOWN (routes.h) */
    const char *req_type;   /* the request's Content-Type (borrowed from the transport) */
    int has_offset;         /* Scoot-UTC-Offset: the client's days are UTC + offset_min */
    int offset_min;
    int too_large;          /* the body went past SCOOT__MAX_BODY */
    scoot_buf body;         /* the request body (capped) */
    scoot_buf out;          /* the response body */
    const char *content_type, *cache; /* of the response (static strings) */
    const char *csp;        /* the response's Content-Security-Policy when not the app's (static) */
    char *allow;            /* Allow header for 405 (scoot_malloc'd) */
    char *disposition;      /* Content-Disposition of the response, or NULL (scoot_malloc'd) */
    int status;             /* the answer's, once sent */
    int close;              /* the answer closes the connection (an unread body, a smuggling try) */
    size_t sent_bytes;
} scoot__req;

/* Starts q for the request target (as sent, n bytes, not NUL-terminated) on srv: copies it.
 * SCOOT_OK or SCOOT_ENOMEM (then q holds nothing to free). */
int scoot__req_init(scoot__req *q, scoot_server *srv, const char *target, size_t n);
/* The 413 for a body past SCOOT__MAX_BODY (a copy of the journal for /import says so); returns
 * the status. */
int scoot__too_large(scoot__req *q);
/* Frees what q holds; q can be started again. */
void scoot__req_free(scoot__req *q);

/* Checks the head of the request: the path decoded once and clean, the headers (h, gathered
 * by the transport), no smuggling, Host (hosts: the names the server answers for), the query
 * parameters, Scoot-UTC-Offset and a declared length under the cap. 0 when the request may go
 * on (its body is read next), else the status of the error answer written into q->out (and
 * q->close set when the body is left unread). version: "HTTP/1.1" or "HTTP/1.0". */
int scoot__req_start(scoot__req *q, const char *version, const scoot__head *h, const scoot__hosts *hosts);

/* Writes {"error": {"code", "message", "field", "reason": null}} into q->out; returns status. */
int scoot__error(scoot__req *q, int status, const char *code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* The same, with a reason id of error.h (SCOOT_R_...) for the web app to word. */
int scoot__error_why(scoot__req *q, int status, const char *code, int reason, const char *field, const char *fmt,
                     ...) __attribute__((format(printf, 6, 7)));
/* The same, with a whole account (reason, numbers, line and column; borrowed). */
int scoot__error_w(scoot__req *q, int status, const char *code, const char *field, const scoot_why *w,
                   const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* The same from a scoot error code and its error buffer (the field and reason as the library
 * recorded them); a 5xx counts as a database error in the metrics. */
int scoot__error_from(scoot__req *q, int rc, const scoot_buf *err);
/* The HTTP status of a scoot error code (the one place this mapping lives). */
int scoot__http_status(int rc);
/* Parses the body (its depth was checked before the handler ran): caller frees with
 * json_decref; NULL with *status set (400) on failure. */
json_t *scoot__body_json(scoot__req *q, int *status);
/* A query parameter (its name compared without regard to case), or NULL; borrowed from q. */
const char *scoot__query(const scoot__req *q, const char *key);

#endif
