/* validate.c: checks of cat profiles and event data, with messages that name the field. */
#include "../core/setup.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "../core/suggest.h"
#include "../core/text.h"
#include "../kb/entries.h"
#include "journal_int.h"
#include "scoot/alloc.h"
#include "scoot/error.h"
#include "scoot/time.h"

/* Records a refused field (prefix.field) in err: its reason, and the numbers the reason speaks
 * of (nums: which of value, min, max are set). */
static void badn(scoot_buf *err, int reason, unsigned nums, double value, double min, double max,
                 const char *prefix, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 9, 10)));

static void badn(scoot_buf *err, int reason, unsigned nums, double value, double min, double max,
                 const char *prefix, const char *field, const char *fmt, ...)
{
    if (!err)
        return;
    char path[160], msg[768];
    snprintf(path, sizeof path, "%s.%s", prefix, field);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    scoot_err_num(err, SCOOT_ECASE, reason, path, nums, value, min, max, "%s", msg);
}

#define bad(err, reason, prefix, field, ...) badn(err, reason, 0, 0, 0, 0, prefix, field, __VA_ARGS__)
enum { MINMAX = SCOOT_WHY_MIN | SCOOT_WHY_MAX, ALL3 = SCOOT_WHY_VALUE | MINMAX };

/* A short rendering of a JSON value for messages. */
static const char *show(const json_t *v, char *buf, size_t n)
{
    switch (json_typeof(v)) {
    case JSON_STRING: snprintf(buf, n, "\"%.40s\"", json_string_value(v)); break;
    case JSON_INTEGER: snprintf(buf, n, "%lld", (long long)json_integer_value(v)); break;
    case JSON_REAL: snprintf(buf, n, "%g", json_real_value(v)); break;
    case JSON_TRUE: snprintf(buf, n, "true"); break;
    case JSON_FALSE: snprintf(buf, n, "false"); break;
    case JSON_NULL: snprintf(buf, n, "null"); break;
    case JSON_ARRAY: snprintf(buf, n, "an array"); break;
    default: snprintf(buf, n, "an object"); break;
    }
    return buf;
}

/* ---- fields of cats and events (their table: src/kb/entries.c) ---- */

int scoot__event_kind_ok(const char *kind)
{
    return scoot__ekind_find(kind) != NULL;
}

const char *scoot__event_kinds(void)
{
    return "episode, observation, stool, weight, bcs, pain, care, medicine, dose, vet_visit, "
           "assessment";
}

void scoot__event_kind_unknown(scoot_buf *err, const char *name, const char *kind)
{
    if (!err)
        return;
    const char *names[16];
    assert(scoot__n_ekinds <= (int)SCOOT_ARRAY_LEN(names));
    for (int i = 0; i < scoot__n_ekinds; i++)
        names[i] = scoot__ekinds[i].kind;
    const char *near = scoot__closest_name(kind, names, (size_t)scoot__n_ekinds);
    scoot_err_why(err, SCOOT_ECASE, SCOOT_R_NOT_OPTION, name);
    scoot_buf_printf(err, "%s: unknown event kind '%s' (expected %s)", name, kind,
                     scoot__event_kinds());
    if (near)
        scoot_buf_printf(err, "; did you mean '%s'?", near);
    scoot_buf_adds(err, "\n");
}

static int in_opts(const scoot__eopt *opts, const char *s)
{
    return scoot__eopt_find(opts, s) >= 0;
}

static void opts_text(const scoot__eopt *opts, char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; opts[i].id && used < n; i++)
        used += (size_t)snprintf(buf + used, n - used, "%s\"%s\"",
                                 i ? (opts[i + 1].id ? ", " : " or ") : "", opts[i].id);
}

int scoot__note_check(const char *note, const char *prefix, scoot_buf *err)
{
    char why[256];
    if (!note)
        return SCOOT_OK;
    if (scoot__utf8_chars(note) > 4000) {
        badn(err, SCOOT_R_TOO_LONG, SCOOT_WHY_MAX, 0, 0, 4000, prefix, "note",
             "longer than 4000 characters");
        return SCOOT_ERANGE;
    }
    if (!scoot__text_ok(note, why, sizeof why)) {
        bad(err, SCOOT_R_BAD_TEXT, prefix, "note", "%s", why);
        return SCOOT_ECASE;
    }
    return SCOOT_OK;
}

size_t scoot__utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80; /* not a continuation byte */
    return n;
}

/* Checks one value against its field; 1 if good. */
static int check_field(scoot_journal *j, int64_t cat_id, const scoot__efield *f, json_t *v,
                       const char *prefix, scoot_buf *err)
{
    char sh[64], ol[256];
    switch (f->type) {
    case SCOOT__EF_CHOICE:
        if (!json_is_string(v) || !in_opts(f->opts, json_string_value(v))) {
            opts_text(f->opts, ol, sizeof ol);
            bad(err, SCOOT_R_NOT_OPTION, prefix, f->name, "expected %s, found %s", ol, show(v, sh, sizeof sh));
            return 0;
        }
        return 1;
    case SCOOT__EF_CHOICES: {
        json_t *x;
        size_t i;
        if (!json_is_array(v)) {
            opts_text(f->opts, ol, sizeof ol);
            bad(err, SCOOT_R_NOT_OPTION, prefix, f->name, "expected a list of %s, found %s%s", ol,
                show(v, sh, sizeof sh), json_is_string(v) ? " (write it as a list: [...])" : "");
            return 0;
        }
        json_array_foreach(v, i, x)
        {
            if (!json_is_string(x) || !in_opts(f->opts, json_string_value(x))) {
                opts_text(f->opts, ol, sizeof ol);
                bad(err, SCOOT_R_NOT_OPTION, prefix, f->name, "item %zu: expected %s, found %s", i, ol,
                    show(x, sh, sizeof sh));
                return 0;
            }
        }
        return 1;
    }
    case SCOOT__EF_NUMBER:
    case SCOOT__EF_INT: {
        if (!json_is_number(v)) {
            badn(err, SCOOT_R_NOT_NUMBER, MINMAX, 0, f->min, f->max, prefix, f->name,
                 "expected a number from %g to %g, found %s", f->min, f->max,
                show(v, sh, sizeof sh));
            return 0;
        }
        double d = json_number_value(v);
        if (f->type == SCOOT__EF_INT && d != floor(d)) {
            badn(err, SCOOT_R_NOT_WHOLE, SCOOT_WHY_VALUE, d, 0, 0, prefix, f->name,
                 "expected a whole number, found %g", d);
            return 0;
        }
        if (!(d >= f->min && d <= f->max)) {
            badn(err, SCOOT_R_OUT_OF_RANGE, ALL3, d, f->min, f->max, prefix, f->name,
                 "%g is out of range %g..%g", d, f->min, f->max);
            return 0;
        }
        return 1;
    }
    case SCOOT__EF_TEXT:
        if (!json_is_string(v)) {
            bad(err, SCOOT_R_WRONG_TYPE, prefix, f->name, "expected a text, found %s", show(v, sh, sizeof sh));
            return 0;
        }
        if (scoot__utf8_chars(json_string_value(v)) > (size_t)f->max) {
            badn(err, SCOOT_R_TOO_LONG, SCOOT_WHY_MAX, 0, 0, f->max, prefix, f->name,
                 "longer than %g characters", f->max);
            return 0;
        }
        if (!scoot__text_ok(json_string_value(v), ol, sizeof ol)) {
            bad(err, SCOOT_R_BAD_TEXT, prefix, f->name, "%s", ol);
            return 0;
        }
        return 1;
    case SCOOT__EF_BOOL:
        if (!json_is_boolean(v)) {
            bad(err, SCOOT_R_WRONG_TYPE, prefix, f->name, "expected true or false, found %s", show(v, sh, sizeof sh));
            return 0;
        }
        return 1;
    case SCOOT__EF_DATE: {
        int y, m, d;
        if (!json_is_string(v) || scoot_date_parse(json_string_value(v), &y, &m, &d, NULL)) {
            bad(err, SCOOT_R_NOT_DATE, prefix, f->name, "expected a date YYYY-MM-DD, found %s",
                show(v, sh, sizeof sh));
            return 0;
        }
        return 1;
    }
    case SCOOT__EF_FINDING: {
        int fi = json_is_string(v) ? scoot_kb_fact_find(j->kb, json_string_value(v)) : -1;
        if (fi < 0 || j->kb->facts[fi].type == SCOOT__TEXT) {
            bad(err, SCOOT_R_UNKNOWN_ID, prefix, f->name, "%s is not a finding id of the knowledge base",
                show(v, sh, sizeof sh));
            return 0;
        }
        return 1;
    }
    case SCOOT__EF_CARE: {
        int ok = 0;
        if (json_is_string(v))
            for (int i = 0; i < j->kb->n_cares; i++)
                ok |= !strcmp(j->kb->cares[i].id, json_string_value(v));
        if (!ok) {
            bad(err, SCOOT_R_UNKNOWN_ID, prefix, f->name, "%s is not a care id of the knowledge base",
                show(v, sh, sizeof sh));
            return 0;
        }
        return 1;
    }
    case SCOOT__EF_CAUSES: {
        json_t *x;
        size_t i;
        if (!json_is_array(v)) {
            bad(err, SCOOT_R_WRONG_TYPE, prefix, f->name, "expected a list of cause ids, found %s",
                show(v, sh, sizeof sh));
            return 0;
        }
        json_array_foreach(v, i, x)
        {
            int ok = 0;
            if (json_is_string(x)) {
                for (int c = 0; c < j->kb->n_causes; c++)
                    ok |= !strcmp(j->kb->causes[c].id, json_string_value(x));
                for (int g = 0; g < j->kb->n_groups; g++)
                    ok |= !strcmp(j->kb->groups[g].id, json_string_value(x));
            }
            if (!ok) {
                bad(err, SCOOT_R_UNKNOWN_ID, prefix, f->name, "item %zu: %s is not a cause id of the knowledge base",
                    i, show(x, sh, sizeof sh));
                return 0;
            }
        }
        return 1;
    }
    case SCOOT__EF_OBJECT:
        if (!json_is_object(v)) {
            bad(err, SCOOT_R_WRONG_TYPE, prefix, f->name, "expected an object, found %s", show(v, sh, sizeof sh));
            return 0;
        }
        return 1;
    case SCOOT__EF_EVENT: {
        scoot__event_row row;
        int rc = json_is_integer(v) ? j->be->event_get(j->db, j->hh, json_integer_value(v), &row)
                                    : SCOOT_ETYPE;
        if (rc || row.cat_id != cat_id || strcmp(row.kind, f->opts[0].id)) {
            bad(err, SCOOT_R_UNKNOWN_ID, prefix, f->name, "%s is not the id of a %s of this cat",
                show(v, sh, sizeof sh), f->opts[0].id);
            return 0;
        }
        return 1;
    }
    default:
        return 1;
    }
}

int scoot__event_upgrade(const char *kind, json_t *data)
{
    if (!json_is_object(data))
        return SCOOT_OK;
    int rc = 0;
    json_t *look = json_object_get(data, "look");
    if (!strcmp(kind, "episode") && json_is_string(look)) {
        json_t *list = json_array();
        rc = !list || json_array_append(list, look) || json_object_set_new(data, "look", list);
    }
    json_t *value = json_object_get(data, "value");
    if (!strcmp(kind, "observation") && (!value || json_is_null(value)))
        rc = json_object_set_new(data, "value", json_true());
    return rc ? SCOOT_ENOMEM : SCOOT_OK;
}

int scoot__event_check_time(const char *kind, json_t *data, scoot_time t, const char *prefix,
                            scoot_buf *err)
{
    const char *re = strcmp(kind, "vet_visit") ? NULL : json_string_value(json_object_get(data, "recheck"));
    int y, m, d;
    if (!re || scoot_date_parse(re, &y, &m, &d, NULL))
        return SCOOT_OK;
    int64_t day = scoot_time_local_day(scoot_time_local_date(y, m, d, 12)), visit = scoot_time_local_day(t);
    char vd[32];
    scoot_time_format_local(t, vd, sizeof vd);
    vd[10] = '\0';
    if (day < visit) {
        bad(err, SCOOT_R_DATE_ORDER, prefix, "data.recheck", "%s is before the day of the visit (%s)",
            re, vd);
        return SCOOT_ERANGE;
    }
    if (day > visit + 366) {
        badn(err, SCOOT_R_OUT_OF_RANGE, SCOOT_WHY_MAX, 0, 0, 366, prefix, "data.recheck",
             "%s is more than a year after the visit (%s)", re, vd);
        return SCOOT_ERANGE;
    }
    return SCOOT_OK;
}

int scoot__event_validate(scoot_journal *j, int64_t cat_id, const char *kind, json_t *data,
                          const char *prefix, scoot_buf *err)
{
    const scoot__ekind *ek = scoot__ekind_find(kind);
    if (!ek) {
        char name[160];
        snprintf(name, sizeof name, "%s.kind", prefix);
        scoot__event_kind_unknown(err, name, kind);
        return SCOOT_ECASE;
    }
    char dprefix[160];
    snprintf(dprefix, sizeof dprefix, "%s.data", prefix);
    if (!json_is_object(data)) {
        scoot_err(err, SCOOT_ECASE, SCOOT_R_NOT_OBJECT, dprefix, "expected an object");
        return SCOOT_ECASE;
    }
    int ok = 1;
    const char *key;
    json_t *v;
    json_object_foreach(data, key, v)
    {
        int found = 0;
        for (int i = 0; i < ek->n_fields; i++)
            if (!strcmp(ek->fields[i].name, key)) {
                found = 1;
                if (!json_is_null(v))
                    ok &= check_field(j, cat_id, &ek->fields[i], v, dprefix, err);
            }
        if (!found) {
            bad(err, SCOOT_R_UNKNOWN_FIELD, dprefix, key, "unknown field for %s", ek->what);
            ok = 0;
        }
    }
    for (int i = 0; i < ek->n_fields; i++) {
        json_t *x = json_object_get(data, ek->fields[i].name);
        if (ek->fields[i].required && (!x || json_is_null(x))) {
            bad(err, SCOOT_R_REQUIRED, dprefix, ek->fields[i].name, "required for %s", ek->what);
            ok = 0;
        }
    }
    if (!ok)
        return SCOOT_ECASE;
    char sh[64];
    /* kind-specific rules */
    if (!strcmp(kind, "stool")) {
        json_t *chart = json_object_get(data, "chart");
        int rc = chart && json_is_string(chart) && !strcmp(json_string_value(chart), "royal_canin");
        double s = json_number_value(json_object_get(data, "score"));
        if (rc && s > 5) {
            badn(err, SCOOT_R_OUT_OF_RANGE, ALL3, s, 1, 5, dprefix, "score",
                 "%g is out of range 1..5 of the Royal Canin chart", s);
            return SCOOT_ECASE;
        }
    } else if (!strcmp(kind, "observation")) {
        const char *fid = json_string_value(json_object_get(data, "finding"));
        const scoot__fact *fa = &j->kb->facts[scoot_kb_fact_find(j->kb, fid)];
        json_t *val = json_object_get(data, "value");
        if (fa->type == SCOOT__YESNO) {
            if (val && !json_is_null(val) && !json_is_boolean(val)) {
                bad(err, SCOOT_R_WRONG_TYPE, dprefix, "value", "'%s' is yes/no: expected true or false, found %s", fid,
                    show(val, sh, sizeof sh));
                return SCOOT_ECASE;
            }
        } else if (fa->type == SCOOT__NUMBER) {
            if (!val || !json_is_number(val) || json_number_value(val) < fa->min ||
                json_number_value(val) > fa->max) {
                badn(err, SCOOT_R_OUT_OF_RANGE, MINMAX, 0, fa->min, fa->max, dprefix, "value",
                     "'%s' needs a number from %g to %g, found %s", fid,
                    fa->min, fa->max, val ? show(val, sh, sizeof sh) : "nothing");
                return SCOOT_ECASE;
            }
        } else {
            if (!val || !json_is_string(val)) {
                bad(err, SCOOT_R_NOT_OPTION, dprefix, "value", "'%s' needs one of its options", fid);
                return SCOOT_ECASE;
            }
            int o;
            for (o = 0; o < fa->n_options; o++)
                if (!strcmp(fa->options[o], json_string_value(val)))
                    break;
            if (o == fa->n_options) {
                bad(err, SCOOT_R_NOT_OPTION, dprefix, "value", "%s is not an option of '%s'", show(val, sh, sizeof sh),
                    fid);
                return SCOOT_ECASE;
            }
        }
    } else if (!strcmp(kind, "pain")) {
        /* the Feline Grimace Scale: units scored 0..2, those not visible left out */
        static const char *const units[] = {"ears", "eyes", "muzzle", "whiskers", "head"};
        int sum = 0, seen = 0;
        for (size_t u = 0; u < SCOOT_ARRAY_LEN(units); u++) {
            json_t *x = json_object_get(data, units[u]);
            if (x && json_is_integer(x)) {
                sum += (int)json_integer_value(x);
                seen++;
            }
        }
        if (!seen) {
            scoot_err(err, SCOOT_ECASE, SCOOT_R_PAIN_EMPTY, dprefix,
                      "score at least one of ears, eyes, muzzle, whiskers, head (0, 1 or 2)");
            return SCOOT_ECASE;
        }
        double score = round((double)sum / (2.0 * seen) * 100.0) / 10.0;
        json_t *given = json_object_get(data, "score");
        if (given && !json_is_null(given) &&
            (!json_is_number(given) || fabs(json_number_value(given) - score) > 0.05)) {
            bad(err, SCOOT_R_OUT_OF_RANGE, dprefix, "score", "is computed from the action units (%g), found %s", score,
                show(given, sh, sizeof sh));
            return SCOOT_ECASE;
        }
        if (json_object_set_new(data, "score", json_real(score)))
            return SCOOT_ENOMEM;
    }
    return SCOOT_OK;
}

/* ---- cats ---- */


/* The local day of now, years earlier, as YYYY-MM-DD (a string compare orders such dates). */
static void local_day(scoot_time now, int years_back, char out[48])
{
    char d[32]; /* "YYYY-MM-DD HH:MM", local */
    scoot_time_format_local(now, d, sizeof d);
    snprintf(out, 48, "%04ld-%.5s", strtol(d, NULL, 10) - years_back, d + 5);
}

int scoot__cat_check_birth(json_t *obj, scoot_time now, const char *prefix, scoot_buf *err)
{
    json_t *bd = json_object_get(obj, "birth_date");
    if (!bd || !json_is_string(bd))
        return SCOOT_OK;
    char earliest[48];
    local_day(now, 40, earliest);
    if (strcmp(json_string_value(bd), earliest) >= 0)
        return SCOOT_OK;
    badn(err, SCOOT_R_TOO_OLD, SCOOT_WHY_MAX, 0, 0, 40, prefix, "birth_date",
         "%s is more than 40 years ago (ages go up to 40 years)",
        json_string_value(bd));
    return SCOOT_ECASE;
}

int scoot__cat_validate(json_t *obj, int partial, scoot__cat_row *row, scoot_time now,
                        const char *prefix, scoot_buf *err)
{
    if (!json_is_object(obj)) {
        scoot_err(err, SCOOT_ECASE, SCOOT_R_NOT_OBJECT, prefix, "expected a JSON object");
        return SCOOT_ECASE;
    }
    int ok = 1;
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v)
    {
        size_t i;
        for (i = 0; i < (size_t)scoot__n_cat_fields; i++)
            if (!strcmp(scoot__cat_fields[i].name, key))
                break;
        if (i == (size_t)scoot__n_cat_fields) {
            bad(err, SCOOT_R_UNKNOWN_FIELD, prefix, key, "unknown field for a cat (expected name, birth_date, "
                                  "age_years, sex, neutered, coat, breed, weight_kg or "
                                  "body_condition_9pt)");
            ok = 0;
            continue;
        }
        if (json_is_null(v)) {
            if (i == 0) {
                bad(err, SCOOT_R_REQUIRED, prefix, key, "a cat needs a name");
                ok = 0;
            }
            continue;
        }
        /* check_field needs no journal for these types */
        if (!check_field(NULL, 0, &scoot__cat_fields[i], v, prefix, err)) {
            ok = 0;
            continue;
        }
    }
    /* the name as kept: NFC, trimmed, nothing invisible in it */
    json_t *nv = json_object_get(obj, "name");
    if (ok && json_is_string(nv)) {
        char *norm = NULL, why[256];
        int reason;
        int good = scoot__name_normalize(json_string_value(nv), &norm, why, sizeof why, &reason);
        if (good < 0)
            return SCOOT_ENOMEM;
        if (!good) {
            bad(err, reason, prefix, "name", "%s", why);
            ok = 0;
        } else {
            json_t *n = json_string(norm);
            scoot_free(norm);
            if (!n || json_object_set_new(obj, "name", n))
                return SCOOT_ENOMEM;
        }
    }
    json_t *name = json_object_get(obj, "name");
    if (!partial && (!name || json_is_null(name))) {
        bad(err, SCOOT_R_REQUIRED, prefix, "name", "required");
        ok = 0;
    }
    json_t *bd = json_object_get(obj, "birth_date");
    if (ok && bd && json_is_string(bd)) {
        int y, m, d;
        scoot_date_parse(json_string_value(bd), &y, &m, &d, NULL);
        char today[48];
        local_day(now, 0, today);
        if (strcmp(json_string_value(bd), today) > 0) {
            bad(err, SCOOT_R_IN_FUTURE, prefix, "birth_date", "%s is in the future", json_string_value(bd));
            ok = 0;
        }
    }
    if (!ok)
        return SCOOT_ECASE;
    /* apply the fields present onto row */
    json_object_foreach(obj, key, v)
    {
        int null = json_is_null(v);
        if (!strcmp(key, "name"))
            row->name = json_string_value(v);
        else if (!strcmp(key, "birth_date"))
            row->birth_date = null ? NULL : json_string_value(v);
        else if (!strcmp(key, "age_years"))
            row->age_years = null ? NAN : json_number_value(v);
        else if (!strcmp(key, "sex"))
            row->sex = null ? NULL : json_string_value(v);
        else if (!strcmp(key, "neutered"))
            row->neutered = null ? -1 : json_is_true(v);
        else if (!strcmp(key, "coat"))
            row->coat = null ? NULL : json_string_value(v);
        else if (!strcmp(key, "breed"))
            row->breed = null ? NULL : json_string_value(v);
        else if (!strcmp(key, "weight_kg"))
            row->weight_kg = null ? NAN : json_number_value(v);
        else if (!strcmp(key, "body_condition_9pt"))
            row->bcs = null ? 0 : (int)json_integer_value(v);
    }
    return SCOOT_OK;
}
