/* metrics.h: the server's counters for GET /metrics (Prometheus text): requests by route and
 * status, a latency histogram, assessments, database errors, access-log lines lost. Every
 * counter is a C11 atomic, added to without a lock by whichever worker answers. */
#ifndef SCOOT_SERVER_METRICS_H
#define SCOOT_SERVER_METRICS_H

#include <stdatomic.h>

#include "routes.h"
#include "scoot/buf.h"

#define SCOOT__N_BUCKETS 10 /* latency buckets, +Inf besides */
#define SCOOT__N_STATUS  15 /* statuses counted by name, "other" besides */

typedef struct {
    const scoot__route *routes; /* borrowed: their labels */
    int n_routes;
    atomic_ulong (*requests)[SCOOT__N_STATUS + 1]; /* n_routes + 2 rows: static files, unknown */
    atomic_ulong buckets[SCOOT__N_BUCKETS + 1];
    atomic_ulong latency_ns; /* their sum */
    atomic_ulong assessments, db_errors;
    atomic_ulong log_lines_lost;
} scoot__metrics;

/* The connections' figures, from the guard (conns.h). */
typedef struct {
    unsigned long open, refused, timed_out;
} scoot__conns_stats;

/* Starts m with every counter at 0 for the given routes (borrowed, valid while m is).
 * SCOOT_OK or SCOOT_ENOMEM. */
int scoot__metrics_init(scoot__metrics *m, const scoot__route *routes, int n_routes);
void scoot__metrics_free(scoot__metrics *m);

/* A request answered: route is an index of routes, SCOOT__ROUTE_STATIC or _UNKNOWN. */
void scoot__metrics_request(scoot__metrics *m, int route, int status, double secs);
void scoot__metrics_assessment(scoot__metrics *m);
void scoot__metrics_db_error(scoot__metrics *m);
/* The database errors answered so far (a change makes /healthz check the journal again). */
unsigned long scoot__metrics_db_errors(scoot__metrics *m);

/* Appends every counter in Prometheus text format, with the connections' figures cs. */
int scoot__metrics_write(scoot__metrics *m, const scoot__conns_stats *cs, scoot_buf *out);

#endif
