/* plan.c: the care schedule (due items, done, adherence) and the per-cat summary. */
#include "../core/setup.h"

#include <math.h>
#include <stdio.h>
#include <time.h>
#include <stdlib.h>

#include "../core/text.h"
#include "../kb/entries.h"
#include "journal_int.h"
#include "scoot/alloc.h"
#include "scoot/error.h"
#include "scoot/time.h"

#define DAY 86400
#define MAX_DAYS 366

/* Bytes for a text of n characters (UTF-8: up to 4 bytes each) and its NUL. */
#define TEXT_BYTES(n) (4 * (n) + 1)

/* One scheduled item: a care item of the latest plan, or a medicine course. */
typedef struct {
    char item[TEXT_BYTES(100)];       /* care id, or the medicine's name (100 characters) */
    char title[2 * TEXT_BYTES(100)]; /* the name and dose, or the care's title */
    int is_medicine;
    int64_t course;  /* medicine event id */
    int64_t start;   /* local day */
    int days;        /* 0: ongoing */
    int64_t end;     /* the local day it is no longer due from (a vet visit); INT64_MAX: none */
    int per_day;
    uint16_t done[MAX_DAYS];
} sched;

/* The vet visits of a cat: the latest, and the recheck still open. A visit books a
 * recheck (its "recheck" date, from its own day on); a later visit closes it when it is on or
 * after that date or says it was the recheck ("recheck_done"), and one that books its own
 * replaces it. Any other visit in between (a vaccination) leaves it open. */
typedef struct {
    scoot_time t;     /* the latest visit; 0: none */
    int64_t id;
    char last_clinic[TEXT_BYTES(200)];
    int64_t by;       /* the visit that booked the open recheck; 0: none */
    scoot_time by_t;
    int64_t day;      /* its local day */
    char clinic[TEXT_BYTES(200)]; /* the clinic of the booking visit */
    char date[11];    /* YYYY-MM-DD */
} visits;

typedef struct {
    sched *v;
    int n, cap;
    json_t *plan;    /* the latest assessment's result.care */
    scoot_time plan_t;
    scoot_time plan_visit_t; /* the first vet visit at or after the plan, which ends it; 0: none */
    visits vet;
    int64_t today; /* the local day it is built for */
    int oom;
} schedule;

/* A recheck open this many days past its date is dropped (no longer due). */
#define RECHECK_DAYS 60

/* Copies src into dst (n bytes) whole, or cut at a character's start when it is longer (a
 * text from an older journal or a KB): never half a UTF-8 sequence, which JSON refuses. */
static void text_copy(char *dst, size_t n, const char *src)
{
    size_t len = src ? strlen(src) : 0;
    if (len >= n) {
        len = n - 1;
        while (len && ((unsigned char)src[len] & 0xC0) == 0x80)
            len--;
    }
    memcpy(dst, src ? src : "", len);
    dst[len] = '\0';
}

static sched *add_item(schedule *s)
{
    if (s->n == s->cap) {
        int cap = s->cap ? s->cap * 2 : 8;
        sched *v = scoot_realloc(s->v, (size_t)cap * sizeof *v);
        if (!v) {
            s->oom = 1;
            return NULL;
        }
        s->v = v;
        s->cap = cap;
    }
    sched *x = &s->v[s->n++];
    memset(x, 0, sizeof *x);
    return x;
}

/* The latest assessment with a care plan (the scan runs newest first and stops at it). */
static int latest_assessment_cb(void *ud, const scoot_event *e)
{
    schedule *s = ud;
    json_t *d = json_loads(e->data, 0, NULL);
    json_t *care = d ? json_object_get(json_object_get(d, "result"), "care") : NULL;
    if (care) {
        s->plan = json_incref(care);
        s->plan_t = e->t;
    }
    json_decref(d);
    return care != NULL;
}

/* The first vet visit at or after the plan's assessment: the vet's word replaces the plan. */
static int plan_visit_cb(void *ud, const scoot_event *e)
{
    schedule *s = ud;
    s->plan_visit_t = e->t;
    return 1; /* (the first is enough) */
}

static int64_t date_day(const char *date)
{
    int y, m, d;
    if (!date || scoot_date_parse(date, &y, &m, &d, NULL))
        return INT64_MIN;
    return scoot_time_local_day(scoot_time_local_date(y, m, d, 12));
}

/* The visits read newest first, back to the one that booked the latest recheck: what a visit
 * books stays open until a later one closes it or books its own, so the visits before that one
 * change nothing. */
typedef struct {
    visits *v;
    int64_t latest_day; /* the latest local day of the visits read so far (all later than this one) */
    int done;           /* one of them says it was the recheck */
} visits_back;

static int visits_cb(void *ud, const scoot_event *e)
{
    visits_back *b = ud;
    visits *v = b->v;
    json_t *d = json_loads(e->data, 0, NULL);
    if (!d)
        return 0;
    int64_t day = scoot_time_local_day(e->t);
    const char *clinic = json_string_value(json_object_get(d, "clinic"));
    if (!v->id) { /* (the first read is the latest) */
        v->t = e->t;
        v->id = e->id;
        text_copy(v->last_clinic, sizeof v->last_clinic, clinic);
    }
    const char *re = json_string_value(json_object_get(d, "recheck"));
    int64_t rd = date_day(re);
    int books = rd != INT64_MIN && rd >= day; /* (one dated before its visit books nothing) */
    /* open unless a later visit is on or after its date or says it was the recheck */
    if (books && !b->done && !(b->latest_day >= rd)) {
        v->by = e->id;
        v->by_t = e->t;
        v->day = rd;
        text_copy(v->clinic, sizeof v->clinic, clinic);
        snprintf(v->date, sizeof v->date, "%s", re);
    }
    if (day > b->latest_day)
        b->latest_day = day;
    b->done |= json_is_true(json_object_get(d, "recheck_done"));
    json_decref(d);
    return books; /* (the visits before it change nothing) */
}

/* The visits up to now and the day ahead that an entry may be timed in (as the care and doses
 * done are counted); a recheck RECHECK_DAYS days or more past is closed. */
static int read_visits(scoot_journal *j, const char *cat, scoot_time now, visits *v, scoot_buf *err)
{
    memset(v, 0, sizeof *v);
    visits_back b = {v, INT64_MIN, 0};
    int rc = scoot_journal_scan_page(j, cat, 0, now + SCOOT__MAX_FUTURE + 1, "vet_visit", NULL, 1,
                                     0, visits_cb, &b, err);
    if (rc == 1)
        rc = SCOOT_OK;
    if (!rc && v->by && scoot_time_local_day(now) - v->day >= RECHECK_DAYS)
        v->by = 0;
    return rc;
}

/* Logs the open recheck of v as done at t: a vet visit at the clinic that booked it. */
static int recheck_done(scoot_journal *j, const char *cat, const visits *v, scoot_time t,
                        int64_t *id, scoot_buf *err)
{
    if (!v->by) {
        if (err)
            scoot_buf_printf(err, "'recheck' is not due for %s: no vet visit has booked a recheck "
                                  "that is still open\n", cat);
        return SCOOT_ENOENT;
    }
    if (t < v->by_t) {
        char when[32];
        scoot_time_format_local(v->by_t, when, sizeof when);
        if (err)
            scoot_buf_printf(err, "t: the recheck cannot be done before the visit that booked it "
                                  "(entry %lld, %s)\n", (long long)v->by, when);
        return SCOOT_ERANGE;
    }
    json_t *d = json_pack("{s:b}", "recheck_done", 1);
    char note[80], *text = NULL;
    if (d && v->clinic[0])
        json_object_set_new(d, "clinic", json_string(v->clinic));
    snprintf(note, sizeof note, "The recheck booked for %s", v->date);
    int rc = d && (text = json_dumps(d, JSON_COMPACT)) ? SCOOT_OK : SCOOT_ENOMEM;
    if (!rc)
        rc = scoot_journal_event_add(j, cat, "vet_visit", t, text, note, id, err);
    scoot_free(text);
    json_decref(d);
    return rc;
}

/* The day of x's plan or course that today is (0: its first), or -1 when x is not active. */
static int64_t active_day(const sched *x, int64_t today)
{
    int64_t off = today - x->start;
    return off < 0 || off >= MAX_DAYS || (x->days && off >= x->days) || today >= x->end ? -1 : off;
}

/* A medicine course, kept when it is active today (s->today): one that is not is never due. */
static int medicine_cb(void *ud, const scoot_event *e)
{
    schedule *s = ud;
    json_t *d = json_loads(e->data, 0, NULL);
    if (!d)
        return 0;
    sched *x = add_item(s);
    if (x) {
        text_copy(x->item, sizeof x->item, json_string_value(json_object_get(d, "name")));
        const char *dose = json_string_value(json_object_get(d, "dose"));
        size_t n = strlen(x->item);
        memcpy(x->title, x->item, n + 1);
        if (dose) {
            x->title[n] = ' ';
            text_copy(x->title + n + 1, sizeof x->title - n - 1, dose);
        }
        x->is_medicine = 1;
        x->course = e->id;
        int64_t sd = date_day(json_string_value(json_object_get(d, "start")));
        x->start = sd != INT64_MIN ? sd : scoot_time_local_day(e->t);
        x->days = (int)json_integer_value(json_object_get(d, "days"));
        x->per_day = (int)json_integer_value(json_object_get(d, "times_per_day"));
        x->end = INT64_MAX;
        if (active_day(x, s->today) < 0)
            s->n--;
    }
    json_decref(d);
    return 0;
}

static void count(schedule *s, int is_medicine, const char *item, int64_t course, scoot_time t)
{
    int64_t day = scoot_time_local_day(t);
    for (int i = 0; i < s->n; i++) {
        sched *x = &s->v[i];
        if (x->is_medicine != is_medicine)
            continue;
        if (is_medicine ? x->course != course : strcmp(x->item, item) != 0)
            continue;
        int64_t off = day - x->start;
        if (off >= 0 && off < MAX_DAYS && x->done[off] < 60000)
            x->done[off]++;
    }
}

static int done_cb(void *ud, const scoot_event *e)
{
    schedule *s = ud;
    json_t *d = json_loads(e->data, 0, NULL);
    if (!d)
        return 0;
    if (!strcmp(e->kind, "care"))
        count(s, 0, json_string_value(json_object_get(d, "care")), 0, e->t);
    else if (json_object_get(d, "given") == NULL || json_is_true(json_object_get(d, "given")))
        count(s, 1, NULL, json_integer_value(json_object_get(d, "course")), e->t);
    json_decref(d);
    return 0;
}

/* Builds the schedule of one cat as of now. The latest assessment's care plan lasts as long
 * as its longest item with a number of days (an item without one, such as cleaning, lasts that
 * long too; with none, until it is replaced), and ends at the first vet visit at or after it:
 * from that visit's day, what the vet booked and prescribed is what is due. */
static int build(scoot_journal *j, const char *cat, scoot_time now, schedule *s, scoot_buf *err)
{
    memset(s, 0, sizeof *s);
    s->today = scoot_time_local_day(now);
    scoot_time end = now + SCOOT__MAX_FUTURE + 1;
    int rc = scoot_journal_scan_page(j, cat, 0, end, "assessment", NULL, 1, 0, latest_assessment_cb,
                                     s, err);
    if (rc == 1)
        rc = SCOOT_OK;
    if (!rc && s->plan) {
        rc = scoot_journal_scan(j, cat, s->plan_t, end, "vet_visit", plan_visit_cb, s, err);
        if (rc == 1)
            rc = SCOOT_OK;
    }
    if (!rc && s->plan) {
        int64_t stop = s->plan_visit_t ? scoot_time_local_day(s->plan_visit_t) : INT64_MAX;
        int plan_days = 0, first = s->n;
        size_t i;
        json_t *c;
        json_array_foreach(s->plan, i, c)
        {
            json_t *sch = json_object_get(c, "schedule");
            int per = (int)json_integer_value(json_object_get(sch, "times_per_day"));
            if (per <= 0)
                continue;
            sched *x = add_item(s);
            if (!x)
                break;
            text_copy(x->item, sizeof x->item, json_string_value(json_object_get(c, "id")));
            const char *title = json_string_value(json_object_get(c, "title"));
            text_copy(x->title, sizeof x->title, title ? title : x->item);
            x->start = scoot_time_local_day(s->plan_t);
            x->days = (int)json_integer_value(json_object_get(sch, "days"));
            x->per_day = per;
            x->end = stop;
            if (x->days > plan_days)
                plan_days = x->days;
        }
        for (int k = first; k < s->n; k++)
            if (!s->v[k].days)
                s->v[k].days = plan_days;
    }
    if (!rc)
        rc = scoot_journal_scan(j, cat, 0, end, "medicine", medicine_cb, s, err);
    if (!rc)
        rc = read_visits(j, cat, now, &s->vet, err);
    /* what was done is counted for the items active today (the others are never shown), from
     * the first day of the earliest: at most a year */
    int64_t first = INT64_MAX;
    for (int i = 0; i < s->n; i++)
        if (s->v[i].start < first && active_day(&s->v[i], s->today) >= 0)
            first = s->v[i].start;
    if (!rc && first != INT64_MAX) {
        scoot_time from = (scoot_time)(first - 1) * DAY;
        rc = scoot_journal_scan(j, cat, from, end, "care", done_cb, s, err);
        if (!rc)
            rc = scoot_journal_scan(j, cat, from, end, "dose", done_cb, s, err);
    }
    if (!rc && s->oom)
        rc = SCOOT_ENOMEM;
    return rc;
}

static void release(schedule *s)
{
    json_decref(s->plan);
    scoot_free(s->v);
}

/* Appends the items of one cat that are active today to arr. */
static int due_items(const char *cat, const schedule *s, scoot_time now, json_t *arr)
{
    int64_t today = scoot_time_local_day(now);
    for (int i = 0; i < s->n; i++) {
        const sched *x = &s->v[i];
        int64_t off = active_day(x, today);
        if (off < 0)
            continue;
        int done_today = x->done[off];
        long planned = 0, done = 0, overdue = 0;
        for (int64_t d = 0; d <= off; d++) {
            planned += x->per_day;
            done += x->done[d] < x->per_day ? x->done[d] : x->per_day;
            if (d < off && x->done[d] < x->per_day)
                overdue += x->per_day - x->done[d];
        }
        json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:i, s:i, s:i, s:i, s:i, s:f}", "cat", cat,
                              "item", x->item, "title", x->title, "kind",
                              x->is_medicine ? "medicine" : "care", "planned_today", x->per_day,
                              "done_today", done_today, "remaining_today",
                              done_today < x->per_day ? x->per_day - done_today : 0, "overdue",
                              (int)overdue, "day", (int)off + 1, "adherence",
                              planned ? round((double)done / (double)planned * 100) / 100 : 1.0);
        if (!o)
            return SCOOT_ENOMEM;
        if (x->days)
            json_object_set_new(o, "days", json_integer(x->days));
        if (x->is_medicine)
            json_object_set_new(o, "course", json_integer(x->course));
        json_array_append_new(arr, o);
    }
    if (s->vet.by && today >= s->vet.day) {
        char title[32 + TEXT_BYTES(200)];
        snprintf(title, sizeof title, "Recheck with the vet%s%s", s->vet.clinic[0] ? " at " : "",
                 s->vet.clinic);
        json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:i, s:i, s:i, s:i, s:s, s:I, s:I}", "cat", cat,
                              "item", "recheck", "title", title, "kind", "recheck",
                              "planned_today", 1, "done_today", 0, "remaining_today", 1,
                              "overdue", 0, "recheck", s->vet.date, "days_late",
                              (json_int_t)(today - s->vet.day), "visit", (json_int_t)s->vet.by);
        if (!o || json_array_append_new(arr, o))
            return SCOOT_ENOMEM;
    }
    return SCOOT_OK;
}

static int names_cb(void *ud, const scoot__cat_row *row)
{
    return json_array_append_new(ud, json_string(row->name)) ? SCOOT_ENOMEM : 0;
}

static int due_impl(scoot_journal *j, const char *cat, scoot_time now, scoot_buf *out,
                    scoot_buf *err)
{
    json_t *names = json_array(), *arr = json_array();
    int rc = names && arr ? SCOOT_OK : SCOOT_ENOMEM;
    /* one state of the journal for the list of cats and each one's plan: a cat removed
     * between the two made the whole answer "no cat named ..." (found under load by
     * bench/soak.sh) */
    int reading = 0;
    if (!rc && (rc = j->be->begin_read(j->db)) != SCOOT_OK)
        rc = scoot__j_fail(j, rc, "reading the journal", err);
    else if (!rc)
        reading = 1;
    if (!rc && cat) {
        char why[160];
        if (!scoot__text_ok(cat, why, sizeof why)) { /* (jansson would refuse it: not memory) */
            if (err)
                scoot_buf_printf(err, "cat: %s", why);
            rc = SCOOT_EINVAL;
        } else {
            rc = json_array_append_new(names, json_string(cat)) ? SCOOT_ENOMEM : SCOOT_OK;
        }
    } else if (!rc)
        rc = j->be->cat_scan(j->db, j->hh, names_cb, names);
    size_t i;
    json_t *n;
    json_array_foreach(names, i, n)
    {
        if (rc)
            break;
        schedule s;
        rc = build(j, json_string_value(n), now, &s, err);
        if (!rc)
            rc = due_items(json_string_value(n), &s, now, arr);
        release(&s);
    }
    if (reading)
        j->be->rollback(j->db);
    if (!rc)
        rc = scoot__dump(arr, out);
    json_decref(names);
    json_decref(arr);
    return rc;
}

static int done_impl(scoot_journal *j, const char *cat, const char *item, scoot_time t,
                     int64_t *id, scoot_buf *err)
{
    schedule s;
    int rc = build(j, cat, t, &s, err);
    if (rc) {
        release(&s);
        return rc;
    }
    int64_t today = scoot_time_local_day(t);
    const sched *hit = NULL;
    char *end;
    long long num = strtoll(item, &end, 10);
    for (int i = 0; i < s.n && !hit; i++) {
        const sched *x = &s.v[i];
        if (active_day(x, today) < 0)
            continue;
        if (!strcasecmp(x->item, item) || (x->is_medicine && !*end && num == x->course))
            hit = x;
    }
    char data[160];
    if (!hit && !strcasecmp(item, "recheck")) {
        /* open as of now (a visit logged since may have closed it), done at t */
        visits v;
        scoot_time now = scoot_time_now();
        rc = read_visits(j, cat, now > t ? now : t, &v, err);
        if (!rc)
            rc = recheck_done(j, cat, &v, t, id, err);
        release(&s);
        return rc;
    }
    if (hit && hit->is_medicine) {
        snprintf(data, sizeof data, "{\"course\": %lld, \"given\": true}", (long long)hit->course);
        rc = scoot_journal_event_add(j, cat, "dose", t, data, NULL, id, err);
    } else if (hit) {
        json_t *d = json_pack("{s:s}", "care", hit->item);
        char *text = d ? json_dumps(d, JSON_COMPACT) : NULL;
        rc = text ? scoot_journal_event_add(j, cat, "care", t, text, NULL, id, err) : SCOOT_ENOMEM;
        scoot_free(text);
        json_decref(d);
    } else {
        if (err) {
            scoot_buf_printf(err, "'%s' is not due for %s today", item, cat);
            /* an item of the plan that has ended: why */
            for (int i = 0; i < s.n; i++) {
                const sched *x = &s.v[i];
                if (x->is_medicine || strcasecmp(x->item, item) || today < x->start)
                    continue;
                char from[32], to[32];
                scoot_time_format_local(s.plan_t, from, sizeof from);
                from[10] = '\0';
                if (today >= x->end) {
                    scoot_time_format_local(s.plan_visit_t, to, sizeof to);
                    to[10] = '\0';
                    scoot_buf_printf(err, ": the care planned at the check of %s ended with the "
                                          "vet visit of %s", from, to);
                } else if (x->days && today - x->start >= x->days) {
                    scoot_buf_printf(err, ": the care planned at the check of %s ended after its "
                                          "%d days", from, x->days);
                }
                break;
            }
            int any = 0;
            for (int i = 0; i < s.n; i++) {
                if (active_day(&s.v[i], today) < 0)
                    continue;
                scoot_buf_printf(err, "%s%s", any ? ", " : " (due: ", s.v[i].item);
                any = 1;
            }
            if (s.vet.by && today >= s.vet.day) {
                scoot_buf_printf(err, "%srecheck", any ? ", " : " (due: ");
                any = 1;
            }
            scoot_buf_adds(err, any ? ")\n" : "; nothing is due that day\n");
        }
        rc = SCOOT_ENOENT;
    }
    release(&s);
    return rc;
}

/* ---- summary ---- */

typedef struct {
    scoot_time now;
    int weeks[8];
    double stool_sum[2];
    int stool_n[2];
    int latest_stool;
    scoot_time latest_stool_t;
    double w_first, w_last;
    scoot_time w_first_t, w_last_t;
    json_t *last_assessment;
    scoot_time last_assessment_t;
    int n_events;
} summ;

static int summary_cb(void *ud, const scoot_event *e)
{
    summ *s = ud;
    s->n_events++;
    scoot_time age = s->now - e->t;
    if (!strcmp(e->kind, "episode")) {
        if (age >= 0 && age < 8 * 7 * DAY)
            s->weeks[7 - age / (7 * DAY)]++;
        return 0;
    }
    if (strcmp(e->kind, "stool") && strcmp(e->kind, "weight") && strcmp(e->kind, "assessment"))
        return 0;
    json_t *d = json_loads(e->data, 0, NULL);
    if (!d)
        return 0;
    if (!strcmp(e->kind, "stool")) {
        int sc = (int)scoot__stool_purina((int)json_integer_value(json_object_get(d, "score")),
                                          json_string_value(json_object_get(d, "chart")));
        s->latest_stool = sc;
        s->latest_stool_t = e->t;
        if (age >= 0 && age < 14 * DAY) {
            int w = age < 7 * DAY ? 0 : 1;
            s->stool_sum[w] += sc;
            s->stool_n[w]++;
        }
    } else if (!strcmp(e->kind, "weight")) {
        double kg = json_number_value(json_object_get(d, "kg"));
        if (age <= 90 * DAY && !s->w_first_t) {
            s->w_first = kg;
            s->w_first_t = e->t;
        }
        s->w_last = kg;
        s->w_last_t = e->t;
    } else {
        json_decref(s->last_assessment);
        s->last_assessment = json_incref(d);
        s->last_assessment_t = e->t;
    }
    json_decref(d);
    return 0;
}

/* The latest assessment that can be read (the scan runs newest first and stops at it). */
static int older_assessment_cb(void *ud, const scoot_event *e)
{
    summ *s = ud;
    json_t *d = json_loads(e->data, 0, NULL);
    if (!d)
        return 0;
    s->last_assessment = d;
    s->last_assessment_t = e->t;
    return 1;
}

static int summary_impl(scoot_journal *j, const char *cat, scoot_time now, scoot_buf *out,
                        scoot_buf *err)
{
    scoot__cat_row row;
    int rc = scoot__j_cat(j, cat, &row, err);
    if (rc)
        return rc;
    json_t *o = json_object(), *profile = scoot__cat_json(&row, now, 0);
    summ s;
    memset(&s, 0, sizeof s);
    s.now = now;
    rc = o && profile ? SCOOT_OK : SCOOT_ENOMEM;
    if (!rc)
        rc = scoot_journal_scan(j, cat, now - 90 * (scoot_time)DAY, now + SCOOT__MAX_FUTURE + 1,
                                NULL, summary_cb, &s, err);
    if (!rc && !s.last_assessment) { /* an older one: the latest */
        rc = scoot_journal_scan_page(j, cat, 0, now + 1, "assessment", NULL, 1, 0,
                                     older_assessment_cb, &s, err);
        if (rc == 1)
            rc = SCOOT_OK;
    }
    char iso[32];
    if (!rc) {
        json_object_set_new(o, "cat", json_incref(profile));
        json_t *weeks = json_array();
        for (int w = 0; w < 8; w++) {
            scoot__iso(now - (scoot_time)(7 - w) * 7 * DAY - 7 * DAY + 1, iso, sizeof iso);
            iso[10] = '\0';
            json_array_append_new(weeks, json_pack("{s:s, s:i}", "from", iso, "episodes",
                                                   s.weeks[w]));
        }
        json_object_set_new(o, "episodes_per_week", weeks);
        json_t *stool = json_object();
        if (s.latest_stool_t) {
            scoot__iso(s.latest_stool_t, iso, sizeof iso);
            json_object_set_new(stool, "latest", json_integer(s.latest_stool));
            json_object_set_new(stool, "latest_t", json_string(iso));
        }
        const char *trend = "unknown";
        if (s.stool_n[0] && s.stool_n[1]) {
            double a = s.stool_sum[0] / s.stool_n[0], b = s.stool_sum[1] / s.stool_n[1];
            json_object_set_new(stool, "average_last_7_days", json_real(round(a * 10) / 10));
            json_object_set_new(stool, "average_days_8_to_14", json_real(round(b * 10) / 10));
            trend = a > b + 0.5 ? "looser" : a < b - 0.5 ? "firmer" : "steady";
        }
        json_object_set_new(stool, "trend", json_string(trend));
        json_object_set_new(o, "stool", stool);
        json_t *weight = json_object();
        if (s.w_last_t) {
            json_object_set_new(weight, "latest_kg", json_real(s.w_last));
            if (s.w_first_t && s.w_first_t != s.w_last_t && s.w_first > 0) {
                double pct = (s.w_last - s.w_first) / s.w_first * 100;
                json_object_set_new(weight, "change_90_days_percent", json_real(round(pct * 10) / 10));
                json_object_set_new(weight, "trend", json_string(pct > 5 ? "gaining" : pct < -5
                                                                                 ? "losing"
                                                                                 : "steady"));
            }
        }
        json_object_set_new(o, "weight", weight);
        if (s.last_assessment) {
            json_t *res = json_object_get(s.last_assessment, "result");
            json_t *cause0 = json_array_get(json_object_get(res, "causes"), 0);
            scoot__iso(s.last_assessment_t, iso, sizeof iso);
            json_object_set_new(
                o, "last_assessment",
                json_pack("{s:s, s:O?, s:O?, s:O?, s:O?, s:O?}", "t", iso, "level",
                          json_object_get(json_object_get(res, "triage"), "level"), "level_label",
                          json_object_get(json_object_get(res, "triage"), "label"), "top_cause",
                          json_object_get(cause0, "id"), "top_cause_name",
                          json_object_get(cause0, "name"), "kb_version",
                          json_object_get(s.last_assessment, "kb_version")));
        }
    }
    json_decref(s.last_assessment);
    visits v;
    if (!rc)
        rc = read_visits(j, cat, now, &v, err);
    if (!rc && v.t) {
        scoot__iso(v.t, iso, sizeof iso);
        json_t *lv = json_pack("{s:I, s:s}", "id", (json_int_t)v.id, "t", iso);
        if (lv && v.last_clinic[0])
            json_object_set_new(lv, "clinic", json_string(v.last_clinic));
        if (!lv || json_object_set_new(o, "last_vet_visit", lv))
            rc = SCOOT_ENOMEM;
    }
    if (!rc && v.by) {
        json_t *re = json_pack("{s:s, s:I, s:I}", "date", v.date, "visit", (json_int_t)v.by,
                               "days_until", (json_int_t)(v.day - scoot_time_local_day(now)));
        if (re && v.clinic[0])
            json_object_set_new(re, "clinic", json_string(v.clinic));
        if (!re || json_object_set_new(o, "recheck", re))
            rc = SCOOT_ENOMEM;
    }
    if (!rc) {
        scoot_buf due;
        scoot_buf_init(&due, 0);
        rc = scoot_journal_due(j, cat, now, &due, err);
        json_t *d = rc ? NULL : json_loads(due.data, 0, NULL);
        if (d)
            json_object_set_new(o, "care_due", d);
        scoot_buf_free(&due);
    }
    if (!rc) {
        scoot_buf cb;
        scoot_buf_init(&cb, 0);
        rc = scoot_journal_concerns(j, cat, now, 0, &cb, err);
        json_t *cn = rc ? NULL : json_loads(cb.data, 0, NULL);
        if (!rc && (!cn || json_object_set_new(o, "concerns", cn)))
            rc = SCOOT_ENOMEM;
        scoot_buf_free(&cb);
    }
    if (!rc)
        rc = scoot__dump(o, out);
    json_decref(profile);
    json_decref(o);
    return rc;
}

int scoot_journal_due(scoot_journal *j, const char *cat, scoot_time now, scoot_buf *out,
                      scoot_buf *err)
{
    SCOOT__GUARDED(j, err, due_impl(j, cat, now, out, err));
}

int scoot_journal_done(scoot_journal *j, const char *cat, const char *item, scoot_time t,
                       int64_t *id, scoot_buf *err)
{
    SCOOT__GUARDED(j, err, done_impl(j, cat, item, t, id, err));
}

int scoot_journal_summary(scoot_journal *j, const char *cat, scoot_time now, scoot_buf *out,
                          scoot_buf *err)
{
    SCOOT__GUARDED(j, err, summary_impl(j, cat, now, out, err));
}
