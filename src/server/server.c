/* server.c: the server as an object (see server.h): made from its settings, run until a signal,
 * freed. The files beside it do the work: http.c (libmicrohttpd), request.c and parse.c (a
 * request checked), routes.c (dispatch), api.c and static.c (the answers), metrics.c,
 * worker.c (each thread's journal, engine and log buffer), accesslog.c, conns.c (the guard). */
#include "../core/setup.h"

#include <arpa/inet.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include <jansson.h>

#include "conns.h"
#include "http.h"
#include "routes.h"
#include "scoot/alloc.h"
#include "scoot/error.h"
#include "server_int.h"

int scoot_server_new(const scoot_server_config *cfg, scoot_server **out)
{
    scoot_server *s = scoot_calloc(1, sizeof *s);
    *out = NULL;
    if (!s)
        return SCOOT_ENOMEM;
    s->cfg = *cfg;
    if (scoot__metrics_init(&s->metrics, scoot__routes, scoot__n_routes)) {
        scoot_free(s);
        return SCOOT_ENOMEM;
    }
    scoot__log_init(&s->log, cfg->access_log, cfg->access_log_buffer, cfg->access_log_flush_ms,
                    &s->metrics.log_lines_lost);
    if (scoot__workers_init(&s->workers, cfg->db, cfg->kb, &s->log)) {
        scoot__log_free(&s->log);
        scoot__metrics_free(&s->metrics);
        scoot_free(s);
        return SCOOT_ENOMEM;
    }
    scoot__api_init(&s->api);
    s->hosts.allow = cfg->allow_hosts;
    s->hosts.n_allow = cfg->n_allow_hosts;
    atomic_init(&s->stopping, 0);
    atomic_init(&s->in_flight, 0);
    *out = s;
    return SCOOT_OK;
}

void scoot_server_free(scoot_server *s)
{
    if (!s)
        return;
    assert(!s->daemon && !s->conns); /* (scoot_server_run has stopped them) */
    scoot__workers_free(&s->workers); /* (writes the log buffers out) */
    scoot__api_free(&s->api);
    scoot__log_free(&s->log);
    scoot__metrics_free(&s->metrics);
    scoot_free(s);
}

/* Descriptors kept for the rest of the process: standard streams, the listening socket, each
 * worker's wake-up pipe and journal (database, WAL and shared-memory files), the access log,
 * and the connections that get a 503 past the cap while they close. */
static unsigned reserved_fds(int threads)
{
    return 64u + 8u * (unsigned)threads + 64u;
}

/* The connections the descriptor limit leaves room for, once its soft value is raised to the
 * hard one. */
static unsigned connection_room(int threads)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl))
        return 256;
    if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < rl.rlim_max) {
        rlim_t want = rl.rlim_max;
        rl.rlim_cur = want;
        if (setrlimit(RLIMIT_NOFILE, &rl) || getrlimit(RLIMIT_NOFILE, &rl))
            (void)getrlimit(RLIMIT_NOFILE, &rl);
    }
    rlim_t fds = rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > 1000000 ? 1000000 : rl.rlim_cur;
    rlim_t reserve = reserved_fds(threads);
    return fds > reserve + 16 ? (unsigned)(fds - reserve) : 16;
}

/* Reads --listen into *addr and s->listen_host: 0, or 2 having said why. */
static int listen_address(scoot_server *s, struct sockaddr_in *addr)
{
    const char *listen = s->cfg.listen;
    const char *colon = strrchr(listen, ':');
    if (!colon || colon == listen || !colon[1]) {
        fprintf(stderr, "scoot serve: --listen must be ADDRESS:PORT, e.g. 127.0.0.1:8080\n");
        return 2;
    }
    char host[128];
    snprintf(host, sizeof host, "%.*s", (int)(colon - listen), listen);
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (*end || port < 0 || port > 65535) {
        fprintf(stderr, "scoot serve: bad port '%s'\n", colon + 1);
        return 2;
    }
    memset(addr, 0, sizeof *addr);
    addr->sin_family = AF_INET;
    addr->sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, strcmp(host, "localhost") ? host : "127.0.0.1", &addr->sin_addr) != 1) {
        fprintf(stderr, "scoot serve: '%s' is not an IPv4 address\n", host);
        return 2;
    }
    snprintf(s->listen_host, sizeof s->listen_host, "%s", host);
    s->hosts.listen = s->listen_host;
    return 0;
}

/* Waits for SIGINT or SIGTERM (blocked in every thread), writing out the access log's buffers
 * whose oldest line has waited its time, ten times a second (a busy worker writes its own). */
static int wait_for_signal(scoot_server *s, const sigset_t *sigs)
{
    int buffered = s->log.fd >= 0 && s->log.buffer;
    for (;;) {
        int sig;
        if (!buffered) {
            if (sigwait(sigs, &sig) == 0)
                return sig;
            continue;
        }
        struct timespec tick = {0, 100 * 1000 * 1000};
        sig = sigtimedwait(sigs, NULL, &tick);
        if (sig > 0)
            return sig;
        scoot__workers_flush_logs(&s->workers, 0);
    }
}

int scoot_server_run(scoot_server *s)
{
    const scoot_server_config *cfg = &s->cfg;
    struct sockaddr_in addr;
    int st = listen_address(s, &addr);
    if (st)
        return st;
    /* the journal must open before we say we serve */
    scoot_journal *probe;
    scoot_buf err;
    scoot_buf_init(&err, 0);
    if (scoot_journal_open(cfg->db, cfg->kb, &probe, &err)) {
        char shown[512];
        scoot_journal_target_shown(cfg->db, shown, sizeof shown);
        fprintf(stderr, "%sscoot serve: cannot open the journal %s\n", scoot_buf_str(&err), shown);
        scoot_buf_free(&err);
        return 1;
    }
    scoot_buf_free(&err);
    scoot_journal_close(probe);
    json_object_seed(0);

    int threads = cfg->threads > 0 ? cfg->threads : 2;
    unsigned room = connection_room(threads);
    unsigned max_conns = cfg->max_connections ? cfg->max_connections : (room < 10000 ? room : 10000);
    if (max_conns > room) {
        fprintf(stderr, "scoot serve: --max-connections %u is more than the descriptor limit leaves room "
                        "for; serving at most %u (raise it with ulimit -n)\n",
                max_conns, room);
        max_conns = room;
    }
    scoot__conns_config guard = {cfg->header_timeout * 1000u, cfg->body_timeout * 1000u, cfg->timeout * 1000u,
                                 max_conns};
    int grc = scoot__conns_start(&guard, &s->conns);
    if (grc) {
        fprintf(stderr, "scoot serve: cannot start a thread: %s\n", strerror(grc));
        return 1;
    }

    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL); /* MHD's threads inherit the mask */
    signal(SIGPIPE, SIG_IGN);

    if (scoot__http_start(s, &addr, (unsigned)threads, max_conns)) {
        fprintf(stderr, "scoot serve: cannot listen on %s: %s\n", cfg->listen, strerror(errno));
        scoot__conns_stop(s->conns);
        s->conns = NULL;
        return 1;
    }
    int port = ntohs(addr.sin_port) ? ntohs(addr.sin_port) : scoot__http_port(s);
    char shown[512];
    scoot_journal_target_shown(cfg->db, shown, sizeof shown);
    printf("scoot is serving http://%s:%d/ (journal %s); Ctrl-C stops it\n", s->listen_host, port, shown);
    fflush(stdout);
    int sig = wait_for_signal(s, &sigs);
    fprintf(stderr, "scoot serve: %s received, finishing requests in flight\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    scoot__http_stop(s);
    scoot__conns_stop(s->conns);
    s->conns = NULL;
    scoot__workers_flush_logs(&s->workers, 1);
    return 0;
}
