/* fact_words.c: what a cat's journal added to a check, in an owner's words ("Age: 9.6 years",
 * "Is your cat neutered (castrated or spayed)? Yes"), never as the journal's "age_years = 9.6".
 * The words come from the KB's questions, units, labels and options, by the same rules as the
 * web app's answer page (web/js/result.js, factLabel and factValue). */
#include "../core/setup.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"

#define WIDTH 80

static int starts(const char *s, const char *p)
{
    return strncmp(s, p, strlen(p)) == 0;
}

/* Appends to out (size n, NUL-terminated) the text s, len bytes of it (len < 0: all). */
static void cat(char *out, size_t n, const char *s, long len)
{
    size_t have = strlen(out);
    size_t add = len < 0 ? strlen(s) : (size_t)len;
    if (have + 1 >= n)
        return;
    if (add > n - have - 1)
        add = n - have - 1;
    memcpy(out + have, s, add);
    out[have + add] = '\0';
}

/* Appends s with every "your cat's " made "the " ("your cat's usual stool": "the usual stool"). */
static void cat_the(char *out, size_t n, const char *s)
{
    const char *p;
    while ((p = strstr(s, "your cat's ")) != NULL) {
        cat(out, n, s, p - s);
        cat(out, n, "the ", -1);
        s = p + strlen("your cat's ");
    }
    cat(out, n, s, -1);
}

/* Appends s without its parenthesised parts ("stool chart score (1 to 7)": "stool chart score"). */
static void cat_unbracketed(char *out, size_t n, const char *s, long len)
{
    const char *end = s + len;
    while (s < end) {
        const char *open = memchr(s, '(', (size_t)(end - s));
        if (!open) {
            cat(out, n, s, end - s);
            return;
        }
        const char *stop = open;
        while (stop > s && stop[-1] == ' ')
            stop--;
        cat(out, n, s, stop - s);
        const char *close = memchr(open, ')', (size_t)(end - open));
        s = close ? close + 1 : end;
    }
}

/* "episodes of leaking have you noted in the last 30 days": "episodes of leaking noted in the
 * last 30 days"; "days have the signs been going on": "days the signs have been going on";
 * "times has your cat vomited": "times your cat has vomited". */
static void count_phrase(char *out, size_t n, const char *s)
{
    const char *has = strstr(s, " has "), *have = strstr(s, " have ");
    const char *aux = has && (!have || has < have) ? has : have;
    if (!aux) {
        cat(out, n, s, -1);
        return;
    }
    const char *word = aux == has ? "has" : "have";
    const char *rest = aux + strlen(word) + 2;
    const char *been = strstr(rest, " been ");
    cat(out, n, s, aux - s);
    if (starts(rest, "you ")) {
        cat(out, n, " ", -1);
        cat(out, n, rest + 4, -1);
    } else if (been) {
        cat(out, n, " ", -1);
        cat(out, n, rest, been - rest);
        cat(out, n, " ", -1);
        cat(out, n, word, -1);
        cat(out, n, been, -1);
    } else if (starts(rest, "your cat ")) {
        cat(out, n, " your cat ", -1);
        cat(out, n, word, -1);
        cat(out, n, " ", -1);
        cat(out, n, rest + strlen("your cat "), -1);
    } else {
        out[0] = '\0';
        cat(out, n, s, -1);
    }
}

/* The short label of fact i made from its question, or "" when the question reads better as
 * it is (yes/no and choice questions). (The KB has no short label of its own.) */
static void label_of(const scoot_kb *kb, int i, char *out, size_t n, int depth)
{
    scoot_fact_info f;
    scoot_scale_info si;
    out[0] = '\0';
    if (scoot_kb_fact(kb, i, &f) != SCOOT_OK || !f.ask)
        return;
    if (f.scale >= 0 && scoot_kb_scale(kb, f.scale, &si) == SCOOT_OK && si.title) {
        cat(out, n, si.title, -1);
        return;
    }
    char q[512];
    snprintf(q, sizeof q, "%s", f.ask);
    size_t len = strlen(q);
    while (len && (q[len - 1] == '?' || q[len - 1] == ' '))
        q[--len] = '\0';
    if (len && q[len - 1] == ')') { /* a closing "(a pain score from 0 to 10)" */
        char *open = strrchr(q, '(');
        if (open) {
            *open = '\0';
            len = strlen(q);
            while (len && (q[len - 1] == '?' || q[len - 1] == ' '))
                q[--len] = '\0';
        }
    }
    const char *counting = ", counting this one";
    if (len > strlen(counting) && !strcmp(q + len - strlen(counting), counting))
        q[len - strlen(counting)] = '\0';

    static const char *const preps[] = {"in", "on", "over", "during"};
    for (size_t k = 0; k < sizeof preps / sizeof *preps; k++) {
        char lead[32];
        snprintf(lead, sizeof lead, "And %s ", preps[k]);
        if (!starts(q, lead))
            continue;
        /* "And in the last 90 days": the question before it, with this window */
        char prev[512], sep[32];
        if (depth > 2 || i == 0)
            return;
        label_of(kb, i - 1, prev, sizeof prev, depth + 1);
        snprintf(sep, sizeof sep, " %s ", preps[k]);
        char *at = NULL, *p = prev;
        while ((p = strstr(p, sep)) != NULL)
            at = p++;
        if (!at || at == prev)
            return;
        cat(out, n, prev, at - prev);
        cat(out, n, q + strlen("And"), -1);
        return;
    }
    const char *m;
    if (starts(q, "How old is "))
        cat(out, n, "Age", -1);
    else if (starts(q, "How much does ") && strstr(q, " weigh"))
        cat(out, n, "Weight", -1);
    else if (starts(q, "What is ")) {
        char t[512] = "";
        cat_the(t, sizeof t, q + strlen("What is "));
        cat(out, n, starts(t, "the ") ? t + 4 : t, -1);
    } else if (starts(q, "Which ") && (m = strstr(q, " best matches ")) != NULL) {
        cat_unbracketed(out, n, q + strlen("Which "), m - q - (long)strlen("Which "));
        cat(out, n, " for ", -1);
        cat_the(out, n, m + strlen(" best matches "));
    } else if (starts(q, "How many "))
        count_phrase(out, n, q + strlen("How many "));
    else if (starts(q, "For how many "))
        count_phrase(out, n, q + strlen("For how many "));
    if (out[0] >= 'a' && out[0] <= 'z')
        out[0] = (char)(out[0] - 'a' + 'A');
}

/* Appends fact f's value v (as the journal wrote it) in words after label (may be ""). */
static void value_of(const scoot_fact_info *f, const char *v, const char *label, char *out,
                     size_t n)
{
    if (f->type == SCOOT_FACT_YESNO) {
        cat(out, n, !strcmp(v, "yes") || !strcmp(v, "true") ? "Yes" : "No", -1);
        return;
    }
    if (f->type == SCOOT_FACT_CHOICE) {
        for (int o = 0; o < f->n_options; o++)
            if (!strcmp(f->options[o], v)) {
                cat(out, n, f->option_text && f->option_text[o] ? f->option_text[o] : v, -1);
                return;
            }
        cat(out, n, v, -1);
        return;
    }
    char *end;
    double x = strtod(v, &end);
    if (end == v || *end) {
        cat(out, n, v, -1);
        return;
    }
    double shown = round(x * 10) / 10;
    char num[64];
    snprintf(num, sizeof num, "%g", shown);
    cat(out, n, num, -1);
    if (f->unit && f->unit[0] && strncasecmp(label, f->unit, strlen(f->unit)) != 0) {
        size_t ul = strlen(f->unit);
        cat(out, n, " ", -1);
        /* "1 day", "1 year", "2 days" */
        cat(out, n, f->unit, shown == 1 && ul > 1 && f->unit[ul - 1] == 's' ? (long)ul - 1 : -1);
    }
    if (f->scale >= 0) {
        snprintf(num, sizeof num, " of %g", f->max);
        cat(out, n, num, -1);
    }
    for (int k = 0; k < f->n_labels; k++)
        if (f->label_value[k] == x && f->label_text[k]) {
            const char *t = f->label_text[k], *semi = strchr(t, ';');
            cat(out, n, " (", -1);
            cat(out, n, t, semi ? semi - t : -1);
            cat(out, n, ")", -1);
            break;
        }
}

int cli_print_derived(FILE *out, const scoot_kb *kb, const char *explain)
{
    int rc = 0;
    scoot_buf b;
    scoot_buf_init(&b, 0);
    for (const char *line = explain; *line;) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        char l[1024], id[128], value[256] = "", why[512] = "";
        snprintf(l, sizeof l, "%.*s", (int)(len < sizeof l ? len : sizeof l - 1), line);
        line += len + (nl ? 1 : 0);
        char *eq = strstr(l, " = ");
        if (!eq || eq == l)
            continue;
        snprintf(id, sizeof id, "%.*s", (int)(eq - l), l);
        const char *v = eq + 3;
        const char *paren = strstr(v, " (");
        snprintf(value, sizeof value, "%.*s", (int)(paren ? paren - v : (long)strlen(v)), v);
        if (paren) {
            snprintf(why, sizeof why, "%s", paren + 2);
            size_t wl = strlen(why);
            if (wl && why[wl - 1] == ')')
                why[wl - 1] = '\0';
        }
        int i = scoot_kb_fact_find(kb, id);
        scoot_fact_info f;
        if (i < 0 || scoot_kb_fact(kb, i, &f) != SCOOT_OK)
            continue; /* (never an id on the screen) */
        char text[1536] = "", label[512];
        label_of(kb, i, label, sizeof label, 0);
        if (label[0]) {
            cat(text, sizeof text, label, -1);
            cat(text, sizeof text, ": ", -1);
        } else {
            cat(text, sizeof text, f.ask ? f.ask : "", -1);
            cat(text, sizeof text, " ", -1);
        }
        value_of(&f, value, label, text, sizeof text);
        /* the reason, unless it only says the value again ("2 logged in the last 30 days") */
        size_t vl = strlen(value);
        if (!strcmp(why, "profile"))
            snprintf(why, sizeof why, "from the profile");
        if (why[0] && !(strncmp(why, value, vl) == 0 && why[vl] == ' ')) {
            cat(text, sizeof text, " \u2014 ", -1);
            cat(text, sizeof text, why, -1);
        }
        if (!rc)
            rc = scoot_buf_adds(&b, "  - ");
        if (!rc)
            rc = scoot_buf_wrap(&b, text, WIDTH, 4, 4);
        if (!rc)
            rc = scoot_buf_addc(&b, '\n');
    }
    if (!rc)
        fputs(scoot_buf_str(&b), out);
    scoot_buf_free(&b);
    return rc;
}
