/* result_json.c: the result JSON of vocabulary.md, with texts for people. */
#include "../core/setup.h"

#include <math.h>

#include "../engine/engine_int.h"
#include "render_int.h"
#include "scoot/error.h"

int scoot__json_sources(scoot_buf *o, const scoot_kb *kb, const scoot__srcs *s)
{
    int rc = scoot_buf_addc(o, '[');
    for (int i = 0; i < s->n; i++) {
        if (i)
            rc |= scoot_buf_addc(o, ',');
        rc |= scoot_buf_add_json_str(o, kb->sources[s->idx[i]].id);
    }
    return rc | scoot_buf_addc(o, ']');
}

int scoot__json_kv(scoot_buf *o, const char *key, const char *val, int comma)
{
    int rc = scoot_buf_printf(o, "%s\"%s\":", comma ? "," : "", key);
    return rc | (val ? scoot_buf_add_json_str(o, val) : scoot_buf_adds(o, "null"));
}

int scoot__json_strs(scoot_buf *o, const char *key, const char *const *v, int n)
{
    int rc = scoot_buf_printf(o, ",\"%s\":[", key);
    for (int i = 0; i < n; i++) {
        if (i)
            rc |= scoot_buf_addc(o, ',');
        rc |= scoot_buf_add_json_str(o, v[i]);
    }
    return rc | scoot_buf_addc(o, ']');
}

int scoot__json_schedule(scoot_buf *o, const scoot__care *k)
{
    int rc = scoot_buf_adds(o, ",\"schedule\":{");
    const char *sep = "";
    if (k->times_per_day) {
        rc |= scoot_buf_printf(o, "\"times_per_day\":%d", k->times_per_day);
        sep = ",";
    }
    if (k->minutes) {
        rc |= scoot_buf_printf(o, "%s\"minutes\":%d", sep, k->minutes);
        sep = ",";
    }
    if (k->days)
        rc |= scoot_buf_printf(o, "%s\"days\":%d", sep, k->days);
    return rc | scoot_buf_addc(o, '}');
}

static int evidence(scoot_buf *o, const scoot_result *r, const scoot__cause *c, int sign)
{
    const scoot_kb *kb = r->kb;
    int rc = scoot_buf_printf(o, ",\"%s\":[", sign > 0 ? "for" : "against");
    int first = 1;
    for (int e = c->ev_first; e < c->ev_first + c->n_ev; e++) {
        const scoot__evidence *ev = &kb->evidence[e];
        if (!r->ev_true[e] || (ev->weight > 0) != (sign > 0))
            continue;
        rc |= scoot_buf_adds(o, first ? "{" : ",{");
        first = 0;
        rc |= scoot__json_kv(o, "text", ev->text, 0);
        rc |= scoot_buf_printf(o, ",\"weight\":%g}", fabs(ev->weight));
    }
    return rc | scoot_buf_addc(o, ']');
}

int scoot_result_to_json(const scoot_result *r, scoot_buf *o)
{
    const scoot_kb *kb = r->kb;
    int rc = scoot_buf_adds(o, "{\"kb\":{");
    rc |= scoot__json_kv(o, "id", kb->id, 0);
    rc |= scoot__json_kv(o, "version", kb->version, 1);
    rc |= scoot__json_kv(o, "title", kb->title, 1);

    rc |= scoot_buf_adds(o, "},\"triage\":{");
    rc |= scoot__json_kv(o, "level", scoot_level_id((scoot_level)r->level), 0);
    rc |= scoot__json_kv(o, "label", kb->levels[r->level].label, 1);
    rc |= scoot__json_kv(o, "advice", kb->levels[r->level].advice, 1);
    rc |= scoot_buf_adds(o, ",\"reasons\":[");
    if (r->default_reason) {
        rc |= scoot_buf_adds(o, "{\"rule\":\"default\"");
        rc |= scoot__json_kv(o, "level", "monitor", 1);
        rc |= scoot__json_kv(o, "text", kb->default_reason, 1);
        rc |= scoot_buf_adds(o, ",\"sources\":[]}");
    }
    for (int i = 0; i < r->n_fired; i++) {
        const scoot__rule *ru = &kb->rules[r->fired[i]];
        rc |= scoot_buf_adds(o, i ? ",{" : "{");
        rc |= scoot__json_kv(o, "rule", ru->id, 0);
        rc |= scoot__json_kv(o, "level", scoot_level_id((scoot_level)ru->level), 1);
        rc |= scoot__json_kv(o, "text", ru->reason, 1);
        rc |= scoot_buf_adds(o, ",\"sources\":");
        rc |= scoot__json_sources(o, kb, &ru->src);
        rc |= scoot_buf_addc(o, '}');
    }
    rc |= scoot_buf_adds(o, "]},\"causes\":[");
    for (int k = 0; k < kb->n_causes; k++) {
        const scoot__cause *c = &kb->causes[r->order[k]];
        rc |= scoot_buf_adds(o, k ? ",{" : "{");
        rc |= scoot__json_kv(o, "id", c->id, 0);
        rc |= scoot__json_kv(o, "group", kb->groups[c->group].id, 1);
        rc |= scoot__json_kv(o, "name", c->name, 1);
        rc |= scoot_buf_printf(o, ",\"score\":%.4f", r->score[r->order[k]]);
        rc |= scoot_buf_printf(o, ",\"likely\":%s", r->likely[r->order[k]] ? "true" : "false");
        rc |= evidence(o, r, c, 1);
        rc |= evidence(o, r, c, -1);
        rc |= scoot__json_kv(o, "about", c->about, 1);
        rc |= scoot_buf_adds(o, ",\"sources\":");
        rc |= scoot__json_sources(o, kb, &c->src);
        rc |= scoot_buf_addc(o, '}');
    }
    rc |= scoot_buf_adds(o, "],\"care\":[");
    for (int i = 0; i < r->n_plan; i++) {
        const scoot__care *k = &kb->cares[r->plan[i]];
        rc |= scoot_buf_adds(o, i ? ",{" : "{");
        rc |= scoot__json_kv(o, "id", k->id, 0);
        rc |= scoot__json_kv(o, "title", k->title, 1);
        rc |= scoot__json_schedule(o, k);
        rc |= scoot__json_strs(o, "steps", k->steps, k->n_do);
        rc |= scoot__json_strs(o, "cautions", k->cautions, k->n_caution);
        rc |= scoot_buf_adds(o, ",\"sources\":");
        rc |= scoot__json_sources(o, kb, &k->src);
        rc |= scoot_buf_addc(o, '}');
    }
    rc |= scoot_buf_adds(o, "],\"withheld\":[");
    int first = 1;
    for (int i = 0; i < kb->n_cares; i++) {
        if (r->care_status[i] != SCOOT__CARE_WITHHELD)
            continue;
        const scoot__care *k = &kb->cares[i];
        rc |= scoot_buf_adds(o, first ? "{" : ",{");
        first = 0;
        rc |= scoot__json_kv(o, "id", k->id, 0);
        rc |= scoot__json_kv(o, "title", k->title, 1);
        rc |= scoot__json_kv(o, "reason", k->unless[r->care_unless[i]].reason, 1);
        rc |= scoot_buf_addc(o, '}');
    }
    rc |= scoot_buf_adds(o, "],\"watch_for\":[");
    for (int i = 0; i < r->n_watch; i++) {
        const scoot__rule *ru = &kb->rules[r->watch[i]];
        rc |= scoot_buf_adds(o, i ? ",{" : "{");
        rc |= scoot__json_kv(o, "rule", ru->id, 0);
        rc |= scoot__json_kv(o, "level", scoot_level_id((scoot_level)ru->level), 1);
        rc |= scoot__json_kv(o, "text", ru->watch, 1);
        rc |= scoot_buf_addc(o, '}');
    }
    rc |= scoot_buf_adds(o, "],\"unanswered_red_flags\":[");
    for (int i = 0; i < r->n_unanswered; i++) {
        const scoot__fact *f = &kb->facts[r->unanswered[i]];
        rc |= scoot_buf_adds(o, i ? ",{" : "{");
        rc |= scoot__json_kv(o, "id", f->id, 0);
        rc |= scoot__json_kv(o, "question", f->ask, 1);
        rc |= scoot_buf_addc(o, '}');
    }
    rc |= scoot_buf_adds(o, "]");
    rc |= scoot__json_kv(o, "disclaimer", kb->disclaimer, 1);
    rc |= scoot_buf_adds(o, "}\n");
    return rc ? SCOOT_ENOMEM : SCOOT_OK;
}
