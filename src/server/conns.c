/* conns.c: the guard on connections. libmicrohttpd's connection timeout counts idle time only,
 * so a client that sends a header line every few seconds would hold its connection for ever,
 * and a few thousand such clients would take every connection the server has. The guard gives
 * each request a deadline for its headers and its body (counted from the connection's start for
 * its first request, from the request line for a later one) and for sending its answer, and a
 * thread closes the connections past theirs: a 408 that says so, then shutdown(), which makes
 * MHD see the end of the connection and close it. Connections past the cap on open ones get a
 * 503 at once and are closed, rather than waiting in the listen queue. */
#include "../core/setup.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/socket.h>
#include <time.h>

#include "conns.h"
#include "scoot/alloc.h"

/* Where a connection is. The deadline and the phase share one word, so that the thread that
 * serves the connection and the guard's thread change them with one compare-and-swap. */
enum {
    PH_NEW,      /* no request line yet (the first request) */
    PH_HEADERS,  /* request line in, headers coming */
    PH_BODY,     /* headers in, body coming */
    PH_WORK,     /* request in, scoot at work on it (no deadline: the client waits on scoot) */
    PH_ANSWER,   /* answer queued, being sent */
    PH_IDLE,     /* between two requests (keep-alive) */
    PH_OVER_CAP, /* over the cap: 503 sent, closing */
    PH_CLOSED,   /* closed by the guard over a deadline */
};
#define PHASE(w)              ((int)((w)&15u))
#define DEADLINE(w)           ((w) >> 4)
#define WORD(deadline, phase) ((uint64_t)(deadline) << 4 | (uint64_t)(phase))

struct scoot__conn {
    scoot__conns *g;
    scoot__conn *prev, *next;
    int fd;
    int later;      /* a request has been answered on this connection */
    uint64_t start; /* ms: when the current request started */
    _Atomic uint64_t word; /* deadline (ms) << 4 | phase */
};

struct scoot__conns {
    scoot__conns_config cfg;
    pthread_mutex_t lock;
    scoot__conn *head; /* under lock */
    pthread_t thread;
    int running;       /* under lock */
    pthread_cond_t wake;
    atomic_ulong n_open, n_refused, n_timed_out;
};

static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* Sends a whole small answer on fd, if the socket takes it now (it is new or quiet, so its
 * buffer is empty); the connection is closed right after in any case. */
static void send_canned(int fd, int status, const char *reason, const char *code, const char *msg)
{
    char body[256], all[512];
    int nb = snprintf(body, sizeof body,
                      "{\"error\":{\"code\":\"%s\",\"message\":\"%s\",\"field\":null}}", code, msg);
    int n = snprintf(all, sizeof all,
                     "HTTP/1.1 %d %s\r\nConnection: close\r\nContent-Type: application/json\r\n"
                     "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n%s"
                     "Content-Length: %d\r\n\r\n%s",
                     status, reason, status == 503 ? "Retry-After: 1\r\n" : "", nb, body);
    if (n > 0 && (size_t)n < sizeof all)
        (void)!send(fd, all, (size_t)n, MSG_NOSIGNAL | MSG_DONTWAIT);
}

/* Moves k to phase ph with the given deadline, from any phase but the guard's own. */
static int set_phase(scoot__conn *k, int ph, uint64_t deadline)
{
    if (!k)
        return 1;
    uint64_t w = atomic_load_explicit(&k->word, memory_order_acquire);
    for (;;) {
        if (PHASE(w) == PH_OVER_CAP || PHASE(w) == PH_CLOSED)
            return 0;
        if (atomic_compare_exchange_weak_explicit(&k->word, &w, WORD(deadline, ph), memory_order_acq_rel,
                                                  memory_order_acquire))
            return 1;
    }
}

/* Closes the connections past their deadlines; the lock is held. */
static void sweep(scoot__conns *g, uint64_t now)
{
    for (scoot__conn *k = g->head; k; k = k->next) {
        uint64_t w = atomic_load_explicit(&k->word, memory_order_acquire);
        int ph = PHASE(w);
        if (ph == PH_CLOSED || now < DEADLINE(w))
            continue;
        if (!atomic_compare_exchange_strong_explicit(&k->word, &w, WORD(0, PH_CLOSED), memory_order_acq_rel,
                                                    memory_order_acquire))
            continue; /* it moved on just now: next round */
        if (ph == PH_NEW || ph == PH_HEADERS)
            send_canned(
                k->fd, 408, "Request Timeout", "timeout",
                "the request's headers did not arrive in time (scoot serve --header-timeout)");
        else if (ph == PH_BODY)
            send_canned(k->fd, 408, "Request Timeout", "timeout",
                        "the request's body did not arrive in time (scoot serve --body-timeout)");
        /* (an answer not taken in time, an idle connection dripping a request line, or one over
         * the cap that still sends: closed without more words) */
        shutdown(k->fd, SHUT_RDWR); /* MHD's poll() sees the end; MHD closes it */
        if (ph != PH_OVER_CAP)
            atomic_fetch_add_explicit(&g->n_timed_out, 1, memory_order_relaxed);
    }
}

static void *guard_main(void *arg)
{
    scoot__conns *g = arg;
    pthread_mutex_lock(&g->lock);
    while (g->running) {
        sweep(g, now_ms());
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 100 * 1000 * 1000; /* ten rounds a second */
        if (ts.tv_nsec >= 1000 * 1000 * 1000) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000 * 1000 * 1000;
        }
        pthread_cond_timedwait(&g->wake, &g->lock, &ts);
    }
    pthread_mutex_unlock(&g->lock);
    return NULL;
}

int scoot__conns_start(const scoot__conns_config *c, scoot__conns **out)
{
    scoot__conns *g = scoot_calloc(1, sizeof *g);
    *out = NULL;
    if (!g)
        return ENOMEM;
    g->cfg = *c;
    pthread_mutex_init(&g->lock, NULL);
    pthread_cond_init(&g->wake, NULL);
    atomic_init(&g->n_open, 0);
    atomic_init(&g->n_refused, 0);
    atomic_init(&g->n_timed_out, 0);
    g->running = 1;
    int rc = pthread_create(&g->thread, NULL, guard_main, g);
    if (rc) {
        g->running = 0;
        scoot__conns_stop(g);
        return rc;
    }
    *out = g;
    return 0;
}

void scoot__conns_stop(scoot__conns *g)
{
    if (!g)
        return;
    pthread_mutex_lock(&g->lock);
    int was = g->running;
    g->running = 0;
    pthread_cond_signal(&g->wake);
    pthread_mutex_unlock(&g->lock);
    if (was)
        pthread_join(g->thread, NULL);
    assert(!g->head); /* (MHD has closed every connection) */
    pthread_cond_destroy(&g->wake);
    pthread_mutex_destroy(&g->lock);
    scoot_free(g);
}

void scoot__conns_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                         enum MHD_ConnectionNotificationCode toe)
{
    scoot__conns *g = cls;
    if (toe == MHD_CONNECTION_NOTIFY_CLOSED) {
        scoot__conn *k = *socket_context;
        if (!k)
            return;
        pthread_mutex_lock(&g->lock); /* (MHD closes the descriptor after this returns) */
        if (k->prev)
            k->prev->next = k->next;
        else
            g->head = k->next;
        if (k->next)
            k->next->prev = k->prev;
        pthread_mutex_unlock(&g->lock);
        atomic_fetch_sub_explicit(&g->n_open, 1, memory_order_relaxed);
        scoot_free(k);
        *socket_context = NULL;
        return;
    }
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
    scoot__conn *k = scoot_calloc(1, sizeof *k);
    if (!k || !ci) { /* no record, no deadline: not kept */
        scoot_free(k);
        if (ci)
            shutdown(ci->connect_fd, SHUT_RDWR);
        return;
    }
    k->g = g;
    k->fd = ci->connect_fd;
    k->start = now_ms();
    unsigned long open = atomic_fetch_add_explicit(&g->n_open, 1, memory_order_relaxed) + 1;
    if (g->cfg.max_open && open > g->cfg.max_open) {
        /* The answer, then the end of the sending side only: the client reads the 503 rather
         * than a reset; a second later the guard closes what is left. */
        send_canned(k->fd, 503, "Service Unavailable", "unavailable",
                    "the server has too many connections open; try again in a moment");
        shutdown(k->fd, SHUT_WR);
        k->word = WORD(k->start + 1000, PH_OVER_CAP);
        atomic_fetch_add_explicit(&g->n_refused, 1, memory_order_relaxed);
    } else
        k->word = WORD(k->start + g->cfg.header_ms, PH_NEW);
    pthread_mutex_lock(&g->lock);
    k->next = g->head;
    if (g->head)
        g->head->prev = k;
    g->head = k;
    pthread_mutex_unlock(&g->lock);
    *socket_context = k;
}

scoot__conn *scoot__conns_of(struct MHD_Connection *c)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return ci ? ci->socket_context : NULL;
}

int scoot__conns_request_line(scoot__conn *k)
{
    if (!k)
        return 1;
    if (k->later) /* the first request's clock started with the connection */
        k->start = now_ms();
    return set_phase(k, PH_HEADERS, k->start + k->g->cfg.header_ms);
}

int scoot__conns_headers_done(scoot__conn *k)
{
    return !k || set_phase(k, PH_BODY, k->start + k->g->cfg.body_ms);
}

int scoot__conns_working(scoot__conn *k)
{
    return !k || set_phase(k, PH_WORK, UINT64_MAX >> 4);
}

int scoot__conns_answering(scoot__conn *k)
{
    return !k || set_phase(k, PH_ANSWER, now_ms() + k->g->cfg.body_ms);
}

void scoot__conns_request_done(scoot__conn *k)
{
    if (!k)
        return;
    k->later = 1;
    /* MHD's idle timeout closes a quiet connection; this deadline, a little later, closes one
     * that drips a request line */
    set_phase(k, PH_IDLE, now_ms() + k->g->cfg.idle_ms + k->g->cfg.header_ms);
}

int scoot__conns_closed_status(const scoot__conn *k)
{
    if (!k)
        return 0;
    int ph = PHASE(atomic_load_explicit(&k->word, memory_order_acquire));
    return ph == PH_CLOSED ? 408 : ph == PH_OVER_CAP ? 503 : 0;
}

void scoot__conns_get_stats(scoot__conns *g, scoot__conns_stats *s)
{
    if (!g) {
        memset(s, 0, sizeof *s);
        return;
    }
    s->open = atomic_load_explicit(&g->n_open, memory_order_relaxed);
    s->refused = atomic_load_explicit(&g->n_refused, memory_order_relaxed);
    s->timed_out = atomic_load_explicit(&g->n_timed_out, memory_order_relaxed);
}
