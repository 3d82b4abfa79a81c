/* routes.c: the routes of the API and their dispatch (see routes.h). */
#include "../core/setup.h"

#include <stdio.h>

#include "api.h"
#include "routes.h"
#include "scoot/alloc.h"
#include "scoot/time.h"
#include "static.h"

const scoot__route scoot__routes[] = {
    {"GET", "/healthz", scoot__h_healthz},
    {"GET", "/metrics", scoot__h_metrics},
    {"GET", "/api/v1/kb", scoot__h_kb},
    {"POST", "/api/v1/assess", scoot__h_assess},
    {"GET", "/api/v1/cats", scoot__h_cats_list},
    {"POST", "/api/v1/cats", scoot__h_cats_add},
    {"GET", "/api/v1/cats/{name}", scoot__h_cat_get},
    {"PATCH", "/api/v1/cats/{name}", scoot__h_cat_edit},
    {"DELETE", "/api/v1/cats/{name}", scoot__h_cat_delete},
    {"GET", "/api/v1/cats/{name}/events", scoot__h_events_list},
    {"POST", "/api/v1/cats/{name}/events", scoot__h_events_add},
    {"GET", "/api/v1/events/{id}", scoot__h_event_get},
    {"PATCH", "/api/v1/events/{id}", scoot__h_event_edit},
    {"DELETE", "/api/v1/events/{id}", scoot__h_event_delete},
    {"GET", "/api/v1/cats/{name}/history", scoot__h_history},
    {"POST", "/api/v1/cats/{name}/assess", scoot__h_cat_assess},
    {"GET", "/api/v1/cats/{name}/assessments", scoot__h_assessments},
    {"GET", "/api/v1/cats/{name}/summary", scoot__h_summary},
    {"GET", "/api/v1/due", scoot__h_due},
    {"POST", "/api/v1/cats/{name}/done", scoot__h_done},
    {"GET", "/api/v1/cats/{name}/plan.ics", scoot__h_plan_ics},
    {"GET", "/api/v1/cats/{name}/fhir", scoot__h_fhir},
    {"GET", "/api/v1/cats/{name}/report.pdf", scoot__h_report_pdf},
    {"GET", "/api/v1/cats/{name}/report.html", scoot__h_report_html},
    {"GET", "/api/v1/export", scoot__h_export},
    {"POST", "/api/v1/import", scoot__h_import},
};
const int scoot__n_routes = (int)SCOOT_ARRAY_LEN(scoot__routes);

void scoot_server_print_routes(FILE *f)
{
    for (int i = 0; i < scoot__n_routes; i++)
        fprintf(f, "%s %s\n", scoot__routes[i].method, scoot__routes[i].path);
}

/* The method a route of method rm answers: its own, and HEAD where it answers GET. */
static int method_ok(const char *rm, const char *method)
{
    return !strcmp(rm, method) || (!strcmp(method, "HEAD") && !strcmp(rm, "GET"));
}

/* Runs route r's handler once the body passed its checks. */
static int run(scoot__req *q, int r)
{
    int has_body = !strcmp(q->method, "POST") || !strcmp(q->method, "PATCH");
    if (q->too_large)
        return scoot__too_large(q);
    if (has_body && !scoot__is_json_type(q->req_type))
        return scoot__error(q, 415, "unsupported_media_type", NULL,
                            "send the body as Content-Type: application/json");
    if (has_body && scoot__json_too_deep(q->body.data, q->body.len, SCOOT__MAX_DEPTH))
        return scoot__error(q, 400, "malformed_json", NULL, "JSON nested deeper than %d levels",
                            SCOOT__MAX_DEPTH);
    /* room for the short answer of a write (api.c, short_answer), taken before it writes */
    if ((has_body || !strcmp(q->method, "DELETE")) &&
        scoot_buf_reserve(&q->out, SCOOT__SHORT_ANSWER) != SCOOT_OK)
        return scoot__error(q, 500, "internal", NULL, "out of memory");
    if (q->has_offset)
        scoot_time_use_utc_offset(q->offset_min);
    int status = scoot__routes[r].fn(q);
    scoot_time_use_local_zone();
    return status;
}

int scoot__route_dispatch(scoot__req *q)
{
    const char *method = q->method;
    int any_path = 0, r;
    for (r = 0; r < scoot__n_routes; r++) {
        if (!scoot__path_match(scoot__routes[r].path, q->raw, q->raw_path, q->params, &q->n_params))
            continue;
        any_path = 1;
        if (method_ok(scoot__routes[r].method, method))
            break;
    }
    if (r < scoot__n_routes) {
        q->route = r;
        return run(q, r);
    }
    if (any_path) {
        char allow[64] = "";
        for (int k = 0; k < scoot__n_routes; k++) {
            int np;
            char tmp[2][256];
            if (scoot__path_match(scoot__routes[k].path, q->raw, q->raw_path, tmp, &np))
                snprintf(allow + strlen(allow), sizeof allow - strlen(allow), "%s%s%s", allow[0] ? ", " : "",
                         scoot__routes[k].method, strcmp(scoot__routes[k].method, "GET") ? "" : ", HEAD");
        }
        scoot_free(q->allow);
        q->allow = scoot_strdup(allow);
        return scoot__error(q, 405, "method_not_allowed", NULL, "%s is not allowed on %s (allowed: %s)", method,
                            q->url, allow);
    }
    if (!strncmp(q->url, "/api/", 5))
        return scoot__error(q, 404, "not_found", NULL, "no route %s %s", method, q->url);
    if (!strcmp(method, "GET") || !strcmp(method, "HEAD")) {
        q->route = SCOOT__ROUTE_STATIC;
        return scoot__static(q);
    }
    scoot_free(q->allow);
    q->allow = scoot_strdup("GET, HEAD");
    return scoot__error(q, 405, "method_not_allowed", NULL, "%s is not allowed on %s", method, q->url);
}
