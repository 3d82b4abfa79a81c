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
    scoot__conn *prev, *next;
    int fd;
    int later;      /* a request has been answered on this connection */
    uint64_t start; /* ms: when the current request started */
    uint64_t word;  /* deadline (ms) << 4 | phase; atomic */
};

static scoot__conns_config cfg;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static scoot__conn *head;
static pthread_t guard;
static int running; /* under lock */
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static unsigned long n_open, n_refused, n_timed_out; /* atomic */

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
    uint64_t w = __atomic_load_n(&k->word, __ATOMIC_ACQUIRE);
    for (;;) {
        if (PHASE(w) == PH_OVER_CAP || PHASE(w) == PH_CLOSED)
            return 0;
        if (__atomic_compare_exchange_n(&k->word, &w, WORD(deadline, ph), 0, __ATOMIC_ACQ_REL,
                                        __ATOMIC_ACQUIRE))
            return 1;
    }
}

/* Closes the connections past their deadlines; the lock is held. */
static void sweep(uint64_t now)
{
    for (scoot__conn *k = head; k; k = k->next) {
        uint64_t w = __atomic_load_n(&k->word, __ATOMIC_ACQUIRE);
        int ph = PHASE(w);
        if (ph == PH_CLOSED || now < DEADLINE(w))
            continue;
        if (!__atomic_compare_exchange_n(&k->word, &w, WORD(0, PH_CLOSED), 0, __ATOMIC_ACQ_REL,
                                         __ATOMIC_ACQUIRE))
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
            __atomic_add_fetch(&n_timed_out, 1, __ATOMIC_RELAXED);
    }
}

static void *guard_main(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&lock);
    while (running) {
        sweep(now_ms());
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 100 * 1000 * 1000; /* ten rounds a second */
        if (ts.tv_nsec >= 1000 * 1000 * 1000) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000 * 1000 * 1000;
        }
        pthread_cond_timedwait(&wake, &lock, &ts);
    }
    pthread_mutex_unlock(&lock);
    return NULL;
}

int scoot__conns_start(const scoot__conns_config *c)
{
    cfg = *c;
    running = 1;
    int rc = pthread_create(&guard, NULL, guard_main, NULL);
    if (rc)
        running = 0;
    return rc;
}

void scoot__conns_stop(void)
{
    pthread_mutex_lock(&lock);
    int was = running;
    running = 0;
    pthread_cond_signal(&wake);
    pthread_mutex_unlock(&lock);
    if (was)
        pthread_join(guard, NULL);
}

void scoot__conns_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                         enum MHD_ConnectionNotificationCode toe)
{
    (void)cls;
    if (toe == MHD_CONNECTION_NOTIFY_CLOSED) {
        scoot__conn *k = *socket_context;
        if (!k)
            return;
        pthread_mutex_lock(&lock); /* (MHD closes the descriptor after this returns) */
        if (k->prev)
            k->prev->next = k->next;
        else
            head = k->next;
        if (k->next)
            k->next->prev = k->prev;
        pthread_mutex_unlock(&lock);
        __atomic_sub_fetch(&n_open, 1, __ATOMIC_RELAXED);
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
    k->fd = ci->connect_fd;
    k->start = now_ms();
    unsigned long open = __atomic_add_fetch(&n_open, 1, __ATOMIC_RELAXED);
    if (cfg.max_open && open > cfg.max_open) {
        /* The answer, then the end of the sending side only: the client reads the 503 rather
         * than a reset; a second later the guard closes what is left. */
        send_canned(k->fd, 503, "Service Unavailable", "unavailable",
                    "the server has too many connections open; try again in a moment");
        shutdown(k->fd, SHUT_WR);
        k->word = WORD(k->start + 1000, PH_OVER_CAP);
        __atomic_add_fetch(&n_refused, 1, __ATOMIC_RELAXED);
    } else
        k->word = WORD(k->start + cfg.header_ms, PH_NEW);
    pthread_mutex_lock(&lock);
    k->next = head;
    if (head)
        head->prev = k;
    head = k;
    pthread_mutex_unlock(&lock);
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
    return set_phase(k, PH_HEADERS, k->start + cfg.header_ms);
}

int scoot__conns_headers_done(scoot__conn *k)
{
    return !k || set_phase(k, PH_BODY, k->start + cfg.body_ms);
}

int scoot__conns_working(scoot__conn *k)
{
    return !k || set_phase(k, PH_WORK, UINT64_MAX >> 4);
}

int scoot__conns_answering(scoot__conn *k)
{
    return !k || set_phase(k, PH_ANSWER, now_ms() + cfg.body_ms);
}

void scoot__conns_request_done(scoot__conn *k)
{
    if (!k)
        return;
    k->later = 1;
    /* MHD's idle timeout closes a quiet connection; this deadline, a little later, closes one
     * that drips a request line */
    set_phase(k, PH_IDLE, now_ms() + cfg.idle_ms + cfg.header_ms);
}

int scoot__conns_closed_status(const scoot__conn *k)
{
    if (!k)
        return 0;
    int ph = PHASE(__atomic_load_n(&k->word, __ATOMIC_ACQUIRE));
    return ph == PH_CLOSED ? 408 : ph == PH_OVER_CAP ? 503 : 0;
}

void scoot__conns_get_stats(scoot__conns_stats *s)
{
    s->open = __atomic_load_n(&n_open, __ATOMIC_RELAXED);
    s->refused = __atomic_load_n(&n_refused, __ATOMIC_RELAXED);
    s->timed_out = __atomic_load_n(&n_timed_out, __ATOMIC_RELAXED);
}
