/* support.c: helpers shared by the unit tests. */
#include "../../src/core/setup.h"

#include <stdio.h>

#include "support.h"

char *t_read(const char *relpath, size_t *len)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", SCOOT_SOURCE_DIR, relpath);
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    scoot_buf b;
    scoot_buf_init(&b, 0);
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        assert_int_equal(scoot_buf_add(&b, chunk, n), SCOOT_OK);
    fclose(f);
    if (len)
        *len = b.len;
    if (!b.data)
        return scoot_strdup("");
    return scoot_buf_detach(&b);
}

scoot_kb *t_kb(const char *text)
{
    scoot_kb *kb = NULL;
    scoot_buf e;
    scoot_buf_init(&e, 0);
    int rc = scoot_kb_load(text, strlen(text), "t.kb", &kb, &e);
    if (rc)
        fail_msg("KB did not load (%d):\n%s", rc, scoot_buf_str(&e));
    scoot_buf_free(&e);
    return kb;
}

scoot_kb *t_mini_kb(void)
{
    char *text = t_read("tests/data/mini.kb", NULL);
    scoot_kb *kb = t_kb(text);
    scoot_free(text);
    return kb;
}

scoot_kb *t_wide_kb(void)
{
    char *text = t_read("tests/data/wide.kb", NULL);
    scoot_kb *kb = t_kb(text);
    scoot_free(text);
    return kb;
}

scoot_kb *t_default_kb(void)
{
    scoot_kb *kb = NULL;
    scoot_buf e;
    scoot_buf_init(&e, 0);
    int rc = scoot_kb_load_default(&kb, &e);
    if (rc)
        fail_msg("default KB did not load (%d):\n%s", rc, scoot_buf_str(&e));
    scoot_buf_free(&e);
    return kb;
}
