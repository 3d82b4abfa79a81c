/* http.c: the transport over libmicrohttpd (see http.h): the daemon, the request's callbacks,
 * the answer with its security headers, and libmicrohttpd's own messages. */
#include "../core/setup.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "conns.h"
#include "http.h"
#include "metrics.h"
#include "request.h"
#include "routes.h"
#include "scoot/alloc.h"
#include "scoot/error.h"
#include "server_int.h"
#include "worker.h"

/* A request as the transport keeps it (MHD's *con_cls). */
typedef struct {
    scoot__req q;
    struct timespec start;
    int started;       /* the first call of the handler (headers only) has been made */
    size_t discarded;  /* body bytes read past the cap */
    scoot__conn *conn; /* the guard's record of the connection (conns.c); may be NULL */
} conn_state;

/* The body cap is read past by at most this much (a chunked upload has no length to refuse up
 * front); then the connection is dropped. */
#define DISCARD_MAX ((size_t)16 * SCOOT__MAX_BODY)

/* Connections answered 503 past the cap while they close: MHD's own limit is this much higher
 * than the guard's. */
#define OVER_CAP_SLACK 64u

static enum MHD_Result send_response(struct MHD_Connection *c, conn_state *st, int status)
{
    scoot__req *q = &st->q;
    if (!scoot__conns_answering(st->conn))
        return MHD_NO; /* the guard has closed it (a deadline passed) */
    size_t len = q->out.len;
    char *body = scoot_buf_detach(&q->out);
    struct MHD_Response *r = body ? MHD_create_response_from_buffer_with_free_callback(len, body, scoot_free)
                                  : MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    if (!r) {
        scoot_free(body);
        return MHD_NO;
    }
    MHD_add_response_header(r, "Content-Security-Policy",
                            q->csp ? q->csp
                                   : "default-src 'self'; script-src 'self'; style-src 'self'; "
                                     "img-src 'self' data:; connect-src 'self'; base-uri 'none'; "
                                     "form-action 'self'; frame-ancestors 'none'");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    if (status != 204)
        MHD_add_response_header(r, "Content-Type", q->content_type ? q->content_type : "application/json");
    MHD_add_response_header(r, "Cache-Control", q->cache ? q->cache : "no-store");
    if (q->allow)
        MHD_add_response_header(r, "Allow", q->allow);
    if (q->disposition && status == 200)
        MHD_add_response_header(r, "Content-Disposition", q->disposition);
    if (q->close || atomic_load_explicit(&q->srv->stopping, memory_order_relaxed))
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
    enum MHD_Result ok = MHD_queue_response(c, (unsigned)status, r);
    MHD_destroy_response(r);
    q->status = status;
    q->sent_bytes = strcmp(q->method ? q->method : "", "HEAD") ? len : 0; /* HEAD: headers only */
    return ok;
}

/* Called by MHD with the request target as sent, before it decodes anything: the request's
 * state starts here (MHD hands it to the handler as *con_cls and to completed()). Runs in the
 * worker thread that serves the connection. */
static void *uri_seen(void *cls, const char *uri, struct MHD_Connection *c)
{
    scoot_server *s = cls;
    conn_state *st = scoot_calloc(1, sizeof *st);
    if (!st)
        return NULL;
    if (scoot__req_init(&st->q, s, uri, strlen(uri))) {
        scoot_free(st);
        return NULL;
    }
    st->q.worker = scoot__worker_mine(&s->workers);
    clock_gettime(CLOCK_MONOTONIC, &st->start);
    st->conn = scoot__conns_of(c);
    scoot__conns_request_line(st->conn); /* (the handler finds out if it is closed) */
    atomic_fetch_add_explicit(&s->in_flight, 1, memory_order_relaxed);
    return st;
}

static enum MHD_Result gather(void *cls, enum MHD_ValueKind kind, const char *key, size_t key_size,
                              const char *value, size_t value_size)
{
    (void)kind;
    (void)key_size;
    scoot__head_add(cls, key, value, value_size);
    return MHD_YES;
}

/* The address the client connected to (scoot__hosts' local_ip): ctx is the connection. */
static int local_ip(void *ctx, char *buf, size_t cap)
{
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(ctx, MHD_CONNECTION_INFO_CONNECTION_FD);
    struct sockaddr_in a;
    socklen_t len = sizeof a;
    return ci && !getsockname(ci->connect_fd, (struct sockaddr *)&a, &len) && a.sin_family == AF_INET &&
           inet_ntop(AF_INET, &a.sin_addr, buf, (socklen_t)cap);
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                               const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
    scoot_server *s = cls;
    (void)url; /* decoded by MHD; routing uses the raw target instead */
    conn_state *st = *con_cls;
    if (!st)
        return MHD_NO; /* out of memory in uri_seen */
    scoot__req *q = &st->q;
    if (!st->started) {
        if (!scoot__conns_headers_done(st->conn))
            return MHD_NO; /* past its deadline: the guard has closed it */
        st->started = 1;
        q->method = method;
        scoot__head h;
        memset(&h, 0, sizeof h);
        MHD_get_connection_values_n(c, MHD_HEADER_KIND, gather, &h);
        scoot__hosts hosts = s->hosts;
        hosts.local_ip = local_ip;
        hosts.ctx = c;
        int status = scoot__req_start(q, version, &h, &hosts);
        return status ? send_response(c, st, status) : MHD_YES;
    }
    if (scoot__conns_closed_status(st->conn))
        return MHD_NO;
    if (*upload_size) {
        if (!q->too_large && scoot_buf_add(&q->body, upload, *upload_size) != SCOOT_OK)
            q->too_large = 1;
        if (q->too_large && (st->discarded += *upload_size) > DISCARD_MAX)
            return MHD_NO;
        *upload_size = 0;
        return MHD_YES;
    }
    if (!scoot__conns_working(st->conn))
        return MHD_NO; /* (closed by the guard just now) */
    return send_response(c, st, scoot__route_dispatch(q));
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
    scoot_server *s = cls;
    conn_state *st = *con_cls;
    if (!st)
        return;
    struct timespec end;
    clock_gettime(CLOCK_MONOTONIC, &end);
    double secs = (double)(end.tv_sec - st->start.tv_sec) + (double)(end.tv_nsec - st->start.tv_nsec) * 1e-9;
    /* the guard's answer (408, 503) to a request it closed before scoot's */
    int guard = st->q.status ? 0 : scoot__conns_closed_status(st->conn);
    if (guard) {
        st->q.status = guard;
        st->started = 1;
    }
    if (st->started) { /* MHD answered the others itself (a header too long, say) */
        scoot__metrics_request(&s->metrics, st->q.route, st->q.status, secs);
        if (s->log.fd >= 0) {
            const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
            char ip[64] = "-";
            if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET)
                inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr, ip, sizeof ip);
            uint64_t now_ms = (uint64_t)end.tv_sec * 1000u + (uint64_t)end.tv_nsec / 1000000u;
            scoot__log_request(&s->log, st->q.worker ? &st->q.worker->log : NULL, now_ms, ip,
                               st->q.method ? st->q.method : "-", st->q.raw, st->q.status, st->q.sent_bytes, secs);
        }
    }
    scoot__req_free(&st->q);
    if (toe == MHD_REQUEST_TERMINATED_COMPLETED_OK)
        scoot__conns_request_done(st->conn);
    scoot_free(st);
    *con_cls = NULL;
    atomic_fetch_sub_explicit(&s->in_flight, 1, memory_order_relaxed);
}

/* libmicrohttpd's own messages, less those that the guard on connections makes routine: a
 * connection closed at its deadline, one over a cap, a request given up on. Thousands of slow
 * clients must not flood the log (the metrics count them). */
__attribute__((format(printf, 2, 0))) static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    static const char *const routine[] = {"Connection socket is closed", "reached connection limit",
                                          "Application reported internal error"};
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    for (size_t i = 0; i < SCOOT_ARRAY_LEN(routine); i++)
        if (strstr(msg, routine[i]))
            return;
    fprintf(stderr, "scoot serve: libmicrohttpd: %s%s", msg, strchr(msg, '\n') ? "" : "\n");
}

int scoot__http_start(scoot_server *s, const struct sockaddr_in *addr, unsigned threads, unsigned max_conns)
{
    /* A pool of worker threads that each poll() their connections. Not MHD's epoll mode: with
     * libmicrohttpd 0.9.75 (Debian 12) and a thread pool, epoll mode now and then leaves every
     * connection with a request unread while all workers sleep in epoll_wait, until the clients
     * give up (seen under wrk at 256 connections about once in 45 runs of a second; poll() mode
     * never stalled in 575 such runs, at the same speed). */
    s->daemon = MHD_start_daemon(
        MHD_USE_POLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG, ntohs(addr->sin_port), NULL, NULL, handler,
        s, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL, /* (first, so that it gets every message) */
        MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)addr,
        MHD_OPTION_THREAD_POOL_SIZE, threads,
        MHD_OPTION_CONNECTION_TIMEOUT, s->cfg.timeout,
        /* the guard answers 503 past max_conns; MHD's own limit, a little higher, stops taking
         * connections from the listen queue */
        MHD_OPTION_CONNECTION_LIMIT, max_conns + OVER_CAP_SLACK,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, s->cfg.max_per_client,
        MHD_OPTION_NOTIFY_CONNECTION, scoot__conns_notify, s->conns,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(16 * 1024),
        MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024,
        MHD_OPTION_NOTIFY_COMPLETED, completed, s,
        MHD_OPTION_URI_LOG_CALLBACK, uri_seen, s,
        MHD_OPTION_END);
    return s->daemon ? SCOOT_OK : SCOOT_EIO;
}

int scoot__http_port(scoot_server *s)
{
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    return di ? di->port : 0;
}

void scoot__http_stop(scoot_server *s)
{
    /* From now on every answer closes its connection, and no new connection is taken; the
     * requests in flight, and those that keep-alive clients send before they see the close,
     * are answered. */
    atomic_store_explicit(&s->stopping, 1, memory_order_relaxed);
    MHD_socket ls = MHD_quiesce_daemon(s->daemon);
    if (ls != MHD_INVALID_SOCKET)
        close(ls);
    for (int i = 0, quiet = 0; i < 100 && quiet < 5; i++) {
        const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
        int busy = atomic_load_explicit(&s->in_flight, memory_order_relaxed) > 0;
        if (!busy && di && di->num_connections == 0)
            break;
        quiet = busy ? 0 : quiet + 1;
        struct timespec ts = {0, 50 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    MHD_stop_daemon(s->daemon);
    s->daemon = NULL;
}
