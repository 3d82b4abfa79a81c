/* server.h: `scoot serve`: the JSON API and the web app over libmicrohttpd, as an object: its
 * state (settings, metrics, workers, access log, the guard on connections) lives in one
 * scoot_server, so that a program or a test may make several, and a fuzzer may answer
 * requests through it without a socket (request.h, routes.h). */
#ifndef SCOOT_SERVER_H
#define SCOOT_SERVER_H

#include <stddef.h>

#include "scoot/kb.h"

typedef struct {
    const char *listen;     /* "127.0.0.1:8080" */
    const char *db;         /* journal path */
    const scoot_kb *kb;
    int threads;            /* worker threads (MHD's pool) */
    unsigned timeout;       /* seconds of idle before a connection is closed */
    unsigned header_timeout; /* seconds for a request's headers (from the connection's start) */
    unsigned body_timeout;  /* seconds for its headers and body together, and to send the answer */
    unsigned max_per_client; /* connections open at once from one address; 0: no cap */
    unsigned max_connections; /* connections open at once; 0: what the descriptor limit allows */
    int access_log;         /* a descriptor open for writing (O_APPEND for a file); -1: none */
    size_t access_log_buffer; /* bytes each worker gathers before it writes; 0: each line at once */
    unsigned access_log_flush_ms; /* the longest a line waits in a buffer */
    const char *const *allow_hosts; /* Host names taken besides loopback ones (--allow-host) */
    int n_allow_hosts;
} scoot_server_config;

typedef struct scoot_server scoot_server;

/* Makes a server in *out (caller frees with scoot_server_free): copies cfg; its strings, the
 * KB and the log's descriptor are borrowed and must outlive the server. Opens nothing yet.
 * SCOOT_OK or SCOOT_ENOMEM. */
int scoot_server_new(const scoot_server_config *cfg, scoot_server **out);

/* Listens on cfg->listen and serves until SIGINT or SIGTERM; then lets requests in flight
 * finish and writes the access log out. Returns an exit status (0 after a clean shutdown, 1
 * when it cannot serve, 2 for a --listen it cannot use), having said why on standard error. */
int scoot_server_run(scoot_server *s);

/* Writes what the access log holds, closes the journals and frees s. s may be NULL. */
void scoot_server_free(scoot_server *s);

#endif
