/* routes.h: the table of routes (method, path pattern, handler) and the dispatch of a request
 * whose head and body are in: routing, the checks of the body before a handler runs (size,
 * media type, nesting), 404 and 405 with Allow, and the web app's files for the rest. */
#ifndef SCOOT_SERVER_ROUTES_H
#define SCOOT_SERVER_ROUTES_H

#include <stdio.h>

#include "request.h"

/* A handler fills q->out (and content_type) and returns the HTTP status. */
typedef int (*scoot__handler)(scoot__req *q);

typedef struct {
    const char *method, *path;
    scoot__handler fn;
} scoot__route;

extern const scoot__route scoot__routes[];
extern const int scoot__n_routes;

/* q->route of a request answered from the web app's files, and of one no route took. */
#define SCOOT__ROUTE_STATIC  (-2)
#define SCOOT__ROUTE_UNKNOWN (-1)

/* Answers q (head checked by scoot__req_start, body read): returns the status, the answer in
 * q->out. Runs the handler with the client's UTC offset, if it gave one. */
int scoot__route_dispatch(scoot__req *q);

/* Prints the routes, "METHOD PATH" one per line (the OpenAPI document must list the same). */
void scoot_server_print_routes(FILE *f);

#endif
