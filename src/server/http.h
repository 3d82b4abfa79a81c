/* http.h: the transport: libmicrohttpd's daemon and its callbacks. A request's state starts
 * when its target is seen, its head is checked on the handler's first call (request.h), its
 * body gathered, its answer made by the routes (routes.h) and sent with the security headers;
 * when it completes it is counted in the metrics and written to the access log. */
#ifndef SCOOT_SERVER_HTTP_H
#define SCOOT_SERVER_HTTP_H

#include <netinet/in.h>

#include "server.h"

/* Starts the daemon for s on addr with threads workers (s->conns must be started): SCOOT_OK,
 * or SCOOT_EIO with errno set. */
int scoot__http_start(scoot_server *s, const struct sockaddr_in *addr, unsigned threads, unsigned max_conns);

/* The port the daemon listens on (the one the system chose for port 0). */
int scoot__http_port(scoot_server *s);

/* Stops taking connections, answers what is in flight (each answer closes its connection),
 * then stops the daemon: once nothing is in flight and no connection is open, or nothing has
 * been in flight for a quarter of a second, or after 5 s at most. */
void scoot__http_stop(scoot_server *s);

#endif
