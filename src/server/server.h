/* server.h: `scoot serve`: the JSON API and the web app over libmicrohttpd. */
#ifndef SCOOT_SERVER_H
#define SCOOT_SERVER_H

#include <stdio.h>

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
    FILE *access_log;       /* NULL: none */
    const char *const *allow_hosts; /* Host names taken besides loopback ones (--allow-host) */
    int n_allow_hosts;
} scoot_server_config;

/* Runs until SIGINT or SIGTERM; then lets requests in flight finish and closes the
 * databases. Returns an exit status (0 after a clean shutdown). */
int scoot_server_run(const scoot_server_config *cfg);

/* Prints the routes, "METHOD PATH" one per line (the OpenAPI document must list the same). */
void scoot_server_print_routes(FILE *f);

#endif
