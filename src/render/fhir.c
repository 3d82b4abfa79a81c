/* fhir.c: a cat's record as a FHIR R4 Bundle (type "collection") for a clinic's system: the
 * Patient (the patient-animal extension, species cat), Observations for leaks, stool scores,
 * weights (UCUM kg), body condition, Feline Grimace Scale scores and the signs logged, the
 * current care plan as a CarePlan, and the last check's answers as a QuestionnaireResponse.
 * Every resource has a urn:uuid made from the cat and the entry, so that the same record gives
 * the same Bundle. */
#include "../core/setup.h"

#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "../core/text.h"
#include "../kb/entries.h"
#include "../kb/kb_int.h"
#include "scoot/alloc.h"
#include "scoot/journal.h"
#include "scoot/render.h"

#define UCUM "http://unitsofmeasure.org"
#define SNOMED "http://snomed.info/sct"
#define LOINC "http://loinc.org"
#define OBS_CAT "http://terminology.hl7.org/CodeSystem/observation-category"

/* ---- ids ---- */

static unsigned long long fnv(const char *a, const char *b, long long n)
{
    char num[32];
    snprintf(num, sizeof num, "%lld", n);
    const char *parts[] = {a, b, num};
    return (unsigned long long)scoot__hash_texts(parts, 3);
}

/* A urn:uuid (the form of a name-based UUID) for what, n of the cat. */
static void urn(char out[64], const char *cat, const char *what, long long n)
{
    unsigned long long a = fnv(cat, what, n), b = fnv(what, cat, n ^ 0x5bd1e995);
    snprintf(out, 64, "urn:uuid:%08llx-%04llx-5%03llx-%04llx-%012llx", a >> 32, (a >> 16) & 0xffff,
             a & 0xfff, 0x8000 | ((b >> 48) & 0x3fff), b & 0xffffffffffffULL);
}

/* ---- building blocks (jansson answers NULL only when memory runs out; every failure is
 * remembered in the bundle's oom and fails the whole Bundle) */

static json_t *text_concept(const char *text)
{
    return json_pack("{s:s}", "text", text);
}

static json_t *coded(const char *system, const char *code, const char *display, const char *text)
{
    return json_pack("{s:[{s:s, s:s, s:s}], s:s}", "coding", "system", system, "code", code,
                     "display", display, "text", text ? text : display);
}

static json_t *quantity(double v, const char *unit, const char *code)
{
    return json_pack("{s:f, s:s, s:s, s:s}", "value", v, "unit", unit, "system", UCUM, "code", code);
}

typedef struct {
    const scoot_kb *kb;
    const char *cat;
    char patient[64];
    json_t *entries; /* the Bundle's entry array */
    int oom;
} bundle;

/* o[key] = v; a failure (memory) is remembered in b. */
static void set(bundle *b, json_t *o, const char *key, json_t *v)
{
    if (!o || !v || json_object_set_new(o, key, v)) {
        if (o && v) /* (json_object_set_new took v) */
            v = NULL;
        json_decref(v);
        b->oom = 1;
    }
}

static void add(bundle *b, const char *url, json_t *res)
{
    json_t *e = res ? json_pack("{s:s, s:o}", "fullUrl", url, "resource", res) : NULL;
    if (!e || json_array_append_new(b->entries, e))
        b->oom = 1;
}

/* An Observation of the cat at the entry's time; code and value set by the caller. */
static json_t *observation(bundle *b, const scoot_event *e, const char *category, json_t *code)
{
    char when[32];
    scoot_time_format_utc(e->t, when, sizeof when);
    json_t *o = json_pack("{s:s, s:s, s:[{s:[{s:s, s:s}]}], s:o, s:{s:s}, s:s}", "resourceType",
                          "Observation", "status", "final", "category", "coding", "system", OBS_CAT,
                          "code", category, "code", code, "subject", "reference", b->patient,
                          "effectiveDateTime", when);
    if (o && e->note && *e->note)
        set(b, o, "note", json_pack("[{s:s}]", "text", e->note));
    return o;
}

/* An option's words from the table of entry kinds. */
static const char *words(const char *kind, const char *field, const char *id)
{
    const scoot__ekind *k = scoot__ekind_find(kind);
    const scoot__efield *f = k ? scoot__efield_find(k, field) : NULL;
    int o = f && f->opts && id ? scoot__eopt_find(f->opts, id) : -1;
    return o >= 0 ? f->opts[o].text : id;
}

/* ---- the entries as Observations ---- */

static int entry_cb(void *ud, const scoot_event *e)
{
    bundle *b = ud;
    json_t *d = json_loads(e->data, 0, NULL), *o = NULL;
    if (!d) {
        b->oom = 1; /* (the journal's own JSON) */
        return 0;
    }
    char url[64], line[512];
    urn(url, b->cat, "entry", (long long)e->id);
    switch (e->kind_id) {
    case SCOOT_EV_EPISODE: {
        /* a leak: what it looked like, in words */
        size_t n = 0, i;
        json_t *x;
        const char *amount = json_string_value(json_object_get(d, "amount"));
        const char *ctx = json_string_value(json_object_get(d, "context"));
        n += (size_t)snprintf(line + n, sizeof line - n, "%s", amount ? words("episode", "amount", amount) : "A leak");
        json_array_foreach(json_object_get(d, "look"), i, x)
        {
            if (n < sizeof line)
                n += (size_t)snprintf(line + n, sizeof line - n, "%s%s", i ? ", " : "; ",
                                      words("episode", "look", json_string_value(x)));
        }
        if (ctx && n < sizeof line)
            n += (size_t)snprintf(line + n, sizeof line - n, "; %s", words("episode", "context", ctx));
        /* (no standard code says this: the words alone, as FHIR allows) */
        o = observation(b, e, "exam", text_concept("Anal sac leak (fluid or smell noticed)"));
        set(b, o, "valueString", json_string(line));
        break;
    }
    case SCOOT_EV_STOOL: {
        double s = json_number_value(json_object_get(d, "score"));
        const char *chart = json_string_value(json_object_get(d, "chart"));
        o = observation(b, e, "exam",
                        text_concept(chart && !strcmp(chart, "royal_canin")
                                         ? "Fecal score (Royal Canin chart, 1 liquid to 5 hard)"
                                         : "Fecal score (Purina chart, 1 hard to 7 watery)"));
        set(b, o, "valueInteger", json_integer((json_int_t)s));
        break;
    }
    case SCOOT_EV_WEIGHT:
        o = observation(b, e, "vital-signs", coded(LOINC, "29463-7", "Body weight", NULL));
        set(b, o, "valueQuantity",
                            quantity(json_number_value(json_object_get(d, "kg")), "kg", "kg"));
        break;
    case SCOOT_EV_BCS:
        o = observation(b, e, "exam", text_concept("Body condition score (1 to 9)"));
        set(b, o, "valueInteger",
                            json_integer(json_integer_value(json_object_get(d, "score"))));
        break;
    case SCOOT_EV_PAIN: {
        static const char *const units[] = {"ears", "eyes", "muzzle", "whiskers", "head"};
        static const char *const names[] = {"Ear position", "Orbital tightening", "Muzzle tension",
                                            "Whiskers change", "Head position"};
        o = observation(b, e, "survey", text_concept("Feline Grimace Scale score (0 to 10)"));
        set(b, o, "valueQuantity",
                            quantity(json_number_value(json_object_get(d, "score")), "score", "{score}"));
        json_t *comp = json_array();
        for (size_t u = 0; comp && u < SCOOT_ARRAY_LEN(units); u++) {
            json_t *v = json_object_get(d, units[u]);
            if (json_is_integer(v) &&
                json_array_append_new(comp, json_pack("{s:{s:s}, s:I}", "code", "text", names[u],
                                                      "valueInteger", json_integer_value(v))))
                b->oom = 1;
        }
        set(b, o, "component", comp);
        break;
    }
    case SCOOT_EV_OBSERVATION: {
        const char *fid = json_string_value(json_object_get(d, "finding"));
        int f = fid ? scoot_kb_fact_find(b->kb, fid) : -1;
        scoot_fact_info fi;
        const char *ask = f >= 0 && scoot_kb_fact(b->kb, f, &fi) == SCOOT_OK && fi.ask ? fi.ask : fid;
        o = observation(b, e, "exam", text_concept(ask ? ask : "A sign"));
        json_t *v = json_object_get(d, "value");
        if (json_is_boolean(v))
            set(b, o, "valueBoolean", json_boolean(json_is_true(v)));
        else if (json_is_number(v))
            set(b, o, "valueQuantity",
                                json_pack("{s:f}", "value", json_number_value(v)));
        else if (json_is_string(v))
            set(b, o, "valueString", json_string(json_string_value(v)));
        break;
    }
    default:
        json_decref(d);
        return 0; /* (care, medicines, doses, visits and checks are in the CarePlan and the
                   * QuestionnaireResponse) */
    }
    if (o)
        add(b, url, o);
    else
        b->oom = 1;
    json_decref(d);
    return 0;
}

/* ---- the care plan ---- */

static json_t *care_plan(bundle *b, const char *due_json, scoot_time now)
{
    json_t *due = json_loads(due_json, 0, NULL), *acts = json_array(), *d;
    size_t i;
    if (!due || !acts) {
        json_decref(due);
        json_decref(acts);
        b->oom = 1;
        return NULL;
    }
    json_array_foreach(due, i, d)
    {
        const char *kind = json_string_value(json_object_get(d, "kind"));
        const char *title = json_string_value(json_object_get(d, "title"));
        if (!kind || !title)
            continue;
        json_t *detail = json_pack("{s:s, s:{s:s}}", "status", "in-progress", "code", "text", title);
        if (!strcmp(kind, "recheck")) {
            set(b, detail, "kind", json_string("Appointment"));
            set(b, detail, "description",
                                json_string("The recheck the vet booked"));
            const char *date = json_string_value(json_object_get(d, "recheck"));
            if (date)
                set(b, detail, "scheduledString", json_string(date));
        } else {
            long long per_day = json_integer_value(json_object_get(d, "planned_today"));
            json_t *days = json_object_get(d, "days");
            json_t *rep = json_pack("{s:I, s:i, s:s}", "frequency", (json_int_t)per_day, "period",
                                    1, "periodUnit", "d");
            if (days && rep)
                set(b, rep, "boundsDuration",
                                    json_pack("{s:I, s:s, s:s, s:s}", "value",
                                              (json_int_t)json_integer_value(days), "unit", "d",
                                              "system", UCUM, "code", "d"));
            set(b, detail, "scheduledTiming", json_pack("{s:o}", "repeat", rep));
            if (!strcmp(kind, "medicine"))
                set(b, detail, "kind", json_string("MedicationRequest"));
        }
        if (!detail || json_array_append_new(acts, json_pack("{s:o}", "detail", detail)))
            b->oom = 1;
    }
    json_decref(due);
    char when[32];
    scoot_time_format_utc(now, when, sizeof when);
    if (!json_array_size(acts)) { /* (nothing planned now: no CarePlan) */
        json_decref(acts);
        return NULL;
    }
    json_t *cp = json_pack("{s:s, s:s, s:s, s:s, s:{s:s}, s:s}", "resourceType", "CarePlan",
                           "status", "active", "intent", "plan", "title",
                           "Care at home, from scoot", "subject", "reference", b->patient,
                           "created", when);
    if (!cp)
        b->oom = 1;
    set(b, cp, "activity", acts);
    return cp;
}

/* ---- the last check's answers ---- */

typedef struct {
    int64_t id;
    scoot_time t;
    char *data;
} last_check;

static int last_check_cb(void *ud, const scoot_event *e)
{
    last_check *l = ud;
    scoot_free(l->data);
    l->id = e->id;
    l->t = e->t;
    l->data = scoot_strdup(e->data);
    return l->data ? 1 : SCOOT_ENOMEM; /* (newest first: the first is the one) */
}

static json_t *answers(bundle *b, const last_check *l)
{
    json_t *d = json_loads(l->data, 0, NULL);
    json_t *c = json_object_get(d, "case");
    if (!d) {
        b->oom = 1;
        return NULL;
    }
    json_t *items = json_array();
    static const char *const sections[] = {"cat", "findings", "history"};
    for (size_t s = 0; items && s < SCOOT_ARRAY_LEN(sections); s++) {
        const char *id;
        json_t *v;
        json_object_foreach(json_object_get(c, sections[s]), id, v)
        {
            int f = scoot_kb_fact_find(b->kb, id);
            scoot_fact_info fi;
            if (f < 0 || scoot_kb_fact(b->kb, f, &fi) != SCOOT_OK)
                continue;
            json_t *ans = NULL;
            if (json_is_boolean(v))
                ans = json_pack("{s:b}", "valueBoolean", json_is_true(v));
            else if (json_is_integer(v))
                ans = json_pack("{s:I}", "valueInteger", json_integer_value(v));
            else if (json_is_real(v))
                ans = json_pack("{s:f}", "valueDecimal", json_real_value(v));
            else if (json_is_string(v)) {
                const char *shown = json_string_value(v);
                for (int o = 0; o < fi.n_options; o++)
                    if (!strcmp(fi.options[o], shown) && fi.option_text && fi.option_text[o])
                        shown = fi.option_text[o];
                ans = json_pack("{s:s}", "valueString", shown);
            }
            if (!ans)
                continue;
            json_t *it = json_pack("{s:s, s:s, s:[o]}", "linkId", id, "text", fi.ask ? fi.ask : id,
                                   "answer", ans);
            if (!it || json_array_append_new(items, it))
                b->oom = 1;
        }
    }
    json_decref(d);
    char when[32];
    scoot_time_format_utc(l->t, when, sizeof when);
    json_t *qr = json_pack("{s:s, s:s, s:{s:s}, s:s, s:o}", "resourceType",
                           "QuestionnaireResponse", "status", "completed", "subject", "reference",
                           b->patient, "authored", when, "item", items);
    return qr;
}

/* ---- the Patient ---- */

static json_t *patient(bundle *b, json_t *cat)
{
    json_t *ext = json_pack("{s:s, s:[{s:s, s:o}]}", "url",
                            "http://hl7.org/fhir/StructureDefinition/patient-animal", "extension",
                            "url", "species", "valueCodeableConcept",
                            coded(SNOMED, "448169003", "Felis catus", "Cat"));
    json_t *inner = json_object_get(ext, "extension");
    if (!ext)
        b->oom = 1;
    json_t *neutered = json_object_get(cat, "neutered");
    if (json_is_boolean(neutered) &&
        json_array_append_new(
            inner, json_pack("{s:s, s:o}", "url", "genderStatus", "valueCodeableConcept",
                             coded("http://terminology.hl7.org/CodeSystem/animal-genderstatus",
                                   json_is_true(neutered) ? "neutered" : "intact",
                                   json_is_true(neutered) ? "Neutered" : "Intact", NULL))))
        b->oom = 1;
    const char *breed = json_string_value(json_object_get(cat, "breed"));
    if (breed && json_array_append_new(inner, json_pack("{s:s, s:{s:s}}", "url", "breed",
                                                        "valueCodeableConcept", "text", breed)))
        b->oom = 1;
    json_t *p = json_pack("{s:s, s:[o], s:[{s:s}], s:b}", "resourceType", "Patient", "extension",
                          ext, "name", "text", b->cat, "active", 1);
    const char *sex = json_string_value(json_object_get(cat, "sex"));
    if (p && sex)
        set(b, p, "gender", json_string(sex));
    const char *born = json_string_value(json_object_get(cat, "birth_date"));
    if (p && born)
        set(b, p, "birthDate", json_string(born));
    return p;
}

int scoot_fhir_bundle(scoot_journal *j, const scoot_kb *kb, const char *cat, scoot_time now,
                      scoot_buf *out, scoot_buf *err)
{
    scoot_buf cj, due;
    scoot_buf_init(&cj, 0);
    scoot_buf_init(&due, 0);
    int rc = scoot_journal_cat_get(j, cat, &cj, err);
    if (!rc)
        rc = scoot_journal_due(j, cat, now, &due, err);
    json_t *catj = rc ? NULL : json_loads(cj.data, 0, NULL);
    if (!rc && !catj)
        rc = SCOOT_ENOMEM;
    const char *name = json_string_value(json_object_get(catj, "name"));
    bundle b = {kb, name ? name : cat, "", json_array(), 0};
    urn(b.patient, b.cat, "patient", 0);
    if (!b.entries && !rc)
        rc = SCOOT_ENOMEM;
    if (!rc) {
        add(&b, b.patient, patient(&b, catj));
        rc = scoot_journal_scan(j, cat, INT64_MIN / 2, now + 2 * 86400, NULL, entry_cb, &b, err);
    }
    if (!rc) {
        char url[64];
        urn(url, b.cat, "careplan", 0);
        json_t *plan = care_plan(&b, scoot_buf_str(&due), now);
        if (plan)
            add(&b, url, plan);
        last_check l = {0, 0, NULL};
        rc = scoot_journal_scan_page(j, cat, INT64_MIN / 2, now + 2 * 86400, "assessment", NULL, 1,
                                     1, last_check_cb, &l, err);
        if (rc == 1)
            rc = SCOOT_OK;
        if (!rc && l.data) {
            urn(url, b.cat, "check", (long long)l.id);
            add(&b, url, answers(&b, &l));
        }
        scoot_free(l.data);
    }
    if (!rc && b.oom)
        rc = SCOOT_ENOMEM;
    if (!rc) {
        char when[32], id[64];
        scoot_time_format_utc(now, when, sizeof when);
        urn(id, b.cat, "bundle", 0);
        json_t *bundle_j = json_pack("{s:s, s:s, s:s, s:s, s:O}", "resourceType", "Bundle", "id",
                                     id + 9, "type", "collection", "timestamp", when, "entry",
                                     b.entries);
        char *s = bundle_j ? json_dumps(bundle_j, JSON_INDENT(1) | JSON_REAL_PRECISION(15)) : NULL;
        rc = s ? scoot_buf_adds(out, s) : SCOOT_ENOMEM;
        if (!rc)
            rc = scoot_buf_addc(out, '\n');
        scoot_free(s);
        json_decref(bundle_j);
    }
    json_decref(b.entries);
    json_decref(catj);
    scoot_buf_free(&cj);
    scoot_buf_free(&due);
    return rc;
}
