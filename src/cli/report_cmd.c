/* report_cmd.c: `scoot report`: the report for the vet on a cat, as PDF or HTML (the render
 * layer's scoot_report), to a file or standard output. It needs cairo and Pango, which cannot
 * be linked statically: the static scoot command runs the scoot-report program beside it for
 * this one command (see main.c and CMakeLists.txt). */
#include "../core/setup.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli.h"
#include "scoot/render.h"
#include "scoot/time.h"

static void usage(FILE *f)
{
    fprintf(f, "Usage: scoot report --cat NAME [--since DATE] [--until DATE] [--format pdf|html]\n"
               "                    [--paper a4|letter] [-o|--output FILE]\n"
               "The report to take to the vet: the cat, the question for the vet in one sentence,\n"
               "a timeline of leaks, stool, weight and pain with vet visits and medicines marked,\n"
               "the leaks, signs, medicines given and missed, care done, the latest check and its\n"
               "causes, the owner's notes and questions worth asking. Two pages at most.\n"
               "  --since DATE   the start of the window (default: 12 weeks before --until)\n"
               "  --until DATE   the end of it, the report's day (default: now)\n"
               "  --format F     pdf (default) or html (one self-contained page)\n"
               "  --paper P      a4 (default) or letter\n"
               "  -o FILE        write to FILE (default: standard output)\n"
               "DATE: 2026-09-01, 2026-09-01 18:00, 3 days ago, yesterday.\n"
               "Common: --db PATH, --kb FILE\n");
}

/* Reads a date option; EXIT_INPUT after a message naming it. */
static int date_opt(const char *opt, const char *text, scoot_time now, scoot_time *t)
{
    scoot_buf e;
    scoot_buf_init(&e, 0);
    int rc = scoot_time_parse(text, now, t, &e);
    if (rc) {
        fprintf(stderr, "scoot report: --%s: ", opt);
        cli_print_text(stderr, scoot_buf_str(&e));
        if (e.len && e.data[e.len - 1] != '\n')
            fputc('\n', stderr);
    } else if (*t > now) {
        fprintf(stderr, "scoot report: --%s: %s is in the future\n", opt, cli_text(text));
        rc = SCOOT_ERANGE;
    }
    scoot_buf_free(&e);
    return rc ? EXIT_INPUT : EXIT_OK;
}

int cmd_report(int argc, char **argv)
{
    static const char *const names[] = {"db", "kb", "cat", "since", "until", "format", "paper", "output"};
    const char *v[SCOOT_ARRAY_LEN(names)] = {NULL};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return EXIT_OK;
        }
        if (!strcmp(a, "-o"))
            a = "--output";
        if (strncmp(a, "--", 2)) {
            fprintf(stderr, "scoot report: unexpected argument '%s'\n", cli_text(a));
            usage(stderr);
            return EXIT_USAGE;
        }
        const char *name = a + 2, *eq = strchr(name, '=');
        size_t len = eq ? (size_t)(eq - name) : strlen(name), k;
        for (k = 0; k < SCOOT_ARRAY_LEN(names); k++)
            if (strlen(names[k]) == len && !strncmp(names[k], name, len))
                break;
        if (k == SCOOT_ARRAY_LEN(names)) {
            fprintf(stderr, "scoot report: unknown option '%s'\n", cli_text(a));
            usage(stderr);
            return EXIT_USAGE;
        }
        const char *val = eq ? eq + 1 : i + 1 < argc ? argv[++i] : NULL;
        if (!val || !*val) {
            fprintf(stderr, "scoot report: --%s needs a value\n", names[k]);
            return EXIT_USAGE;
        }
        v[k] = val; /* (a later one wins: the global options come first) */
    }
    if (!v[2]) {
        fprintf(stderr, "scoot report: which cat? add --cat NAME\n");
        return EXIT_USAGE;
    }
    scoot_report_opts o = {SCOOT_REPORT_PDF, SCOOT_PAPER_A4};
    if (v[5] && !strcmp(v[5], "html"))
        o.format = SCOOT_REPORT_HTML;
    else if (v[5] && strcmp(v[5], "pdf")) {
        fprintf(stderr, "scoot report: unknown --format '%s' (pdf or html)\n", cli_text(v[5]));
        return EXIT_USAGE;
    }
    if (v[6] && !strcasecmp(v[6], "letter"))
        o.paper = SCOOT_PAPER_LETTER;
    else if (v[6] && strcasecmp(v[6], "a4")) {
        fprintf(stderr, "scoot report: unknown --paper '%s' (a4 or letter)\n", cli_text(v[6]));
        return EXIT_USAGE;
    }
    scoot_time clock = scoot_time_now(), now = clock, since = SCOOT_REPORT_SINCE_DEFAULT;
    int st;
    if (v[4] && (st = date_opt("until", v[4], clock, &now)) != EXIT_OK)
        return st;
    if (v[3] && (st = date_opt("since", v[3], clock, &since)) != EXIT_OK)
        return st;
    if (v[3] && since >= now) {
        fprintf(stderr, "scoot report: --since %s is not before %s: the dates are in the wrong order\n",
                cli_text(v[3]), v[4] ? cli_text(v[4]) : "now");
        return EXIT_INPUT;
    }
    scoot_kb *kb;
    scoot_journal *j;
    if ((st = cli_open_journal(v[0], v[1], SCOOT_JOURNAL_READ, &kb, &j)) != EXIT_OK)
        return st;
    scoot_buf out, err;
    scoot_buf_init(&out, 0);
    scoot_buf_init(&err, 0);
    int rc = scoot_report(j, kb, v[2], since, now, &o, &out, &err);
    if (rc) {
        cli_print_text(stderr, scoot_buf_str(&err));
        if (err.len && err.data[err.len - 1] != '\n')
            fputc('\n', stderr);
        if (err.why.reason == SCOOT_R_NO_CAT)
            fprintf(stderr, "scoot report: 'scoot cat list' shows the cats of this journal\n");
        st = rc == SCOOT_ENOENT || rc == SCOOT_ERANGE ? EXIT_INPUT : rc == SCOOT_EDAMAGED ? EXIT_DAMAGED : EXIT_FAIL;
    } else if (!v[7] && o.format == SCOOT_REPORT_PDF && isatty(STDOUT_FILENO)) {
        fprintf(stderr, "scoot report: a PDF is not for a terminal: add -o FILE (or redirect it)\n");
        st = EXIT_USAGE;
    } else {
        if (cli_write_file("report", v[7], &out, &err)) {
            cli_print_text(stderr, scoot_buf_str(&err));
            st = EXIT_FAIL;
        } else {
            st = EXIT_OK;
            if (v[7])
                printf("Wrote the report on %s to %s.\n", cli_text(v[2]), cli_text(v[7]));
        }
    }
    scoot_buf_free(&out);
    scoot_buf_free(&err);
    scoot_journal_close(j);
    scoot_kb_free(kb);
    return st;
}
