/*
 * test_kb_bad.c: malformed knowledge bases, each with the message it must produce.
 * tests/kb-bad/mutations.txt holds blocks that edit the valid tests/data/mini.kb:
 *   == title
 *   - text to find (\n for a newline, \t for a tab)        (repeatable: - / + pairs)
 *   + replacement
 *   ! t.kb:LINE:COL: expected message        (every ! line must appear in the output)
 *   !! exact                                 (optional: the output must be exactly the ! lines)
 */
#include "../../src/core/setup.h"

#include <stdio.h>
#include <stdlib.h>

#include "support.h"

typedef struct {
    char title[200];
    char *find[8], *repl[8];
    int n_edits;
    char *expect[16];
    int n_expect;
    int exact;
    int line;
} mutation;

static char *unescape(const char *s)
{
    char *o = scoot_malloc(strlen(s) + 1), *p = o;
    for (; *s; s++) {
        if (s[0] == '\\' && (s[1] == 'n' || s[1] == 't')) {
            *p++ = s[1] == 'n' ? '\n' : '\t';
            s++;
        } else {
            *p++ = *s;
        }
    }
    *p = '\0';
    return o;
}

/* Applies the edits to base; fails the test when a find text is missing. */
static char *apply(const char *base, const mutation *m)
{
    char *text = scoot_strdup(base);
    for (int i = 0; i < m->n_edits; i++) {
        char *at = strstr(text, m->find[i]);
        if (!at)
            fail_msg("mutations.txt:%d (%s): text to replace not found: %s", m->line, m->title,
                     m->find[i]);
        scoot_buf b;
        scoot_buf_init(&b, 0);
        scoot_buf_add(&b, text, (size_t)(at - text));
        scoot_buf_adds(&b, m->repl[i]);
        scoot_buf_adds(&b, at + strlen(m->find[i]));
        scoot_free(text);
        text = scoot_buf_detach(&b);
    }
    return text;
}

static int run(const char *base, mutation *m)
{
    char *text = apply(base, m);
    scoot_kb *kb = NULL;
    scoot_buf e;
    scoot_buf_init(&e, 0);
    int rc = scoot_kb_load(text, strlen(text), "t.kb", &kb, &e);
    int failed = 0;
    if (rc != SCOOT_EKB) {
        print_error("mutations.txt:%d (%s): expected the KB to be rejected, got %d\n", m->line,
                    m->title, rc);
        failed = 1;
    }
    for (int i = 0; i < m->n_expect; i++) {
        if (!strstr(scoot_buf_str(&e), m->expect[i])) {
            print_error("mutations.txt:%d (%s): missing message\n  %s\ngot:\n%s", m->line,
                        m->title, m->expect[i], scoot_buf_str(&e));
            failed = 1;
        }
    }
    if (m->exact) {
        int lines = 0;
        for (const char *p = scoot_buf_str(&e); *p; p++)
            lines += *p == '\n';
        if (lines != m->n_expect) {
            print_error("mutations.txt:%d (%s): expected exactly %d messages, got:\n%s", m->line,
                        m->title, m->n_expect, scoot_buf_str(&e));
            failed = 1;
        }
    }
    scoot_kb_free(kb);
    scoot_buf_free(&e);
    scoot_free(text);
    for (int i = 0; i < m->n_edits; i++) {
        scoot_free(m->find[i]);
        scoot_free(m->repl[i]);
    }
    for (int i = 0; i < m->n_expect; i++)
        scoot_free(m->expect[i]);
    return failed;
}

static void mutations(void **state)
{
    (void)state;
    char *base = t_read("tests/data/mini.kb", NULL);
    char *spec = t_read("tests/kb-bad/mutations.txt", NULL);
    mutation m;
    memset(&m, 0, sizeof m);
    int have = 0, n = 0, failed = 0, lineno = 0;
    char *save = NULL;
    for (char *ln = strtok_r(spec, "\n", &save); ln; ln = strtok_r(NULL, "\n", &save)) {
        lineno++;
        if (!strncmp(ln, "== ", 3)) {
            if (have) {
                failed += run(base, &m);
                n++;
            }
            memset(&m, 0, sizeof m);
            snprintf(m.title, sizeof m.title, "%s", ln + 3);
            m.line = lineno;
            have = 1;
        } else if (!strncmp(ln, "- ", 2) && m.n_edits < 8) {
            m.find[m.n_edits] = unescape(ln + 2);
        } else if (!strncmp(ln, "+", 1) && m.n_edits < 8) {
            m.repl[m.n_edits++] = unescape(ln[1] == ' ' ? ln + 2 : ln + 1);
        } else if (!strcmp(ln, "!!")) {
            m.exact = 1;
        } else if (!strncmp(ln, "! ", 2) && m.n_expect < 16) {
            m.expect[m.n_expect++] = scoot_strdup(ln + 2);
        }
    }
    if (have) {
        failed += run(base, &m);
        n++;
    }
    scoot_free(base);
    scoot_free(spec);
    print_message("%d malformed KBs checked, %d failed\n", n, failed);
    assert_true(n >= 30);
    assert_int_equal(failed, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(mutations)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
