/* metrics.c: the server's counters (see metrics.h). Relaxed atomics: each count is exact, and
 * a scrape may see one counter a request ahead of another. */
#include "../core/setup.h"

#include "metrics.h"
#include "scoot/alloc.h"
#include "scoot/error.h"

static const double bucket_le[SCOOT__N_BUCKETS] = {0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                   0.025,  0.05,  0.1,    0.25,  1};
static const int statuses[SCOOT__N_STATUS] = {200, 201, 204, 400, 404, 405, 408, 409,
                                              413, 415, 421, 422, 500, 501, 503};

#define ADD(x, n) atomic_fetch_add_explicit(&(x), (n), memory_order_relaxed)
#define GET(x)    atomic_load_explicit(&(x), memory_order_relaxed)

int scoot__metrics_init(scoot__metrics *m, const scoot__route *routes, int n_routes)
{
    memset(m, 0, sizeof *m);
    m->routes = routes;
    m->n_routes = n_routes;
    m->requests = scoot_calloc((size_t)n_routes + 2, sizeof *m->requests);
    if (!m->requests)
        return SCOOT_ENOMEM;
    for (int r = 0; r < n_routes + 2; r++)
        for (int s = 0; s <= SCOOT__N_STATUS; s++)
            atomic_init(&m->requests[r][s], 0);
    for (int b = 0; b <= SCOOT__N_BUCKETS; b++)
        atomic_init(&m->buckets[b], 0);
    atomic_init(&m->latency_ns, 0);
    atomic_init(&m->assessments, 0);
    atomic_init(&m->db_errors, 0);
    atomic_init(&m->log_lines_lost, 0);
    return SCOOT_OK;
}

void scoot__metrics_free(scoot__metrics *m)
{
    scoot_free(m->requests);
    m->requests = NULL;
}

/* The row of a route: its index, then static files, then unknown. */
static int row(const scoot__metrics *m, int route)
{
    return route >= 0 && route < m->n_routes ? route : route == SCOOT__ROUTE_STATIC ? m->n_routes : m->n_routes + 1;
}

void scoot__metrics_request(scoot__metrics *m, int route, int status, double secs)
{
    int s, b;
    for (s = 0; s < SCOOT__N_STATUS && statuses[s] != status; s++)
        ;
    ADD(m->requests[row(m, route)][s], 1);
    for (b = 0; b < SCOOT__N_BUCKETS && secs > bucket_le[b]; b++)
        ;
    ADD(m->buckets[b], 1);
    ADD(m->latency_ns, (unsigned long)(secs * 1e9));
}

void scoot__metrics_assessment(scoot__metrics *m)
{
    ADD(m->assessments, 1);
}

void scoot__metrics_db_error(scoot__metrics *m)
{
    ADD(m->db_errors, 1);
}

unsigned long scoot__metrics_db_errors(scoot__metrics *m)
{
    return GET(m->db_errors);
}

int scoot__metrics_write(scoot__metrics *m, const scoot__conns_stats *cs, scoot_buf *o)
{
    int rc = scoot_buf_adds(o, "# HELP scoot_http_requests_total HTTP requests by route and status.\n"
                               "# TYPE scoot_http_requests_total counter\n");
    for (int r = 0; r < m->n_routes + 2 && !rc; r++)
        for (int s = 0; s <= SCOOT__N_STATUS && !rc; s++) {
            unsigned long n = GET(m->requests[r][s]);
            if (!n)
                continue;
            const char *method = r < m->n_routes ? m->routes[r].method : "any";
            const char *label = r < m->n_routes ? m->routes[r].path : r == m->n_routes ? "static" : "unknown";
            if (s < SCOOT__N_STATUS)
                rc = scoot_buf_printf(o, "scoot_http_requests_total{method=\"%s\",route=\"%s\",status=\"%d\"} %lu\n",
                                      method, label, statuses[s], n);
            else
                rc = scoot_buf_printf(o, "scoot_http_requests_total{method=\"%s\",route=\"%s\",status=\"other\"} %lu\n",
                                      method, label, n);
        }
    if (!rc)
        rc = scoot_buf_adds(o, "# HELP scoot_http_request_duration_seconds Time to answer a request.\n"
                               "# TYPE scoot_http_request_duration_seconds histogram\n");
    unsigned long cum = 0;
    for (int b = 0; b <= SCOOT__N_BUCKETS && !rc; b++) {
        cum += GET(m->buckets[b]);
        if (b < SCOOT__N_BUCKETS)
            rc = scoot_buf_printf(o, "scoot_http_request_duration_seconds_bucket{le=\"%g\"} %lu\n", bucket_le[b],
                                  cum);
        else
            rc = scoot_buf_printf(o, "scoot_http_request_duration_seconds_bucket{le=\"+Inf\"} %lu\n", cum);
    }
    double sum = (double)GET(m->latency_ns) * 1e-9;
    if (!rc)
        rc = scoot_buf_printf(o, "scoot_http_request_duration_seconds_sum %.6f\n"
                                 "scoot_http_request_duration_seconds_count %lu\n",
                              sum, cum);
    if (!rc)
        rc = scoot_buf_printf(o, "# HELP scoot_assessments_total Assessments made.\n"
                                 "# TYPE scoot_assessments_total counter\n"
                                 "scoot_assessments_total %lu\n"
                                 "# HELP scoot_db_errors_total Database errors.\n"
                                 "# TYPE scoot_db_errors_total counter\n"
                                 "scoot_db_errors_total %lu\n"
                                 "# HELP scoot_access_log_lines_lost_total Access-log lines that could "
                                 "not be written.\n"
                                 "# TYPE scoot_access_log_lines_lost_total counter\n"
                                 "scoot_access_log_lines_lost_total %lu\n",
                              GET(m->assessments), GET(m->db_errors), GET(m->log_lines_lost));
    if (!rc)
        rc = scoot_buf_printf(o, "# HELP scoot_http_connections_open Connections open now.\n"
                                 "# TYPE scoot_http_connections_open gauge\n"
                                 "scoot_http_connections_open %lu\n"
                                 "# HELP scoot_http_connections_refused_total Connections answered 503 and "
                                 "closed at once because too many were open.\n"
                                 "# TYPE scoot_http_connections_refused_total counter\n"
                                 "scoot_http_connections_refused_total %lu\n"
                                 "# HELP scoot_http_connections_timed_out_total Connections closed because a "
                                 "request's headers, body or answer took longer than its deadline.\n"
                                 "# TYPE scoot_http_connections_timed_out_total counter\n"
                                 "scoot_http_connections_timed_out_total %lu\n",
                              cs->open, cs->refused, cs->timed_out);
    return rc;
}
