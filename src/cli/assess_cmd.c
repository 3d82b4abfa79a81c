/* assess_cmd.c: `scoot assess`: the questionnaire, or a case from JSON, then the answer. */
#include "../core/setup.h"

#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"
#include "scoot/journal.h"
#include "scoot/time.h"

/* Largest case file accepted. */
#define CASE_MAX_BYTES ((size_t)1 << 20)
#define MAX_ANSWERS 256

static void usage(FILE *f)
{
    fprintf(f,
            "Usage: scoot assess [--cat NAME [--db PATH]] [--case FILE|-] [--answer ID=VALUE]...\n"
            "                    [--interactive] [--format text|json [--texts full|brief]] [--kb FILE]\n"
            "\n"
            "Without --case or --answer, asks the questions one at a time (first those that\n"
            "could change how urgent it is), then prints how urgent it is, the likely causes\n"
            "and the care plan.\n"
            "\n"
            "  -c, --case FILE      read the case JSON from FILE ('-' for standard input)\n"
            "  -a, --answer ID=VALUE\n"
            "                       set one answer (repeatable): yes, no, unknown, a number\n"
            "                       or an option, e.g. --answer scooting=yes --answer coat=long\n"
            "  -i, --interactive    ask the questions still unanswered after --case/--answer\n"
            "      --cat NAME       use what the journal knows about the cat (episodes in 30\n"
            "                       and 90 days, stool, weight trend, vet visits...), ask only\n"
            "                       the rest, and store the assessment in the journal\n"
            "      --db PATH        the journal (default $SCOOT_DB or ~/.local/share/scoot)\n"
            "  -f, --format FORMAT  text (default) or json (the result JSON of vocabulary.md)\n"
            "      --texts TEXTS    with json: full (default) or brief, which leaves out the\n"
            "                       texts the KB holds (scoot kb show --format json) and\n"
            "                       keeps the ids, scores, reasons and evidence\n"
            "      --kb FILE        use this knowledge base instead of the built-in one\n"
            "  -h, --help           show this help\n"
            "\n"
            "In the questionnaire: y = yes, n = no, Enter = not sure, ? = how to check,\n"
            "b = back to the previous question, a = the answer now; Ctrl-D or Ctrl-C leaves\n"
            "without an answer.\n"
            "Colour is used only on a terminal and never when NO_COLOR is set.\n"
            "\n"
            "Exit status: 0 assessed, 2 bad command line, 3 invalid case, answer or KB,\n"
            "4 questionnaire left before the end, 1 other errors.\n");
}

typedef struct {
    FILE *in, *out;
    int color;
    const scoot_kb *kb;
    scoot_case *c;
} session;

/* The width to wrap at: the terminal's, or 80. */
static int width(FILE *f)
{
    struct winsize ws;
    if (ioctl(fileno(f), TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
        return ws.ws_col > 100 ? 100 : ws.ws_col;
    return 80;
}

/* Writes text word-wrapped; the first line starts at column col, the others at indent. */
static void wrapped(FILE *f, const char *text, int col, int indent)
{
    scoot_buf b;
    scoot_buf_init(&b, 0);
    scoot_buf_wrap(&b, text, width(f) - 1, col, indent);
    fputs(scoot_buf_str(&b), f);
    scoot_buf_free(&b);
}

static void bold(session *s, const char *text)
{
    if (s->color)
        fprintf(s->out, "\033[1m%s\033[0m", text);
    else
        fputs(text, s->out);
}

static void dim(session *s, const char *text)
{
    if (s->color)
        fprintf(s->out, "\033[2m%s\033[0m", text);
    else
        fputs(text, s->out);
}

static void lower(char *s)
{
    for (; *s; s++)
        *s = (char)tolower((unsigned char)*s);
}

/* Scores a scale unit by unit; returns 1 and the total in *total, 0 if left, -1 on EOF. */
static int score_scale(session *s, int scale, double *total)
{
    scoot_scale_info si;
    scoot_kb_scale(s->kb, scale, &si);
    int scores[32];
    if (si.n_units > 32)
        return 0;
    fputs("\n", s->out);
    bold(s, si.title);
    fputs("\n", s->out);
    if (si.about)
        fprintf(s->out, "%s\n", si.about);
    for (int u = 0; u < si.n_units; u++) {
        int n = 0;
        const char *name = scoot_kb_scale_unit(s->kb, scale, u, &n);
        for (;;) {
            fprintf(s->out, "\n  %d/%d ", u + 1, si.n_units);
            bold(s, name);
            fputs("\n", s->out);
            for (int v = 0; v < n; v++)
                fprintf(s->out, "    %d  %s\n", v, scoot_kb_scale_score_text(s->kb, scale, u, v));
            fputs("    -  cannot see it\n  score> ", s->out);
            fflush(s->out);
            char line[256];
            if (!cli_read_line(s->in, line, sizeof line))
                return -1;
            if (!strcmp(line, "-") || !line[0]) {
                scores[u] = -1;
                break;
            }
            char *end;
            long v = strtol(line, &end, 10);
            if (*end || v < 0 || v >= n) {
                fprintf(s->out, "  Please type a score from 0 to %d, or - if you cannot see it.\n",
                        n - 1);
                continue;
            }
            scores[u] = (int)v;
            break;
        }
    }
    double t = scoot_kb_scale_total(s->kb, scale, scores);
    if (t < 0) {
        fputs("  No action unit could be scored; the score stays unknown.\n", s->out);
        return 0;
    }
    fprintf(s->out, "  Score: %g out of %g\n", t, si.max);
    *total = t;
    return 1;
}

static void show_help(session *s, const scoot_fact_info *fi)
{
    fputs("  ", s->out);
    if (s->color)
        fputs("\033[2m", s->out);
    wrapped(s->out, fi->help ? fi->help : "No extra help for this question; if unsure, press Enter.",
            2, 2);
    if (s->color)
        fputs("\033[0m", s->out);
    fputs("\n", s->out);
}

/* Asks fact f until a valid answer; 1 answered (or not sure), 0 back, 2 answer now, -1
 * EOF/interrupt. */
static int ask(session *s, int f, int number)
{
    scoot_fact_info fi;
    scoot_kb_fact(s->kb, f, &fi);
    for (;;) {
        fputs("\n", s->out);
        if (fi.redflag)
            dim(s, "[important] ");
        int col = fprintf(s->out, "%d. ", number) + (fi.redflag ? 12 : 0);
        if (s->color)
            fputs("\033[1m", s->out);
        wrapped(s->out, fi.ask, col, 3);
        if (s->color)
            fputs("\033[0m", s->out);
        fputs("\n", s->out);
        char hint[256];
        switch (fi.type) {
        case SCOOT_FACT_YESNO: snprintf(hint, sizeof hint, "y/n, Enter = not sure, ? = help, a = answer now"); break;
        case SCOOT_FACT_NUMBER:
            for (int l = 0; l < fi.n_labels; l++)
                fprintf(s->out, "    %g  %s\n", fi.label_value[l], fi.label_text[l]);
            snprintf(hint, sizeof hint, "%g to %g%s%s%s, Enter = not sure, ? = help, a = answer now", fi.min,
                     fi.max, fi.unit ? " " : "", fi.unit ? fi.unit : "",
                     fi.scale >= 0 ? ", s = score it step by step" : "");
            break;
        case SCOOT_FACT_CHOICE:
            for (int o = 0; o < fi.n_options; o++)
                fprintf(s->out, "    %d  %s\n", o + 1,
                        fi.option_text[o] ? fi.option_text[o] : fi.options[o]);
            snprintf(hint, sizeof hint, "1 to %d, Enter = not sure, ? = help, a = answer now", fi.n_options);
            break;
        default: snprintf(hint, sizeof hint, "Enter to skip"); break;
        }
        fputs("  ", s->out);
        dim(s, hint);
        fputs("\n> ", s->out);
        fflush(s->out);
        char line[512];
        if (!cli_read_line(s->in, line, sizeof line))
            return -1;
        if (fi.type != SCOOT_FACT_TEXT)
            lower(line);
        if (!strcmp(line, "?")) {
            show_help(s, &fi);
            continue;
        }
        if (!strcmp(line, "b") || !strcmp(line, "back"))
            return 0;
        if (!strcmp(line, "a") || !strcmp(line, "answer"))
            return 2;
        if (!line[0] || !strcmp(line, "not sure") || !strcmp(line, "u") ||
            !strcmp(line, "unknown")) {
            scoot_case_set_not_sure(s->c, f);
            return 1;
        }
        const char *value = line;
        char num[32];
        if (fi.type == SCOOT_FACT_CHOICE) {
            char *end;
            long k = strtol(line, &end, 10);
            if (!*end && k >= 1 && k <= fi.n_options)
                value = fi.options[k - 1];
        }
        if (fi.type == SCOOT_FACT_NUMBER && fi.scale >= 0 && !strcmp(line, "s")) {
            double t;
            int r = score_scale(s, fi.scale, &t);
            if (r < 0)
                return -1;
            if (r == 0) {
                scoot_case_set_not_sure(s->c, f);
                return 1;
            }
            snprintf(num, sizeof num, "%g", t);
            value = num;
        }
        scoot_buf err;
        scoot_buf_init(&err, 0);
        int rc = scoot_case_set_text(s->c, fi.id, value, &err);
        if (rc == SCOOT_OK) {
            scoot_buf_free(&err);
            return 1;
        }
        const char *msg = scoot_buf_str(&err);
        const char *colon = strchr(msg, ':');
        fprintf(s->out, "  Sorry, that answer does not fit:%s", colon ? colon + 1 : " try again\n");
        scoot_buf_free(&err);
    }
}

/* Asks the items of checklist cl (facts[0..n)) on one screen: the owner types the numbers of
 * those that are true, and the others are answered no. Returns 1 answered, 3 not sure (ask
 * them one at a time), 0 back, 2 answer now, -1 EOF/interrupt. */
static int ask_checklist(session *s, int cl, const int *facts, int n, int number)
{
    const char *question;
    scoot_kb_checklist(s->kb, cl, &question, NULL);
    int redflag = 0;
    for (int i = 0; i < n; i++) {
        scoot_fact_info fi;
        scoot_kb_fact(s->kb, facts[i], &fi);
        redflag |= fi.redflag;
    }
    for (;;) {
        fputs("\n", s->out);
        if (redflag)
            dim(s, "[important] ");
        int col = fprintf(s->out, "%d. ", number) + (redflag ? 12 : 0);
        if (s->color)
            fputs("\033[1m", s->out);
        wrapped(s->out, question, col, 3);
        if (s->color)
            fputs("\033[0m", s->out);
        fputs("\n", s->out);
        int k = 0, item_of[16];
        for (int i = 0; i < n && k < 16; i++) {
            const char *text = "", *t;
            for (int j = 0, f; (f = scoot_kb_checklist_item(s->kb, cl, j, &t)) >= 0; j++)
                if (f == facts[i]) {
                    text = t;
                    break;
                }
            item_of[k++] = facts[i];
            int c2 = fprintf(s->out, "  %2d  ", k);
            wrapped(s->out, text, c2, 6);
            fputs("\n", s->out);
        }
        fputs("  ", s->out);
        dim(s, "the numbers of those that are true (e.g. 1 3), 0 = none of them,\n  Enter = not"
               " sure (one at a time), ? = help, a = answer now");
        fputs("\n> ", s->out);
        fflush(s->out);
        char line[512];
        if (!cli_read_line(s->in, line, sizeof line))
            return -1;
        lower(line);
        if (!strcmp(line, "?")) {
            fputs("  ", s->out);
            wrapped(s->out, "Type the number of every line that is true of your cat, separated by"
                            " spaces, or 0 if none is. Lines you leave out count as no. If you are"
                            " not sure about one, press Enter and they are asked one at a time,"
                            " each with how to check.", 2, 2);
            fputs("\n", s->out);
            continue;
        }
        if (!strcmp(line, "b") || !strcmp(line, "back"))
            return 0;
        if (!strcmp(line, "a") || !strcmp(line, "answer"))
            return 2;
        if (!line[0] || !strcmp(line, "not sure") || !strcmp(line, "u"))
            return 3;
        int yes[16] = {0}, bad = 0, any = 0, none = 0;
        for (char *p = line, *tok; (tok = strtok(p, " ,")) != NULL; p = NULL) {
            char *end;
            long v = strtol(tok, &end, 10);
            if (*end || v < 0 || v > k) {
                bad = 1;
                fprintf(s->out, "  Sorry, '%s' is not one of the numbers 0 to %d; try again.\n",
                        cli_text(tok), k);
                break;
            }
            if (v == 0)
                none = 1;
            else
                yes[v - 1] = any = 1;
        }
        if (bad)
            continue;
        if (none && any) {
            fputs("  Sorry, 0 means none of them; give either 0 or the numbers that are true.\n",
                  s->out);
            continue;
        }
        if (!none && !any)
            continue;
        for (int i = 0; i < k; i++) {
            scoot_fact_info fi;
            scoot_kb_fact(s->kb, item_of[i], &fi);
            scoot_case_set_text(s->c, fi.id, yes[i] ? "yes" : "no", NULL);
        }
        return 1;
    }
}

/* Runs the questionnaire in the engine's order (next_questions: first what could change how
 * urgent it is, then what sharpens the causes), saying once when more answers can no longer
 * change the level; returns 0 done (every question worth asking, or "a"), -1 left. */
static int questionnaire(session *s)
{
    bold(s, scoot_kb_title(s->kb));
    fputs("\nAnswer what you can: y = yes, n = no, Enter = not sure, ? = how to check,\n"
          "b = back, a = see the answer now. Ctrl-D or Ctrl-C leaves. The questions that\n"
          "could change how urgent it is come first.\n",
          s->out);
    /* the facts answered, in order, and where each screen's facts begin */
    int asked[MAX_ANSWERS * 2], n_asked = 0, mark[MAX_ANSWERS * 2], n_screens = 0;
    int said = 0, rc = 0;
    unsigned char one_by_one[64] = {0}; /* per checklist: the owner chose one at a time */
    scoot_case *start;
    scoot_result *res;
    if (scoot_case_new(s->kb, &start))
        return -1;
    if (scoot_result_new(s->kb, &res)) {
        scoot_case_free(start);
        return -1;
    }
    scoot_case_copy(start, s->c);
    for (;;) {
        scoot_assess(s->kb, s->c, res);
        if (scoot_result_settled(res) && !said && n_screens) {
            fputs("\n", s->out);
            bold(s, "More answers will not change how urgent this is");
            fprintf(s->out, " (%s);\n", scoot_kb_level_label(s->kb, scoot_result_level(res)));
            wrapped(s->out, "they can sharpen what is behind it. Type a to see the answer now, or"
                            " go on.", 0, 0);
            fputs("\n", s->out);
        }
        if (scoot_result_settled(res))
            said = 1;
        if (!scoot_result_n_next(res) || n_asked + 16 > (int)SCOOT_ARRAY_LEN(asked))
            break;
        int screen[16], cl, ns = scoot_result_next_screen(res, screen, 16, &cl);
        if (cl >= (int)sizeof one_by_one || (cl >= 0 && one_by_one[cl])) {
            screen[0] = scoot_result_next_question(res, 0); /* one at a time */
            ns = 1;
        }
        int r = ns > 1 ? ask_checklist(s, cl, screen, ns, n_screens + 1)
                       : ask(s, screen[0], n_screens + 1);
        if (r < 0 || r == 2) {
            rc = r < 0 ? -1 : 0;
            break;
        }
        if (r == 3) {
            one_by_one[cl] = 1;
            continue;
        }
        if (r == 0) {
            if (n_screens == 0) {
                fputs("  This is the first question.\n", s->out);
                continue;
            }
            /* forget the previous screen's answers, except those that came with the case */
            int from = mark[--n_screens];
            for (; n_asked > from; n_asked--) {
                int prev = asked[n_asked - 1];
                if (!scoot_case_is_known(start, prev)) {
                    scoot_fact_info fi;
                    scoot_kb_fact(s->kb, prev, &fi);
                    scoot_case_set_text(s->c, fi.id, "unknown", NULL);
                }
            }
            said = 0;
            continue;
        }
        mark[n_screens++] = n_asked;
        for (int i = 0; i < ns; i++)
            asked[n_asked++] = screen[i];
    }
    scoot_result_free(res);
    scoot_case_free(start);
    if (!rc)
        fputs("\n", s->out);
    return rc;
}

int cmd_assess(int argc, char **argv)
{
    static const struct option opts[] = {{"case", required_argument, NULL, 'c'},
                                         {"answer", required_argument, NULL, 'a'},
                                         {"interactive", no_argument, NULL, 'i'},
                                         {"format", required_argument, NULL, 'f'},
                                         {"texts", required_argument, NULL, 'T'},
                                         {"kb", required_argument, NULL, 'k'},
                                         {"cat", required_argument, NULL, 'C'},
                                         {"db", required_argument, NULL, 'D'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *case_path = NULL, *kb_path = NULL, *cat = NULL, *db = NULL;
    const char *answers[MAX_ANSWERS];
    int n_answers = 0, interactive = 0, json = 0, json_flags = 0, texts_given = 0, c;
    /* an option that takes one value, given twice, would have the last win without a word
     * (but --kb and --db, which main.c puts first when they come before the command) */
    int given[4] = {0, 0, 0, 0};
    static const char once[] = "cfTC";
    static const char *const once_names[] = {"case", "format", "texts", "cat"};
    optind = 1;
    while ((c = getopt_long(argc, argv, "c:a:if:h", opts, NULL)) != -1) {
        const char *w = c ? strchr(once, c) : NULL;
        if (w && given[w - once]++) {
            fprintf(stderr, "scoot assess: --%s is given twice\n", once_names[w - once]);
            return EXIT_USAGE;
        }
        switch (c) {
        case 'c': case_path = optarg; break;
        case 'a':
            if (n_answers == MAX_ANSWERS) {
                fprintf(stderr, "scoot assess: at most %d --answer options\n", MAX_ANSWERS);
                return EXIT_USAGE;
            }
            answers[n_answers++] = optarg;
            break;
        case 'i': interactive = 1; break;
        case 'f':
            if (!strcmp(optarg, "json"))
                json = 1;
            else if (strcmp(optarg, "text")) {
                fprintf(stderr, "scoot assess: --format must be text or json, not '%s'\n",
                        cli_text(optarg));
                return EXIT_USAGE;
            }
            break;
        case 'T':
            if (strcmp(optarg, "full") && strcmp(optarg, "brief")) {
                fprintf(stderr, "scoot assess: --texts must be full or brief, not '%s'\n",
                        cli_text(optarg));
                return EXIT_USAGE;
            }
            json_flags = !strcmp(optarg, "brief") ? SCOOT_JSON_BRIEF : 0;
            texts_given = 1;
            break;
        case 'k': kb_path = optarg; break;
        case 'C': cat = optarg; break;
        case 'D': db = optarg; break;
        case 'h': usage(stdout); return EXIT_OK;
        default:
            fprintf(stderr, "Try 'scoot assess --help'.\n");
            return EXIT_USAGE;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "scoot assess: unexpected argument '%s'\n", cli_text(argv[optind]));
        return EXIT_USAGE;
    }
    if (texts_given && !json) {
        fprintf(stderr, "scoot assess: --texts goes with --format json\n");
        return EXIT_USAGE;
    }
    if (!case_path && !n_answers)
        interactive = 1;
    if (interactive && case_path && !strcmp(case_path, "-")) {
        fprintf(stderr, "scoot assess: --case - reads standard input, which the questions need;"
                        " give a file or drop --interactive\n");
        return EXIT_USAGE;
    }

    if (db && !cat) {
        fprintf(stderr, "scoot assess: --db needs --cat NAME\n");
        return EXIT_USAGE;
    }
    scoot_kb *kb;
    scoot_journal *journal = NULL;
    int rc;
    if (cat) {
        int st = cli_open_journal(db, kb_path, SCOOT_JOURNAL_WRITE, &kb, &journal);
        if (st)
            return st;
    } else if ((rc = cli_load_kb(kb_path, &kb)) != SCOOT_OK) {
        return rc == SCOOT_EKB ? EXIT_INPUT : EXIT_FAIL;
    }
    int status = EXIT_OK;
    scoot_time now = scoot_time_now();
    scoot_case *cs = NULL;
    scoot_result *res = NULL;
    scoot_buf buf, err;
    scoot_buf_init(&buf, CASE_MAX_BYTES);
    scoot_buf_init(&err, 0);
    if (scoot_case_new(kb, &cs) || scoot_result_new(kb, &res)) {
        fprintf(stderr, "scoot assess: out of memory\n");
        status = EXIT_FAIL;
        goto done;
    }
    if (case_path) {
        rc = cli_read_file(case_path, &buf);
        if (rc) {
            status = rc == SCOOT_ETOOBIG ? EXIT_INPUT : EXIT_FAIL;
            goto done;
        }
        const char *name = strcmp(case_path, "-") ? case_path : "<stdin>";
        rc = scoot_case_set_json(cs, buf.data ? buf.data : "", buf.len, name, &err);
        if (rc) {
            cli_print_text(stderr, scoot_buf_str(&err));
            status = rc == SCOOT_ECASE ? EXIT_INPUT : EXIT_FAIL;
            goto done;
        }
    }
    for (int i = 0; i < n_answers; i++) {
        const char *eq = strchr(answers[i], '=');
        if (!eq || eq == answers[i]) {
            fprintf(stderr, "scoot assess: --answer '%s': expected ID=VALUE\n",
                    cli_text(answers[i]));
            status = EXIT_USAGE;
            goto done;
        }
        char id[128];
        snprintf(id, sizeof id, "%.*s", (int)(eq - answers[i]), answers[i]);
        for (int k = 0; k < i; k++)
            if (!strncmp(answers[k], answers[i], (size_t)(eq - answers[i]) + 1)) {
                fprintf(stderr, "scoot assess: --answer %s is given twice ('%s' and '%s')\n",
                        cli_text(id), cli_text(answers[k]), cli_text(answers[i]));
                status = EXIT_USAGE;
                goto done;
            }
        scoot_buf_reset(&err);
        rc = scoot_case_set_text(cs, id, eq + 1, &err);
        if (rc) {
            fprintf(stderr, "scoot assess: --answer ");
            cli_print_text(stderr, scoot_buf_str(&err)); /* (the id and value as given) */
            status = rc == SCOOT_ENOMEM ? EXIT_FAIL : EXIT_INPUT;
            goto done;
        }
    }
    if (journal) {
        scoot_buf explain;
        scoot_buf_init(&explain, 0);
        scoot_buf_reset(&err);
        rc = scoot_journal_derive(journal, cat, now, cs, &explain, &err);
        if (rc) {
            cli_print_text(stderr, scoot_buf_str(&err));
            scoot_buf_free(&explain);
            status = rc == SCOOT_ENOENT ? EXIT_INPUT : EXIT_FAIL;
            goto done;
        }
        FILE *f = json ? stderr : stdout;
        if (explain.len) {
            fprintf(f, "From %s's journal:\n", cli_text(cat));
            cli_print_derived(f, kb, scoot_buf_str(&explain));
            fputc('\n', f);
        }
        scoot_buf_free(&explain);
    }
    if (interactive) {
        session s = {stdin, json ? stderr : stdout, 0, kb, cs};
        s.color = cli_color(s.out);
        cli_catch_sigint();
        if (questionnaire(&s) < 0) {
            fprintf(s.out, "\n%s\n", cli_interrupted() ? "Interrupted; nothing was assessed."
                                                       : "Left the questions; nothing was assessed.");
            status = EXIT_CANCEL;
            goto done;
        }
    }
    int64_t saved = 0;
    scoot_buf_reset(&err);
    rc = journal ? scoot_journal_assess(journal, cat, now, cs, res, &saved, &err)
                 : scoot_assess(kb, cs, res);
    if (rc && err.len) {
        cli_print_text(stderr, scoot_buf_str(&err));
        status = EXIT_FAIL;
        goto done;
    }
    scoot_buf_free(&buf);
    scoot_buf_init(&buf, 0);
    if (!rc)
        rc = json ? scoot_result_to_json_flags(res, &buf, json_flags)
                  : scoot_result_to_text(res, &buf, cli_color(stdout) ? SCOOT_TEXT_COLOR : 0);
    if (rc) {
        fprintf(stderr, "scoot assess: %s\n", scoot_strerror(rc));
        status = EXIT_FAIL;
        goto done;
    }
    fwrite(buf.data, 1, buf.len, stdout);
    if (saved)
        fprintf(json ? stderr : stdout, "Saved in %s's journal (entry %lld).\n", cli_text(cat),
                (long long)saved);
    if (fflush(stdout) != 0) {
        perror("scoot assess: stdout");
        status = EXIT_FAIL;
    }
done:
    scoot_buf_free(&buf);
    scoot_buf_free(&err);
    scoot_result_free(res);
    scoot_case_free(cs);
    scoot_journal_close(journal);
    scoot_kb_free(kb);
    return status;
}
