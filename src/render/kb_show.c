/* kb_show.c: the knowledge base as JSON (for front ends) and as a readable summary. */
#include "../core/setup.h"

#include "render_int.h"
#include "scoot/error.h"

static const char *const section_names[] = {"cat", "findings", "history"};
static const char *const type_names[] = {"yesno", "number", "choice", "text"};

static int fact_json(scoot_buf *o, const scoot_kb *kb, const scoot__fact *f)
{
    int rc = scoot_buf_addc(o, '{');
    rc |= scoot__json_kv(o, "id", f->id, 0);
    rc |= scoot__json_kv(o, "section", section_names[f->ns], 1);
    rc |= scoot__json_kv(o, "type", type_names[f->type], 1);
    if (f->type == SCOOT__NUMBER) {
        rc |= scoot_buf_printf(o, ",\"min\":%g,\"max\":%g", f->min, f->max);
        if (f->unit)
            rc |= scoot__json_kv(o, "unit", f->unit, 1);
        rc |= scoot_buf_adds(o, ",\"labels\":[");
        for (int i = 0; i < f->n_labels; i++) {
            rc |= scoot_buf_printf(o, "%s{\"value\":%g", i ? "," : "", f->label_value[i]);
            rc |= scoot__json_kv(o, "text", f->label_text[i], 1);
            rc |= scoot_buf_addc(o, '}');
        }
        rc |= scoot_buf_addc(o, ']');
        if (f->scale >= 0)
            rc |= scoot__json_kv(o, "scale", kb->scales[f->scale].id, 1);
    }
    if (f->type == SCOOT__CHOICE) {
        rc |= scoot_buf_adds(o, ",\"options\":[");
        for (int i = 0; i < f->n_options; i++) {
            rc |= scoot_buf_adds(o, i ? ",{" : "{");
            rc |= scoot__json_kv(o, "id", f->options[i], 0);
            rc |= scoot__json_kv(o, "text", f->option_text[i], 1);
            rc |= scoot_buf_addc(o, '}');
        }
        rc |= scoot_buf_addc(o, ']');
    }
    rc |= scoot__json_kv(o, "ask", f->ask, 1);
    rc |= scoot__json_kv(o, "help", f->help, 1);
    rc |= scoot_buf_printf(o, ",\"redflag\":%s,\"conditional\":%s", f->redflag ? "true" : "false",
                           f->ask_if >= 0 ? "true" : "false");
    rc |= scoot_buf_adds(o, ",\"sources\":");
    rc |= scoot__json_sources(o, kb, &f->src);
    return rc | scoot_buf_addc(o, '}');
}

int scoot_kb_to_json(const scoot_kb *kb, scoot_buf *o)
{
    int rc = scoot_buf_addc(o, '{');
    rc |= scoot__json_kv(o, "id", kb->id, 0);
    rc |= scoot__json_kv(o, "version", kb->version, 1);
    rc |= scoot__json_kv(o, "title", kb->title, 1);
    rc |= scoot__json_kv(o, "disclaimer", kb->disclaimer, 1);
    rc |= scoot_buf_printf(o, ",\"likely_threshold\":%g,\"levels\":[", kb->likely);
    for (int i = 0; i < 3; i++) {
        rc |= scoot_buf_adds(o, i ? ",{" : "{");
        rc |= scoot__json_kv(o, "id", scoot_level_id((scoot_level)i), 0);
        rc |= scoot__json_kv(o, "label", kb->levels[i].label, 1);
        rc |= scoot__json_kv(o, "advice", kb->levels[i].advice, 1);
        rc |= scoot_buf_addc(o, '}');
    }
    rc |= scoot_buf_adds(o, "],\"sources\":[");
    for (int i = 0; i < kb->n_sources; i++) {
        const scoot__source *s = &kb->sources[i];
        rc |= scoot_buf_adds(o, i ? ",{" : "{");
        rc |= scoot__json_kv(o, "id", s->id, 0);
        rc |= scoot__json_kv(o, "cite", s->cite, 1);
        rc |= scoot_buf_printf(o, ",\"tier\":\"%c\"", s->tier);
        rc |= scoot__json_kv(o, "url", s->url, 1);
        rc |= scoot_buf_addc(o, '}');
    }
    rc |= scoot_buf_adds(o, "],\"facts\":[");
    for (int i = 0; i < kb->n_facts; i++) {
        if (i)
            rc |= scoot_buf_addc(o, ',');
        rc |= fact_json(o, kb, &kb->facts[i]);
    }
    rc |= scoot_buf_adds(o, "],\"question_order\":[");
    for (int i = 0; i < kb->n_ask; i++) {
        if (i)
            rc |= scoot_buf_addc(o, ',');
        rc |= scoot_buf_add_json_str(o, kb->facts[kb->ask_order[i]].id);
    }
    rc |= scoot_buf_adds(o, "],\"scales\":[");
    for (int i = 0; i < kb->n_scales; i++) {
        const scoot__scale *s = &kb->scales[i];
        rc |= scoot_buf_adds(o, i ? ",{" : "{");
        rc |= scoot__json_kv(o, "id", s->id, 0);
        rc |= scoot__json_kv(o, "title", s->title, 1);
        rc |= scoot__json_kv(o, "about", s->about, 1);
        rc |= scoot_buf_printf(o, ",\"max\":%g,\"units\":[", s->max);
        for (int u = 0; u < s->n_units; u++) {
            rc |= scoot_buf_adds(o, u ? ",{" : "{");
            rc |= scoot__json_kv(o, "id", s->units[u].id, 0);
            rc |= scoot__json_kv(o, "name", s->units[u].name, 1);
            rc |= scoot__json_strs(o, "scores", s->units[u].score_text, s->units[u].n_scores);
            rc |= scoot_buf_addc(o, '}');
        }
        rc |= scoot_buf_adds(o, "],\"sources\":");
        rc |= scoot__json_sources(o, kb, &s->src);
        rc |= scoot_buf_addc(o, '}');
    }
    rc |= scoot_buf_adds(o, "],\"groups\":[");
    for (int i = 0; i < kb->n_groups; i++) {
        rc |= scoot_buf_adds(o, i ? ",{" : "{");
        rc |= scoot__json_kv(o, "id", kb->groups[i].id, 0);
        rc |= scoot__json_kv(o, "name", kb->groups[i].name, 1);
        rc |= scoot_buf_addc(o, '}');
    }
    rc |= scoot_buf_adds(o, "],\"causes\":[");
    for (int i = 0; i < kb->n_causes; i++) {
        const scoot__cause *c = &kb->causes[i];
        rc |= scoot_buf_adds(o, i ? ",{" : "{");
        rc |= scoot__json_kv(o, "id", c->id, 0);
        rc |= scoot__json_kv(o, "group", kb->groups[c->group].id, 1);
        rc |= scoot__json_kv(o, "name", c->name, 1);
        rc |= scoot__json_kv(o, "about", c->about, 1);
        rc |= scoot_buf_adds(o, ",\"sources\":");
        rc |= scoot__json_sources(o, kb, &c->src);
        rc |= scoot_buf_addc(o, '}');
    }
    rc |= scoot_buf_adds(o, "],\"rules\":[");
    for (int i = 0; i < kb->n_rules; i++) {
        const scoot__rule *ru = &kb->rules[i];
        rc |= scoot_buf_adds(o, i ? ",{" : "{");
        rc |= scoot__json_kv(o, "id", ru->id, 0);
        rc |= scoot__json_kv(o, "level", scoot_level_id((scoot_level)ru->level), 1);
        rc |= scoot__json_kv(o, "reason", ru->reason, 1);
        rc |= scoot__json_kv(o, "watch", ru->watch, 1);
        rc |= scoot_buf_adds(o, ",\"sources\":");
        rc |= scoot__json_sources(o, kb, &ru->src);
        rc |= scoot_buf_addc(o, '}');
    }
    rc |= scoot_buf_adds(o, "],\"care\":[");
    for (int i = 0; i < kb->n_cares; i++) {
        const scoot__care *k = &kb->cares[i];
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
    rc |= scoot_buf_adds(o, "]}\n");
    return rc ? SCOOT_ENOMEM : SCOOT_OK;
}

int scoot_kb_to_text(const scoot_kb *kb, scoot_buf *o)
{
    static const char *const lv[3] = {"monitor", "vet_soon", "urgent"};
    int rc = scoot_buf_printf(o, "%s (%s %s)\n", kb->title, kb->id, kb->version);
    rc |= scoot_buf_printf(o,
                           "%d questions (%d asked), %d scales, %d causes in %d groups, "
                           "%d triage rules, %d care items, %d sources\n",
                           kb->n_facts, kb->n_ask, kb->n_scales, kb->n_causes, kb->n_groups,
                           kb->n_rules, kb->n_cares, kb->n_sources);
    rc |= scoot_buf_adds(o, "\nQuestions, in the order they are asked:\n");
    for (int i = 0; i < kb->n_ask; i++) {
        const scoot__fact *f = &kb->facts[kb->ask_order[i]];
        rc |= scoot_buf_printf(o, "  %-26s %-7s %s%s\n", f->id, type_names[f->type],
                               f->redflag ? "[red flag] " : "", f->ask);
    }
    rc |= scoot_buf_adds(o, "\nCauses:\n");
    for (int i = 0; i < kb->n_causes; i++)
        rc |= scoot_buf_printf(o, "  %-26s %-20s %s (%d evidence lines)\n", kb->causes[i].id,
                               kb->groups[kb->causes[i].group].id, kb->causes[i].name,
                               kb->causes[i].n_ev);
    rc |= scoot_buf_adds(o, "\nTriage rules:\n");
    for (int i = 0; i < kb->n_rules; i++)
        rc |= scoot_buf_printf(o, "  %-26s %-8s %s\n", kb->rules[i].id, lv[kb->rules[i].level],
                               kb->rules[i].reason);
    rc |= scoot_buf_adds(o, "\nCare items:\n");
    for (int i = 0; i < kb->n_cares; i++)
        rc |= scoot_buf_printf(o, "  %-30s %s\n", kb->cares[i].id, kb->cares[i].title);
    rc |= scoot_buf_adds(o, "\nSources:\n");
    for (int i = 0; i < kb->n_sources; i++)
        rc |= scoot_buf_printf(o, "  %-12s [%c] %s\n", kb->sources[i].id, kb->sources[i].tier,
                               kb->sources[i].cite);
    return rc ? SCOOT_ENOMEM : SCOOT_OK;
}
