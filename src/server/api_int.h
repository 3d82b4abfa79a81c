/* api_int.h: shared by the server (server.c), the API handlers (api.c) and static files. */
#ifndef SCOOT_API_INT_H
#define SCOOT_API_INT_H

#include <stddef.h>

#include <jansson.h>

#include "scoot/buf.h"
#include "scoot/engine.h"
#include "scoot/journal.h"

#define SCOOT__MAX_BODY (1 << 20) /* bytes */
#define SCOOT__MAX_DEPTH 32       /* JSON nesting */

struct MHD_Connection;

/* One request as the handlers see it. */
typedef struct {
    struct MHD_Connection *conn;
    const char *method, *url;
    char params[2][256]; /* the {name} / {id} segments, decoded */
    int n_params;
    scoot_buf body;      /* the request body (capped) */
    scoot_buf out;       /* the response body */
    const char *content_type, *cache;
    char *allow;         /* Allow header for 405 (scoot_malloc'd) */
    int status;
    int close;           /* the answer closes the connection (an unread body, a smuggling try) */
    size_t sent_bytes;
} scoot__req;

/* A handler fills q->out (and content_type) and returns the HTTP status. */
typedef int (*scoot__handler)(scoot__req *q);

typedef struct {
    const char *method, *path;
    scoot__handler fn;
} scoot__route;

extern const scoot__route scoot__routes[];
extern const int scoot__n_routes;

/* Writes {"error": {...}} into q->out; returns status. */
int scoot__error(scoot__req *q, int status, const char *code, const char *field, const char *fmt,
                 ...) __attribute__((format(printf, 5, 6)));
/* The same from a scoot error code and its message (the field comes from "field: ..."). */
/* The same, with a reason id of error.h (SCOOT_R_…) for the web app to word. */
int scoot__error_why(scoot__req *q, int status, const char *code, int reason, const char *field,
                     const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* The same, with a whole account (reason, numbers, line and column). */
int scoot__error_w(scoot__req *q, int status, const char *code, const char *field,
                   const scoot_why *w, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
int scoot__error_from(scoot__req *q, int rc, const scoot_buf *err);
/* The HTTP status of a scoot error code (the one place this mapping lives). */
int scoot__http_status(int rc);
/* Parses the body (its depth was checked before the handler ran); NULL with *status set (400)
 * on failure. */
json_t *scoot__body_json(scoot__req *q, int *status);
/* A query parameter, or NULL. */
const char *scoot__query(scoot__req *q, const char *key);
/* This worker thread's journal connection (opened on first use); NULL on failure. */
scoot_journal *scoot__journal(scoot__req *q);
/* This worker thread's cleared case and result. */
int scoot__thread_engine(scoot_case **c, scoot_result **r);
const scoot_kb *scoot__kb(void);
void scoot__metric_assessment(void);
void scoot__metric_db_error(void);
/* The database errors answered so far (a change makes /healthz check the journal again). */
unsigned long scoot__metric_db_errors(void);
/* Serves a file of web/ (built in); 404 if none. */
int scoot__static(scoot__req *q);

int scoot__h_healthz(scoot__req *q);
int scoot__h_metrics(scoot__req *q);
int scoot__h_kb(scoot__req *q);
int scoot__h_assess(scoot__req *q);
int scoot__h_cats_list(scoot__req *q);
int scoot__h_cats_add(scoot__req *q);
int scoot__h_cat_get(scoot__req *q);
int scoot__h_cat_edit(scoot__req *q);
int scoot__h_cat_delete(scoot__req *q);
int scoot__h_events_list(scoot__req *q);
int scoot__h_events_add(scoot__req *q);
int scoot__h_event_get(scoot__req *q);
int scoot__h_event_edit(scoot__req *q);
int scoot__h_event_delete(scoot__req *q);
int scoot__h_history(scoot__req *q);
int scoot__h_cat_assess(scoot__req *q);
int scoot__h_assessments(scoot__req *q);
int scoot__h_summary(scoot__req *q);
int scoot__h_due(scoot__req *q);
int scoot__h_done(scoot__req *q);

#endif
