/* embed.c: the smallest program that embeds the scoot engine (built by tests/cli/install.sh
 * against an installed libscoot through pkg-config). */
#include <stdio.h>
#include <string.h>

#include <scoot/scoot.h>

int main(void)
{
    scoot_kb *kb;
    scoot_case *c;
    scoot_result *r;
    scoot_buf out, err;
    if (scoot_kb_load_default(&kb, NULL))
        return 1;
    if (scoot_case_new(kb, &c) || scoot_result_new(kb, &r))
        return 1;
    const char *json = "{\"findings\": {\"discharge_seen\": true, \"discharge_repeated\": true}}";
    scoot_buf_init(&err, 0);
    if (scoot_case_set_json(c, json, strlen(json), "case", &err)) {
        fputs(scoot_buf_str(&err), stderr);
        return 1;
    }
    scoot_assess(kb, c, r);
    printf("%s %s\n", scoot_level_id(scoot_result_level(r)), scoot_result_cause_id(r, 0));
    scoot_buf_init(&out, 0);
    scoot_result_to_json(r, &out);
    scoot_buf_free(&out);
    scoot_buf_free(&err);
    scoot_result_free(r);
    scoot_case_free(c);
    scoot_kb_free(kb);
    return 0;
}
