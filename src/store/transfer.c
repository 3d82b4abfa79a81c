/* transfer.c: export (JSON that round-trips, CSV) and all-or-nothing import. */
#include "../core/setup.h"

#include <math.h>
#include <stdio.h>
#include <time.h>

#include "../core/text.h"
#include "../core/alloc_int.h"
#include "../kb/entries.h"
#include "journal_int.h"
#include "scoot/alloc.h"
#include "scoot/error.h"
#include "scoot/time.h"

#define FORMAT "scoot-journal"
#define FORMAT_VERSION 1

typedef struct {
    scoot_journal *j;
    json_t *cats, *events;
    int64_t only; /* the one cat's id, 0 for all */
    const char *cat_name;
    scoot_buf *err;
    int rc;
} exp_ctx;

static int exp_event_cb(void *ud, const scoot_event *e)
{
    exp_ctx *x = ud;
    json_error_t je;
    je.text[0] = '\0'; /* (jansson leaves it unset when an early allocation fails) */
    json_t *data = e->data ? json_loads(e->data, 0, &je) : NULL;
    if (!json_is_object(data)) {
        /* a damaged record: the export fails, naming it, rather than leave it out */
        if (x->err)
            scoot_buf_printf(x->err, "event %lld (%s of cat '%s'): its stored data cannot be read "
                                     "(%s): the journal is damaged; 'scoot check' says more\n",
                             (long long)e->id, e->kind ? e->kind : "?", x->cat_name,
                             data ? "not a JSON object" : e->data ? je.text : "missing");
        json_decref(data);
        return SCOOT_EDAMAGED;
    }
    char iso[32];
    scoot__iso(e->t, iso, sizeof iso);
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:o}", "id", (json_int_t)e->id, "cat", x->cat_name,
                          "kind", e->kind, "t", iso, "data", data);
    if (!o)
        return SCOOT_ENOMEM;
    if (e->note && json_object_set_new(o, "note", json_string(e->note))) {
        json_decref(o);
        return SCOOT_ENOMEM;
    }
    return json_array_append_new(x->events, o) ? SCOOT_ENOMEM : 0;
}

static int exp_cat_cb(void *ud, const scoot__cat_row *row)
{
    exp_ctx *x = ud;
    if (x->only && x->only != row->id)
        return 0;
    /* stored values, not computed ones: the file must round-trip */
    json_t *o = scoot__cat_json(row, 0, 1);
    if (!o)
        return SCOOT_ENOMEM;
    return json_array_append_new(x->cats, o) ? SCOOT_ENOMEM : 0;
}

/* Collects the cats (and their events) to export. */
static int collect(scoot_journal *j, const char *cat, exp_ctx *x, scoot_buf *err)
{
    memset(x, 0, sizeof *x);
    x->j = j;
    x->cats = json_array();
    x->events = json_array();
    if (!x->cats || !x->events)
        return SCOOT_ENOMEM;
    if (cat) {
        scoot__cat_row row;
        int rc = scoot__j_cat(j, cat, &row, err);
        if (rc)
            return rc;
        x->only = row.id;
    }
    x->err = err;
    int rc = j->be->begin_read(j->db); /* (one state of the journal for the counts below) */
    if (rc)
        return scoot__j_fail(j, rc, "reading the journal", err);
    rc = j->be->cat_scan(j->db, j->hh, exp_cat_cb, x);
    if (rc && rc != SCOOT_ENOMEM)
        scoot__j_fail(j, rc, "reading the cats", err);
    size_t i;
    json_t *c;
    json_array_foreach(x->cats, i, c)
    {
        if (rc)
            break;
        x->cat_name = json_string_value(json_object_get(c, "name"));
        size_t before = json_array_size(x->events);
        rc = scoot_journal_scan(j, x->cat_name, INT64_MIN / 2, INT64_MAX / 2, NULL, exp_event_cb,
                                x, err);
        if (rc == SCOOT_EDAMAGED && err) {
            size_t n = json_array_size(x->events);
            json_t *last = n > before ? json_array_get(x->events, n - 1) : NULL;
            if (last)
                scoot_buf_printf(err, "the export stopped in the entries (table event) of cat "
                                      "'%s' after entry %lld\n",
                                 x->cat_name, (long long)json_integer_value(json_object_get(last, "id")));
            else
                scoot_buf_printf(err, "the export stopped at the first entry (table event) of cat "
                                      "'%s'\n",
                                 x->cat_name);
        }
    }
    /* every entry there is was read: a damaged page can hide rows from a scan */
    int64_t held = 0;
    if (!rc && !cat && (rc = j->be->event_count(j->db, j->hh, &held)) != SCOOT_OK)
        scoot__j_fail(j, rc, "counting the entries", err);
    else if (!rc && !cat && held != (int64_t)json_array_size(x->events)) {
        if (err)
            scoot_buf_printf(err, "the journal holds %lld entries but only %zu could be read: it is "
                                  "damaged; 'scoot check' says more\n",
                             (long long)held, json_array_size(x->events));
        rc = SCOOT_EDAMAGED;
    }
    j->be->rollback(j->db);
    return rc;
}

static int export_json_impl(scoot_journal *j, const char *cat, scoot_buf *out, scoot_buf *err)
{
    exp_ctx x;
    int rc = collect(j, cat, &x, err);
    if (!rc) {
        char iso[32];
        scoot__iso(scoot_time_now(), iso, sizeof iso);
        json_t *doc = json_pack("{s:s, s:i, s:s, s:O, s:O}", "format", FORMAT, "version",
                                FORMAT_VERSION, "exported", iso, "cats", x.cats, "events",
                                x.events);
        char *s = doc ? json_dumps(doc, JSON_INDENT(1) | JSON_REAL_PRECISION(15)) : NULL;
        rc = s ? scoot_buf_adds(out, s) : SCOOT_ENOMEM;
        if (!rc)
            rc = scoot_buf_addc(out, '\n');
        scoot_free(s);
        json_decref(doc);
    }
    json_decref(x.cats);
    json_decref(x.events);
    return rc;
}

/* ---- CSV: one row per entry, a column per field of the table of entry kinds ---- */

/* Appends s as one CSV field (RFC 4180: quoted, quotes doubled) and the comma or CRLF after it. */
static int csv_field(scoot_buf *out, const char *s, int last)
{
    int rc = scoot_buf_addc(out, '"');
    for (; !rc && s && *s; s++)
        rc = *s == '"' ? scoot_buf_adds(out, "\"\"") : scoot_buf_addc(out, *s);
    if (!rc)
        rc = scoot_buf_adds(out, last ? "\"\r\n" : "\",");
    return rc;
}

/* The columns for the fields: each field name of the table once, in the table's order (the
 * kinds' own JSON objects, an assessment's case and result, are not columns). */
static int csv_columns(const char **names, int max)
{
    int n = 0;
    for (int k = 0; k < scoot__n_ekinds; k++)
        for (int f = 0; f < scoot__ekinds[k].n_fields; f++) {
            const scoot__efield *ef = &scoot__ekinds[k].fields[f];
            if (ef->type == SCOOT__EF_OBJECT || !strcmp(ef->name, "kb_id"))
                continue;
            int seen = 0;
            for (int i = 0; i < n; i++)
                seen |= !strcmp(names[i], ef->name);
            if (!seen && n < max)
                names[n++] = ef->name;
        }
    return n;
}

/* A field's value in words, for people reading the sheet: an option's words, a care item's or
 * cause's name, yes or no; numbers as they are. */
static int csv_value(const scoot_kb *kb, const scoot__efield *ef, json_t *v, scoot_buf *cell)
{
    int rc = 0;
    if (!v || json_is_null(v))
        return 0;
    switch (ef ? ef->type : SCOOT__EF_ANY) {
    case SCOOT__EF_CHOICE: {
        int o = json_is_string(v) ? scoot__eopt_find(ef->opts, json_string_value(v)) : -1;
        return scoot_buf_adds(cell, o >= 0 ? ef->opts[o].text : json_string_value(v));
    }
    case SCOOT__EF_CHOICES: {
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x)
        {
            int o = json_is_string(x) ? scoot__eopt_find(ef->opts, json_string_value(x)) : -1;
            if (!rc && i)
                rc = scoot_buf_adds(cell, "; ");
            if (!rc)
                rc = scoot_buf_adds(cell, o >= 0 ? ef->opts[o].text : json_string_value(x));
        }
        return rc;
    }
    case SCOOT__EF_CARE:
        for (int c = 0; c < kb->n_cares; c++)
            if (!strcmp(kb->cares[c].id, json_string_value(v)))
                return scoot_buf_adds(cell, kb->cares[c].title);
        return scoot_buf_adds(cell, json_string_value(v));
    case SCOOT__EF_CAUSES: {
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x)
        {
            const char *id = json_string_value(x), *name = id;
            for (int c = 0; id && c < kb->n_causes; c++)
                if (!strcmp(kb->causes[c].id, id))
                    name = kb->causes[c].name;
            for (int g = 0; id && g < kb->n_groups; g++)
                if (!strcmp(kb->groups[g].id, id))
                    name = kb->groups[g].name;
            if (!rc && i)
                rc = scoot_buf_adds(cell, "; ");
            if (!rc && name)
                rc = scoot_buf_adds(cell, name);
        }
        return rc;
    }
    default:
        if (json_is_string(v))
            return scoot_buf_adds(cell, json_string_value(v));
        if (json_is_boolean(v))
            return scoot_buf_adds(cell, json_is_true(v) ? "yes" : "no");
        if (json_is_integer(v))
            return scoot_buf_printf(cell, "%lld", (long long)json_integer_value(v));
        if (json_is_real(v))
            return scoot_buf_printf(cell, "%.15g", json_real_value(v));
        return 0;
    }
}

/* An assessment's level (in words) and leading cause (its name), from its stored result. */
static void csv_assessment(const scoot_kb *kb, json_t *data, const char **level, const char **cause)
{
    json_t *res = json_object_get(data, "result");
    const char *lv = json_string_value(json_object_get(json_object_get(res, "triage"), "level"));
    *level = NULL;
    for (int l = 0; lv && l < 3; l++)
        if (!strcmp(scoot_level_id((scoot_level)l), lv))
            *level = scoot_kb_level_label(kb, (scoot_level)l);
    if (lv && !*level)
        *level = lv;
    json_t *top = json_array_get(json_object_get(res, "causes"), 0);
    *cause = json_string_value(json_object_get(top, "name"));
    if (!*cause)
        *cause = json_string_value(json_object_get(top, "id"));
}

static int export_csv_impl(scoot_journal *j, const char *cat, scoot_buf *out, scoot_buf *err)
{
    exp_ctx x;
    int rc = collect(j, cat, &x, err);
    const char *cols[64];
    int nc = csv_columns(cols, (int)SCOOT_ARRAY_LEN(cols));
    /* (the header's names need no quotes) */
    if (!rc)
        rc = scoot_buf_adds(out, "id,cat,kind,time_utc,time_local");
    for (int c = 0; !rc && c < nc; c++)
        rc = scoot_buf_printf(out, ",%s", cols[c]);
    if (!rc)
        rc = scoot_buf_adds(out, ",level,leading_cause,note\r\n");
    scoot_buf cell;
    scoot_buf_init(&cell, 0);
    size_t i;
    json_t *e;
    json_array_foreach(x.events, i, e)
    {
        if (rc)
            break;
        char id[32], local[32];
        snprintf(id, sizeof id, "%lld", (long long)json_integer_value(json_object_get(e, "id")));
        scoot_time t;
        scoot_time_parse(json_string_value(json_object_get(e, "t")), 0, &t, NULL);
        scoot_time_format_local(t, local, sizeof local);
        const char *kind = json_string_value(json_object_get(e, "kind"));
        const scoot__ekind *ek = kind ? scoot__ekind_find(kind) : NULL;
        json_t *data = json_object_get(e, "data");
        rc = csv_field(out, id, 0);
        if (!rc)
            rc = csv_field(out, json_string_value(json_object_get(e, "cat")), 0);
        if (!rc)
            rc = csv_field(out, kind, 0);
        if (!rc)
            rc = csv_field(out, json_string_value(json_object_get(e, "t")), 0);
        if (!rc)
            rc = csv_field(out, local, 0);
        for (int c = 0; !rc && c < nc; c++) {
            const scoot__efield *ef = ek ? scoot__efield_find(ek, cols[c]) : NULL;
            scoot_buf_reset(&cell);
            if (ef && ef->type != SCOOT__EF_OBJECT)
                rc = csv_value(j->kb, ef, json_object_get(data, cols[c]), &cell);
            if (!rc)
                rc = csv_field(out, scoot_buf_str(&cell), 0);
        }
        const char *level = NULL, *cause = NULL;
        if (kind && !strcmp(kind, "assessment"))
            csv_assessment(j->kb, data, &level, &cause);
        if (!rc)
            rc = csv_field(out, level, 0);
        if (!rc)
            rc = csv_field(out, cause, 0);
        if (!rc)
            rc = csv_field(out, json_string_value(json_object_get(e, "note")), 1);
    }
    scoot_buf_free(&cell);
    json_decref(x.cats);
    json_decref(x.events);
    return rc;
}

/* ---- import ---- */

static int parse_iso(const char *s, scoot_time *t)
{
    return s && scoot_time_parse(s, scoot_time_now(), t, NULL) == SCOOT_OK;
}

/* ---- a structural scan of the export file ----
 * An export holds hundreds of thousands of events; as one jansson tree it would take a
 * kilobyte per event. The scan finds the byte range of each event so that events are parsed
 * (by jansson, fully checked) one at a time. Anything the scan does not understand sends the
 * whole file to jansson, whose message (line and column) is then reported. */

static size_t skip_ws(const char *s, size_t n, size_t i)
{
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
        i++;
    return i;
}

/* Index just past the value starting at i, or 0 if it is not well formed. */
static size_t skip_value(const char *s, size_t n, size_t i, int depth)
{
    if (i >= n || depth > 64)
        return 0;
    if (s[i] == '"') {
        for (i++; i < n; i++) {
            if (s[i] == '\\')
                i++;
            else if (s[i] == '"')
                return i + 1;
        }
        return 0;
    }
    if (s[i] == '{' || s[i] == '[') {
        char close = s[i] == '{' ? '}' : ']';
        int obj = s[i] == '{';
        i = skip_ws(s, n, i + 1);
        if (i < n && s[i] == close)
            return i + 1;
        for (;;) {
            if (obj) {
                if (i >= n || s[i] != '"' || !(i = skip_value(s, n, i, depth + 1)))
                    return 0;
                i = skip_ws(s, n, i);
                if (i >= n || s[i] != ':')
                    return 0;
                i = skip_ws(s, n, i + 1);
            }
            if (!(i = skip_value(s, n, i, depth + 1)))
                return 0;
            i = skip_ws(s, n, i);
            if (i < n && s[i] == close)
                return i + 1;
            if (i >= n || s[i] != ',')
                return 0;
            i = skip_ws(s, n, i + 1);
        }
    }
    size_t b = i;
    while (i < n && !strchr(",}] \t\n\r", s[i]))
        i++;
    return i > b ? i : 0;
}

/* Finds the "events" array of the top-level object: [*ev_start, *ev_end) is the array.
 * 1 if the file is well formed as far as the scan sees (events may be absent: *ev_start 0). */
static int find_events(const char *s, size_t n, size_t *ev_start, size_t *ev_end)
{
    *ev_start = *ev_end = 0;
    size_t i = skip_ws(s, n, 0);
    if (i >= n || s[i] != '{')
        return 0;
    i = skip_ws(s, n, i + 1);
    if (i < n && s[i] == '}')
        return skip_ws(s, n, i + 1) == n;
    for (;;) {
        size_t k = i;
        if (i >= n || s[i] != '"' || !(i = skip_value(s, n, i, 1)))
            return 0;
        int is_events = i - k == 8 && !memcmp(s + k, "\"events\"", 8);
        i = skip_ws(s, n, i);
        if (i >= n || s[i] != ':')
            return 0;
        i = skip_ws(s, n, i + 1);
        size_t v = i;
        if (!(i = skip_value(s, n, i, 1)))
            return 0;
        if (is_events && s[v] == '[') {
            *ev_start = v;
            *ev_end = i;
        }
        i = skip_ws(s, n, i);
        if (i < n && s[i] == '}')
            return skip_ws(s, n, i + 1) == n;
        if (i >= n || s[i] != ',')
            return 0;
        i = skip_ws(s, n, i + 1);
    }
}

static int import_json(scoot_journal *j, const char *json, size_t len, const char *name,
                       int *n_cats, int *n_events, scoot_buf *err)
{
    if (!name)
        name = "import";
    json_error_t je;
    size_t ev_start, ev_end;
    json_t *doc = NULL;
    if (find_events(json, len, &ev_start, &ev_end)) {
        /* the file without its events (they are read one by one below) */
        scoot_buf rest;
        scoot_buf_init(&rest, 0);
        if (ev_start) {
            scoot_buf_add(&rest, json, ev_start);
            scoot_buf_adds(&rest, "[]");
            scoot_buf_add(&rest, json + ev_end, len - ev_end);
        } else {
            scoot_buf_add(&rest, json, len);
        }
        doc = json_loadb(rest.data ? rest.data : "", rest.len, JSON_REJECT_DUPLICATES, &je);
        scoot_buf_free(&rest);
    }
    if (!doc) { /* jansson on the whole file says exactly what is wrong */
        json_t *whole = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
        if (whole) { /* well formed after all (the scan is stricter than needed): use it */
            doc = whole;
            ev_start = ev_end = 0;
        } else {
            scoot_err_json(err, name, je.line, je.column, je.text);
            return SCOOT_ECASE;
        }
    }
    int bad = 0;
    json_t *fmt = json_object_get(doc, "format"), *ver = json_object_get(doc, "version");
    json_t *cats = json_object_get(doc, "cats"), *events = json_object_get(doc, "events");
    if (!json_is_object(doc) || !json_is_string(fmt) || strcmp(json_string_value(fmt), FORMAT) ||
        !json_is_integer(ver) || json_integer_value(ver) != FORMAT_VERSION) {
        if (err)
            scoot_buf_printf(err, "%s: not a scoot journal export (expected \"format\": \"%s\", "
                                  "\"version\": %d)\n",
                             name, FORMAT, FORMAT_VERSION);
        json_decref(doc);
        return SCOOT_ECASE;
    }
    if (!json_is_array(cats) || (events && !json_is_array(events))) {
        if (err)
            scoot_buf_printf(err, "%s: \"cats\" and \"events\" must be arrays\n", name);
        json_decref(doc);
        return SCOOT_ECASE;
    }
    scoot_time now = scoot_time_now();
    int rc = scoot__j_begin(j);
    if (rc) {
        json_decref(doc);
        return scoot__j_fail(j, rc, "starting the import", err);
    }
    /* pass 1: cats — validate, refuse existing names and duplicates, insert (inside the
     * transaction; nothing is kept unless everything is valid) */
    size_t i;
    json_t *c;
    char prefix[96];
    json_t *ids = json_object(); /* cat name (lower case) -> new id */
    json_array_foreach(cats, i, c)
    {
        snprintf(prefix, sizeof prefix, "%s: cats[%zu]", name, i);
        scoot__cat_row row;
        memset(&row, 0, sizeof row);
        row.age_years = NAN;
        row.weight_kg = NAN;
        row.neutered = -1;
        row.created = row.updated = now;
        json_t *copy = json_deep_copy(c);
        json_t *created = json_object_get(copy, "created");
        if (created) {
            if (!parse_iso(json_string_value(created), &row.created)) {
                if (err)
                    scoot_buf_printf(err, "%s.created: expected an ISO 8601 time\n", prefix);
                bad = 1;
            }
            row.updated = row.created;
            json_object_del(copy, "created");
        }
        if (scoot__cat_validate(copy, 0, &row, now, prefix, err)) {
            bad = 1;
            json_decref(copy);
            continue;
        }
        char *key = scoot__name_key(row.name);
        row.key = key;
        scoot__cat_row other;
        if (!key) {
            scoot__j_fail(j, SCOOT_ENOMEM, prefix, err);
            bad = 1;
        } else if (json_object_get(ids, key)) {
            if (err)
                scoot_buf_printf(err, "%s.name: '%s' appears twice in the file\n", prefix, row.name);
            bad = 1;
        } else if (j->be->cat_find(j->db, j->hh, row.name, key, &other) == SCOOT_OK) {
            if (err) {
                char f[160];
                snprintf(f, sizeof f, "%s.name", prefix);
                scoot_err(err, SCOOT_EEXIST, SCOOT_R_NAME_TAKEN, f,
                          "there is already a cat named '%s'", row.name);
                scoot_err_arg(err, SCOOT_R_NAME_TAKEN, row.name);
            }
            bad = 1;
        } else if ((rc = j->be->cat_insert(j->db, j->hh, &row)) != SCOOT_OK) {
            /* written inside the transaction even after an error elsewhere, so that later
             * records are checked against it; the rollback at the end undoes it all */
            scoot__j_fail(j, rc, prefix, err);
            bad = 1;
        } else if (json_object_set_new(ids, key, json_integer(row.id))) {
            scoot__j_fail(j, SCOOT_ENOMEM, prefix, err);
            bad = 1;
        }
        scoot_free(key);
        json_decref(copy);
    }
    /* pass 2: events — in file order. The file's ids are kept when none is taken (an import
     * into an empty journal reproduces the export exactly); otherwise new ids are given and
     * the doses' references to their medicine are mapped. */
    json_t *idmap = json_object(), *e;
    int ne = 0, keep_ids = 1;
    int64_t existing = 0, highest = 0;
    if (j->be->event_max_id(j->db, j->hh, &existing) != SCOOT_OK || existing > 0)
        keep_ids = 0; /* ids are kept only in a journal without events */
    size_t pos = ev_start ? skip_ws(json, ev_end, ev_start + 1) : 0;
    i = 0;
    for (;; i++) {
        json_t *owned = NULL;
        if (ev_start) { /* the next element of the scanned array */
            if (pos >= ev_end || json[pos] == ']')
                break;
            size_t end = skip_value(json, ev_end, pos, 2);
            owned = json_loadb(json + pos, end - pos, JSON_REJECT_DUPLICATES, &je);
            pos = skip_ws(json, ev_end, end);
            if (pos < ev_end && json[pos] == ',')
                pos = skip_ws(json, ev_end, pos + 1);
            if (!owned) {
                if (err)
                    scoot_buf_printf(err, "%s: events[%zu]: not valid JSON: %s\n", name, i, je.text);
                bad = 1;
                continue;
            }
            e = owned;
        } else {
            if (i >= json_array_size(events))
                break;
            e = json_array_get(events, i);
        }
        snprintf(prefix, sizeof prefix, "%s: events[%zu]", name, i);
        if (!json_is_object(e)) {
            if (err)
                scoot_buf_printf(err, "%s: expected an object\n", prefix);
            bad = 1;
            json_decref(owned);
            continue;
        }
        const char *cat = json_string_value(json_object_get(e, "cat"));
        const char *kind = json_string_value(json_object_get(e, "kind"));
        json_t *data = json_incref(json_object_get(e, "data")); /* the document is ours */
        json_t *note = json_object_get(e, "note");
        scoot_time t = 0;
        int ok = 1;
        char *norm = NULL, *key = NULL;
        if (cat && scoot__name_normalize(cat, &norm, NULL, 0, NULL) >= 0)
            key = scoot__name_key(norm ? norm : cat);
        scoot_free(norm);
        json_t *cid = key ? json_object_get(ids, key) : NULL;
        scoot_free(key);
        if (!cid) {
            if (err)
                scoot_buf_printf(err, "%s.cat: %s%s%s is not one of the file's cats\n", prefix,
                                 cat ? "'" : "", cat ? cat : "missing", cat ? "'" : "");
            ok = 0;
        }
        if (!kind || !scoot__event_kind_ok(kind)) {
            if (err)
                scoot_buf_printf(err, "%s.kind: expected one of %s\n", prefix,
                                 scoot__event_kinds());
            ok = 0;
        }
        if (!parse_iso(json_string_value(json_object_get(e, "t")), &t)) {
            if (err)
                scoot_buf_printf(err, "%s.t: expected an ISO 8601 time\n", prefix);
            ok = 0;
        } else if (t > now + SCOOT__MAX_FUTURE) {
            if (err)
                scoot_buf_printf(err, "%s.t: more than a day in the future\n", prefix);
            ok = 0;
        } else if (t < now - SCOOT__MAX_PAST) {
            if (err)
                scoot_buf_printf(err, "%s.t: more than 40 years ago (a cat's life)\n", prefix);
            ok = 0;
        }
        if (note && !json_is_null(note) && !json_is_string(note)) {
            if (err)
                scoot_buf_printf(err, "%s.note: expected a text\n", prefix);
            ok = 0;
        } else if (json_is_string(note) && scoot__note_check(json_string_value(note), prefix, err)) {
            ok = 0;
        }
        json_t *fid = json_object_get(e, "id");
        if (ok && keep_ids && (!json_is_integer(fid) || json_integer_value(fid) <= 0)) {
            if (err)
                scoot_buf_printf(err, "%s.id: expected a positive whole number\n", prefix);
            ok = 0;
        }
        if (ok && !keep_ids && kind && !strcmp(kind, "dose") && json_is_object(data)) {
            /* the course refers to an id of the file */
            char old[32];
            snprintf(old, sizeof old, "%lld",
                     (long long)json_integer_value(json_object_get(data, "course")));
            json_t *mapped = json_object_get(idmap, old);
            if (mapped && json_object_set(data, "course", mapped)) {
                scoot__j_fail(j, SCOOT_ENOMEM, prefix, err);
                ok = 0;
            }
        }
        int64_t cat_id = cid ? json_integer_value(cid) : 0;
        if (ok && data && kind && scoot__event_upgrade(kind, data)) {
            scoot__j_fail(j, SCOOT_ENOMEM, prefix, err);
            ok = 0;
        }
        if (ok && (!data || scoot__event_validate(j, cat_id, kind, data, prefix, err))) {
            if (!data && err)
                scoot_buf_printf(err, "%s.data: required\n", prefix);
            ok = 0;
        }
        if (ok) {
            char *text = json_dumps(data, JSON_COMPACT);
            scoot__event_row row = {keep_ids ? json_integer_value(fid) : 0, cat_id, t, kind, text,
                                    json_is_string(note) ? json_string_value(note) : NULL, now, 0};
            rc = text ? j->be->event_insert(j->db, j->hh, &row) : SCOOT_ENOMEM;
            scoot_free(text);
            if (rc == SCOOT_EEXIST && keep_ids) {
                if (err)
                    scoot_buf_printf(err, "%s.id: %lld appears twice in the file\n", prefix,
                                     (long long)row.id);
                bad = 1;
            } else if (rc) {
                scoot__j_fail(j, rc, prefix, err);
                bad = 1;
            } else {
                if (row.id > highest)
                    highest = row.id;
                ne++;
                json_t *oid = json_object_get(e, "id");
                if (!keep_ids && json_is_integer(oid)) {
                    char old[32];
                    snprintf(old, sizeof old, "%lld", (long long)json_integer_value(oid));
                    if (json_object_set_new(idmap, old, json_integer(row.id))) {
                        scoot__j_fail(j, SCOOT_ENOMEM, prefix, err);
                        bad = 1;
                    }
                }
            }
        }
        if (!ok)
            bad = 1;
        json_decref(data);
        json_decref(owned);
        if (bad && err && err->len > 64 * 1024)
            break; /* enough to fix first */
    }
    if (!bad && keep_ids && highest > 0 &&
        (rc = j->be->event_ids_taken(j->db, j->hh, highest)) != SCOOT_OK) {
        scoot__j_fail(j, rc, name, err);
        bad = 1;
    }
    rc = bad ? SCOOT_ECASE : scoot__j_commit(j);
    if (rc)
        j->be->rollback(j->db);
    else {
        if (n_cats)
            *n_cats = (int)json_array_size(cats);
        if (n_events)
            *n_events = ne;
    }
    json_decref(ids);
    json_decref(idmap);
    json_decref(doc);
    return rc;
}

int scoot_journal_export_json(scoot_journal *j, const char *cat, scoot_buf *out, scoot_buf *err)
{
    SCOOT__GUARDED(j, err, export_json_impl(j, cat, out, err));
}

int scoot_journal_export_csv(scoot_journal *j, const char *cat, scoot_buf *out, scoot_buf *err)
{
    SCOOT__GUARDED(j, err, export_csv_impl(j, cat, out, err));
}

int scoot_journal_import_json(scoot_journal *j, const char *json, size_t len, const char *name,
                              int *n_cats, int *n_events, scoot_buf *err)
{
    SCOOT__GUARDED(j, err, import_json(j, json, len, name, n_cats, n_events, err));
}
