/* api.h: the /api/v1 handlers (and /healthz, /metrics): thin adapters from a request to the
 * engine and the journal, and the little state they share across requests. */
#ifndef SCOOT_SERVER_API_H
#define SCOOT_SERVER_API_H

#include <pthread.h>
#include <stdatomic.h>

#include "request.h"

/* What the handlers keep across requests, one per server. */
typedef struct {
    /* /healthz: the journal's state, checked again after each database error answered */
    pthread_mutex_t health_lock;
    atomic_ulong health_errors_seen; /* the db-error count at the last check (ULONG_MAX: none) */
    atomic_int health_damaged;
    char health_why[512];            /* under health_lock */
    /* GET /api/v1/kb: the KB's JSON, made on the first request */
    pthread_mutex_t kb_lock;
    atomic_int kb_made;
    scoot_buf kb_json;
} scoot__api;

void scoot__api_init(scoot__api *a);
void scoot__api_free(scoot__api *a);

int scoot__h_healthz(scoot__req *q);
int scoot__h_metrics(scoot__req *q);
int scoot__h_kb(scoot__req *q);
int scoot__h_assess(scoot__req *q);
int scoot__h_cats_list(scoot__req *q);
int scoot__h_cats_add(scoot__req *q);
int scoot__h_cat_get(scoot__req *q);
int scoot__h_cat_edit(scoot__req *q);
int scoot__h_cat_delete(scoot__req *q);
int scoot__h_events_list(scoot__req *q);
int scoot__h_events_add(scoot__req *q);
int scoot__h_event_get(scoot__req *q);
int scoot__h_event_edit(scoot__req *q);
int scoot__h_event_delete(scoot__req *q);
int scoot__h_history(scoot__req *q);
int scoot__h_cat_assess(scoot__req *q);
int scoot__h_assessments(scoot__req *q);
int scoot__h_summary(scoot__req *q);
int scoot__h_due(scoot__req *q);
int scoot__h_done(scoot__req *q);
int scoot__h_plan_ics(scoot__req *q);
int scoot__h_fhir(scoot__req *q);
int scoot__h_report_pdf(scoot__req *q);
int scoot__h_report_html(scoot__req *q);
int scoot__h_export(scoot__req *q);
int scoot__h_import(scoot__req *q);

#endif
