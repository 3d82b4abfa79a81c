/* result_text.c: the result as text for a person at a terminal. */
#include "../core/setup.h"

#include <stdarg.h>

#include "../engine/engine_int.h"
#include "scoot/render.h"
#include "scoot/error.h"

/* Causes shown in text: the most likely one, then others while they score at least this. */
#define SHOW_MIN_SCORE 0.05
#define SHOW_MAX 5
#define WIDTH 78
/* Open questions listed under an answer that is not settled. */
#define SHOW_OPEN 8

typedef struct {
    scoot_buf *o;
    int color;
    int rc;
} out;

/* The first failure is kept in t->rc; after it, nothing more is added. */
static void put(out *t, const char *s)
{
    if (!t->rc)
        t->rc = scoot_buf_adds(t->o, s);
}

static void putf(out *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void putf(out *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (!t->rc)
        t->rc = scoot_buf_vprintf(t->o, fmt, ap);
    va_end(ap);
}

static void color(out *t, const char *code)
{
    if (t->color)
        put(t, code);
}

/* How likely a cause is, in words, with a figure that never claims certainty (a score is
 * relative to the causes the KB knows, not a probability of the diagnosis). */
static void put_likelihood(out *t, double score)
{
    const char *words = score >= 0.6 ? "most likely" : score >= 0.3 ? "likely"
                        : score >= 0.15 ? "possible" : "less likely";
    int pc = (int)(score * 100 + 0.5);
    if (pc > 95)
        putf(t, "%s (over 95 %%)", words);
    else if (pc < 1)
        putf(t, "%s (under 1 %%)", words);
    else
        putf(t, "%s (about %d %%)", words, pc);
}

/* Appends text word-wrapped to WIDTH, continuation lines indented by indent spaces. */
static void wrap(out *t, const char *text, int first_col, int indent)
{
    if (!t->rc)
        t->rc = scoot_buf_wrap(t->o, text, WIDTH, first_col, indent);
    if (!t->rc)
        t->rc = scoot_buf_addc(t->o, '\n');
}

static void heading(out *t, const char *h)
{
    put(t, "\n");
    color(t, "\033[1m");
    put(t, h);
    color(t, "\033[0m");
    put(t, "\n");
}

static void sources(out *t, const scoot_kb *kb, const scoot__srcs *s)
{
    if (!s->n)
        return;
    color(t, "\033[2m");
    put(t, "      sources:");
    for (int i = 0; i < s->n; i++) {
        put(t, " ");
        put(t, kb->sources[s->idx[i]].id);
    }
    color(t, "\033[0m");
    put(t, "\n");
}

static int in_srcs(const scoot__srcs *s, int idx)
{
    for (int i = 0; i < s->n; i++)
        if (s->idx[i] == idx)
            return 1;
    return 0;
}

/* 1 when source idx is cited by a reason or a care item the text shows. */
static int source_used(const scoot_result *r, int idx)
{
    const scoot_kb *kb = r->kb;
    for (int i = 0; i < r->n_fired; i++)
        if (in_srcs(&kb->rules[r->fired[i]].src, idx))
            return 1;
    for (int i = 0; i < r->n_plan; i++)
        if (in_srcs(&kb->cares[r->plan[i]].src, idx))
            return 1;
    return 0;
}

int scoot_result_to_text(const scoot_result *r, scoot_buf *o, int flags)
{
    const scoot_kb *kb = r->kb;
    out t = {o, (flags & SCOOT_TEXT_COLOR) != 0, 0};
    static const char *const banner[3] = {"\033[1;30;42m", "\033[1;30;43m", "\033[1;97;41m"};
    color(&t, banner[r->level]);
    putf(&t, " %s ", kb->levels[r->level].label);
    color(&t, "\033[0m");
    put(&t, "\n");
    wrap(&t, kb->levels[r->level].advice, 0, 0);
    const scoot__level *lv = &kb->levels[r->level];
    for (int i = 0; i < lv->n_now; i++) {
        put(&t, i ? "  - " : "\nRight away:\n  - ");
        wrap(&t, lv->now[i], 4, 4);
    }

    heading(&t, "Why");
    if (r->default_reason) {
        put(&t, "  - ");
        wrap(&t, (!r->settled || r->n_unsure_rf) && kb->open_reason ? kb->open_reason
                                                                    : kb->default_reason, 4, 4);
    }
    for (int i = 0; i < r->n_fired; i++) {
        const scoot__rule *ru = &kb->rules[r->fired[i]];
        put(&t, "  - ");
        wrap(&t, ru->reason, 4, 4);
        sources(&t, kb, &ru->src);
    }

    if (r->settled && !r->n_unsure_rf) {
        put(&t, "  ");
        wrap(&t, "More answers will not change how urgent this is; they can sharpen what is behind it.", 2, 2);
    }

    if (kb->n_causes) {
        heading(&t, "What is probably behind it");
        for (int k = 0; k < kb->n_causes && k < SHOW_MAX; k++) {
            int i = r->order[k];
            if (k > 0 && r->score[i] < SHOW_MIN_SCORE)
                break;
            const scoot__cause *c = &kb->causes[i];
            putf(&t, "  %d. %s: ", k + 1, c->name);
            put_likelihood(&t, r->score[i]);
            if (strcmp(c->id, kb->groups[c->group].id) != 0)
                putf(&t, "  [%s]", kb->groups[c->group].name);
            put(&t, "\n");
            for (int h = r->hit_first[i]; h < r->hit_first[i + 1]; h++) {
                int e = r->ev_hit[h];
                int pro = kb->evidence[e].weight > 0;
                color(&t, pro ? "\033[32m" : "\033[31m");
                put(&t, pro ? "     + " : "     - ");
                color(&t, "\033[0m");
                wrap(&t, kb->evidence[e].text, 7, 7);
            }
        }
    }

    heading(&t, "What to do now");
    if (!r->n_plan)
        put(&t, "  (nothing at home for now)\n");
    for (int i = 0; i < r->n_plan; i++) {
        const scoot__care *k = &kb->cares[r->plan[i]];
        put(&t, "  * ");
        color(&t, "\033[1m");
        put(&t, k->title);
        color(&t, "\033[0m");
        if (k->times_per_day || k->minutes || k->days) {
            put(&t, " —");
            if (k->times_per_day)
                putf(&t, " %d× a day", k->times_per_day);
            if (k->minutes)
                putf(&t, "%s %d minute%s", k->times_per_day ? "," : "", k->minutes,
                     k->minutes == 1 ? "" : "s");
            if (k->days)
                putf(&t, "%s for %d day%s", k->times_per_day || k->minutes ? "," : "", k->days,
                     k->days == 1 ? "" : "s");
        }
        put(&t, "\n");
        for (int s = 0; s < k->n_do; s++) {
            putf(&t, "      %d. ", s + 1);
            wrap(&t, k->steps[s], 9, 9);
        }
        for (int s = 0; s < k->n_caution; s++) {
            color(&t, "\033[33m");
            put(&t, "      ! ");
            color(&t, "\033[0m");
            wrap(&t, k->cautions[s], 8, 8);
        }
        sources(&t, kb, &k->src);
    }
    int any = 0;
    for (int i = 0; i < kb->n_cares; i++) {
        if (r->care_status[i] != SCOOT__CARE_WITHHELD)
            continue;
        if (!any)
            heading(&t, "Not now");
        any = 1;
        const scoot__care *k = &kb->cares[i];
        putf(&t, "  * %s: ", k->title);
        wrap(&t, k->unless[r->care_unless[i]].reason, 6 + (int)strlen(k->title), 6);
    }
    if (r->n_watch) {
        heading(&t, "Watch for (any of these would raise the level)");
        for (int i = 0; i < r->n_watch; i++) {
            const scoot__rule *ru = &kb->rules[r->watch[i]];
            putf(&t, "  - [%s] ", kb->levels[ru->level].label);
            wrap(&t, ru->watch, 8 + (int)strlen(kb->levels[ru->level].label), 6);
        }
    }
    if (!r->settled) {
        heading(&t, "Still unanswered, and could change how urgent this is");
        int n = r->n_next_level < SHOW_OPEN ? r->n_next_level : SHOW_OPEN;
        for (int i = 0; i < n; i++) {
            put(&t, "  ? ");
            wrap(&t, kb->facts[r->next[i]].ask, 4, 4);
        }
        if (r->n_next_level > n)
            putf(&t, "  (and %d more)\n", r->n_next_level - n);
    }
    if (r->n_unsure_rf) {
        /* (a question answered "not sure" is not open, but its answer could still matter) */
        heading(&t, "Safety questions answered \"not sure\" (a yes could make it more urgent)");
        for (int i = 0; i < r->n_unanswered; i++) {
            if (!r->unsure_rf[i])
                continue;
            put(&t, "  ? ");
            wrap(&t, kb->facts[r->unanswered[i]].ask, 4, 4);
        }
    }
    /* the source tags above, in full, once each */
    int any_src = 0;
    for (int sidx = 0; sidx < kb->n_sources; sidx++) {
        if (!source_used(r, sidx))
            continue;
        if (!any_src)
            heading(&t, "Sources");
        any_src = 1;
        putf(&t, "  %-4s ", kb->sources[sidx].id);
        wrap(&t, kb->sources[sidx].cite, 7, 7);
    }
    put(&t, "\n");
    color(&t, "\033[2m");
    wrap(&t, kb->disclaimer, 0, 0);
    putf(&t, "Knowledge base: %s, version %s\n", kb->title, kb->version);
    color(&t, "\033[0m");
    return t.rc;
}
