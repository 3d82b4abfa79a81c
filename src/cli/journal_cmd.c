/* journal_cmd.c: the journal commands: cat, log, history, summary, due, done, export,
 * import, backup. Each opens the journal (--db, $SCOOT_DB or the XDG default). */
#include "../core/setup.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <jansson.h>

#include "../core/suggest.h"
#include "../core/text.h"
#include "cli.h"
#include "scoot/journal.h"
#include "scoot/time.h"

/* Maps a journal error to an exit status. */
static int status_of(int rc)
{
    switch (rc) {
    case SCOOT_OK: return EXIT_OK;
    case SCOOT_ECASE:
    case SCOOT_ENOENT:
    case SCOOT_EEXIST:
    case SCOOT_ERANGE:
    case SCOOT_ETYPE:
    case SCOOT_ESYNTAX:
    case SCOOT_EINVAL:
    case SCOOT_EUNKNOWN: return EXIT_INPUT;
    case SCOOT_EDAMAGED: return EXIT_DAMAGED;
    default: return EXIT_FAIL;
    }
}

int cli_open_journal(const char *db, const char *kbpath, scoot_journal_mode mode, scoot_kb **kb,
                     scoot_journal **j)
{
    *j = NULL;
    int rc = cli_load_kb(kbpath, kb);
    if (rc)
        return rc == SCOOT_EKB ? EXIT_INPUT : EXIT_FAIL;
    scoot_buf path, err;
    scoot_buf_init(&path, 0);
    scoot_buf_init(&err, 0);
    if (db)
        scoot_buf_adds(&path, db);
    else
        scoot_journal_default_path(&path);
    rc = scoot_journal_open_mode(scoot_buf_str(&path), *kb, mode, j, &err);
    if (rc) {
        cli_print_text(stderr, scoot_buf_str(&err));
        char shown[1024];
        scoot_journal_target_shown(scoot_buf_str(&path), shown, sizeof shown);
        fprintf(stderr, "%s: cannot open the journal %s\n", cli_prog, cli_text(shown));
    }
    scoot_buf_free(&path);
    scoot_buf_free(&err);
    if (rc) {
        scoot_kb_free(*kb);
        *kb = NULL;
        if (rc == SCOOT_EDAMAGED)
            fprintf(stderr, "%s: the journal is damaged: 'scoot check' says what is wrong and "
                            "how to recover\n",
                    cli_prog);
        return rc == SCOOT_ENOENT ? EXIT_INPUT : rc == SCOOT_EDAMAGED ? EXIT_DAMAGED : EXIT_FAIL;
    }
    return EXIT_OK;
}

/* Prints err (if any) and returns the exit status for rc. */
static int report(int rc, scoot_buf *err)
{
    if (rc) {
        cli_print_text(stderr, scoot_buf_str(err));
        if (!err->len)
            fprintf(stderr, "%s: %s\n", cli_prog, scoot_strerror(rc));
        else if (err->why.reason == SCOOT_R_NO_CAT)
            fprintf(stderr, "%s: 'scoot cat list' shows the cats of this journal\n", cli_prog);
        if (rc == SCOOT_EDAMAGED)
            fprintf(stderr, "%s: the journal is damaged: 'scoot check' says what is wrong and how "
                            "to recover\n",
                    cli_prog);
    }
    return status_of(rc);
}

static int parse_at(const char *text, scoot_time *t)
{
    scoot_buf err;
    scoot_buf_init(&err, 0);
    int rc = scoot_time_parse_past(text, scoot_time_now(), 86400, t, &err);
    if (rc) {
        fprintf(stderr, "%s: --at: ", cli_prog);
        cli_print_text(stderr, scoot_buf_str(&err));
    }
    scoot_buf_free(&err);
    return rc;
}

/* 1 when text is a decimal number as people write one and JSON has it: an optional minus,
 * digits, an optional fraction and exponent; not strtod's " 4", "0x10", "inf" or "nan" (a NaN
 * has no JSON form, and the field was once dropped without a word). */
static int is_decimal(const char *text)
{
    const char *p = text + (*text == '-');
    size_t n = strspn(p, "0123456789");
    if (!n)
        return 0;
    p += n;
    if (*p == '.') {
        if (!(n = strspn(++p, "0123456789")))
            return 0;
        p += n;
    }
    if (*p == 'e' || *p == 'E') {
        p += 1 + (p[1] == '+' || p[1] == '-');
        if (!(n = strspn(p, "0123456789")))
            return 0;
        p += n;
    }
    return !*p;
}

/* A JSON value from a command-line text: a number, true/false (yes/no), or a string. Fields
 * that are always text stay strings. */
static json_t *value_of(const char *field, const char *text)
{
    static const char *const texts[] = {"name", "dose", "clinic", "found", "diagnosis",
                                        "treatment", "where", "start", "recheck", "breed",
                                        "birth_date", "care", "finding", "amount", "context",
                                        "chart", "tolerated", "sex", "coat"};
    for (size_t i = 0; i < SCOOT_ARRAY_LEN(texts); i++)
        if (!strcmp(field, texts[i]))
            return json_string(text);
    if (!strcmp(field, "look") || !strcmp(field, "diagnosis_ids")) {
        /* every item, an empty one too ("--look ''", "brown,,pus"): the journal says it is
         * not one of the ids, rather than the list losing it */
        json_t *arr = json_array();
        for (const char *p = text; arr; p++) {
            size_t n = strcspn(p, ",");
            if (json_array_append_new(arr, json_stringn(p, n))) {
                json_decref(arr);
                return NULL;
            }
            p += n;
            if (!*p)
                break;
        }
        return arr;
    }
    if (!strcmp(text, "yes") || !strcmp(text, "true"))
        return json_true();
    if (!strcmp(text, "no") || !strcmp(text, "false"))
        return json_false();
    if (!strcmp(text, "-") || !strcmp(text, "null"))
        return json_null();
    if (!is_decimal(text))
        return json_string(text); /* the journal names the field and what it found */
    char *end;
    errno = 0;
    double d = strtod(text, &end);
    if (!*end && !errno && isfinite(d)) {
        if (d == floor(d) && fabs(d) < 1e15)
            return json_integer((json_int_t)d);
        return json_real(d);
    }
    return json_string(text);
}

/* 0 when text, for what ("--where", "cat.name"), is UTF-8 (as every text of the journal);
 * else EXIT_INPUT after a message (jansson would refuse it, and the field would be lost). */
static int utf8_arg(const char *what, const char *text)
{
    size_t bad;
    if (scoot__utf8_ok(text, &bad))
        return 0;
    fprintf(stderr, "%s: %s: is not valid UTF-8 (byte %zu)\n", cli_prog, what, bad);
    return EXIT_INPUT;
}

/* 0, or EXIT_FAIL after a message when jansson failed (out of memory). */
static int json_ok(int failed)
{
    if (!failed)
        return 0;
    fprintf(stderr, "%s: %s\n", cli_prog, scoot_strerror(SCOOT_ENOMEM));
    return EXIT_FAIL;
}

/* Sets obj[field] from "--some-field" / "some_field=value" forms. Returns 0, or an exit
 * status after a message (a text that is not UTF-8, out of memory). */
static int set_field(json_t *obj, const char *opt, const char *text)
{
    char field[64], what[80];
    snprintf(field, sizeof field, "%s", opt);
    for (char *p = field; *p; p++)
        if (*p == '-')
            *p = '_';
    snprintf(what, sizeof what, "--%s", opt);
    int st = utf8_arg(what, text);
    if (st)
        return st;
    json_t *old = json_object_get(obj, field);
    json_t *v = value_of(field, text);
    if (old && json_is_array(old) && json_is_array(v)) {
        st = json_ok(json_array_extend(old, v));
        json_decref(v);
        return st;
    }
    return json_ok(!v || json_object_set_new(obj, field, v));
}

/* 1 when the option key ("sex") is among seen ("sex" or "sex=male"), but --db and --kb. */
static int seen_opt(const char *const *seen, int nseen, const char *key)
{
    if (!strcmp(key, "db") || !strcmp(key, "kb"))
        return 0;
    size_t n = strlen(key);
    for (int i = 0; i < nseen; i++)
        if (!strncmp(seen[i], key, n) && (!seen[i][n] || seen[i][n] == '='))
            return 1;
    return 0;
}

/* Collects --name value pairs (not the listed common options) into obj; positional
 * arguments go to pos. Returns 0, or an exit status after a message (EXIT_USAGE; EXIT_INPUT
 * for a value that is not UTF-8). */
static int collect_args(int argc, char **argv, int first, json_t *obj, const char **pos, int *npos,
                        int maxpos, const char *const *common, const char **common_val, int ncommon,
                        int *flags, const char *const *flag_names, int nflags)
{
    *npos = 0;
    const char *seen[64]; /* the options given so far, as "name" or "name=value" */
    int nseen = 0;
    int operands = 0; /* after "--" every argument is an operand, whatever it looks like */
    for (int i = first; i < argc; i++) {
        const char *a = argv[i];
        if (!operands && !strcmp(a, "--")) {
            operands = 1;
            continue;
        }
        if (operands || strncmp(a, "--", 2) != 0) {
            if (*npos == maxpos) {
                fprintf(stderr, "%s: unexpected argument '%s'\n", cli_prog, cli_text(a));
                return EXIT_USAGE;
            }
            pos[(*npos)++] = a;
            continue;
        }
        const char *name = a + 2, *eq = strchr(name, '=');
        char key[64];
        snprintf(key, sizeof key, "%.*s", eq ? (int)(eq - name) : (int)strlen(name), name);
        int k, matched = 0;
        for (k = 0; k < nflags; k++)
            if (!strcmp(key, flag_names[k])) {
                flags[k] = 1;
                matched = 1;
            }
        if (matched)
            continue;
        for (k = 0; k < ncommon; k++)
            if (!strcmp(key, common[k]))
                break;
        if (k == ncommon && !obj) {
            fprintf(stderr, "%s: unknown option --%s\n", cli_prog, cli_text(key));
            return EXIT_USAGE;
        }
        const char *val = eq ? eq + 1 : (i + 1 < argc ? argv[++i] : NULL);
        if (!val) {
            fprintf(stderr, "%s: --%s needs a value\n", cli_prog, cli_text(key));
            return EXIT_USAGE;
        }
        /* an option given twice would have the last one win without a word ("--sex male
         * --sex female"); but --db and --kb, which main.c puts first when they come before
         * the command (those after it win), and the lists, which add up */
        int list =
            !strcmp(key, "look") || !strcmp(key, "diagnosis-ids") || !strcmp(key, "diagnosis_ids");
        if (!list && seen_opt(seen, nseen, key)) {
            fprintf(stderr, "%s: --%s is given twice\n", cli_prog, cli_text(key));
            return EXIT_USAGE;
        }
        if (nseen < (int)SCOOT_ARRAY_LEN(seen))
            seen[nseen++] = argv[eq ? i : i - 1] + 2;
        if (k < ncommon)
            common_val[k] = val;
        else {
            int st = set_field(obj, key, val);
            if (st)
                return st;
        }
    }
    return 0;
}

static int dump_json(const scoot_buf *b)
{
    cli_print_json(b);
    return EXIT_OK;
}

/* The kind names of 'log KIND' and 'history --kind KIND': the journal's kinds and the words
 * for people beside them (a leak is an episode, what was seen an observation). */
static const struct {
    const char *name, *kind;
} kind_names[] = {
    {"episode", "episode"},   {"leak", "episode"},       {"seen", "observation"},
    {"observation", "observation"}, {"stool", "stool"},  {"weight", "weight"},
    {"bcs", "bcs"},           {"pain", "pain"},          {"care", "care"},
    {"medicine", "medicine"}, {"dose", "dose"},          {"vet", "vet_visit"},
    {"vet_visit", "vet_visit"}, {"assessment", "assessment"},
};

/* The journal's kind for name, given to 'scoot cmd' (log: also its subcommands, for the
 * suggestion; an assessment is not logged by hand). 0 with *kind set, or EXIT_INPUT after a
 * message that says the closest name ("did you mean 'leak'?") and lists them. */
static int kind_of(const char *cmd, const char *name, const char **kind)
{
    int is_log = !strcmp(cmd, "log");
    for (size_t i = 0; i < SCOOT_ARRAY_LEN(kind_names); i++)
        if (!strcmp(name, kind_names[i].name)) {
            if (is_log && !strcmp(kind_names[i].kind, "assessment")) {
                fprintf(stderr, "scoot log: an assessment is not logged by hand: 'scoot assess "
                                "--cat NAME' checks the cat and stores it\n");
                return EXIT_INPUT;
            }
            *kind = kind_names[i].kind;
            return 0;
        }
    const char *names[SCOOT_ARRAY_LEN(kind_names) + 3];
    size_t n = 0;
    for (size_t i = 0; i < SCOOT_ARRAY_LEN(kind_names); i++)
        if (!is_log || strcmp(kind_names[i].kind, "assessment"))
            names[n++] = kind_names[i].name;
    if (is_log) {
        names[n++] = "edit";
        names[n++] = "delete";
        names[n++] = "show";
    }
    const char *near = scoot__closest_name(name, names, n);
    fprintf(stderr, "scoot %s: unknown event kind '%s'", is_log ? "log" : "history --kind", cli_text(name));
    if (near)
        fprintf(stderr, "; did you mean '%s'?", near);
    fprintf(stderr, "\nscoot %s: the kinds are episode (or leak), seen (or observation), stool, "
                    "weight, bcs, pain, care, medicine, dose, vet (or vet_visit)%s\n",
            cmd, is_log ? "; and 'log edit', 'log delete', 'log show' change entries"
                        : ", assessment");
    return EXIT_INPUT;
}

/* ---- scoot cat ---- */

static void cat_usage(FILE *f)
{
    fprintf(f,
            "Usage: scoot cat add NAME [--birth-date YYYY-MM-DD | --age-years N] [--sex male|female]\n"
            "                 [--neutered yes|no] [--coat short|long] [--breed TEXT]\n"
            "                 [--weight-kg KG] [--body-condition-9pt 1..9]\n"
            "       scoot cat list [--format text|json]\n"
            "       scoot cat show NAME [--format text|json]\n"
            "       scoot cat edit NAME [--name NEW] [the options of add; 'none' clears one]\n"
            "       scoot cat remove NAME [--yes]\n"
            "Common: --db PATH (default $SCOOT_DB or ~/.local/share/scoot/scoot.db), --kb FILE\n");
}

static void print_cat(json_t *c)
{
    printf("%s", cli_text(json_string_value(json_object_get(c, "name"))));
    const char *keys[] = {"sex", "neutered", "age_years", "coat", "breed", "weight_kg",
                          "body_condition_9pt", "birth_date"};
    const char *labels[] = {"", "", "age ", "coat ", "", "", "body condition ", "born "};
    const char *units[] = {"", "", " y", "", "", " kg", "/9", ""};
    for (size_t i = 0; i < SCOOT_ARRAY_LEN(keys); i++) {
        json_t *v = json_object_get(c, keys[i]);
        if (!v)
            continue;
        if (!strcmp(keys[i], "neutered"))
            printf(", %s", json_is_true(v) ? "neutered" : "not neutered");
        else if (json_is_string(v))
            printf(", %s%s%s", labels[i], cli_text(json_string_value(v)), units[i]);
        else
            printf(", %s%g%s", labels[i], json_number_value(v), units[i]);
    }
    printf("\n");
}

static int cat_cmd(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        cat_usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? EXIT_USAGE : EXIT_OK;
    }
    const char *sub = argv[1];
    static const char *const common[] = {"db", "kb", "format"};
    const char *cv[3] = {NULL, NULL, "text"};
    static const char *const flag_names[] = {"yes", "help"};
    int flags[2] = {0, 0};
    const char *pos[2] = {NULL, NULL};
    int npos;
    int is_list = !strcmp(sub, "list"), is_show = !strcmp(sub, "show"),
        is_add = !strcmp(sub, "add"), is_edit = !strcmp(sub, "edit"),
        is_rm = !strcmp(sub, "remove") || !strcmp(sub, "rm");
    if (!is_list && !is_show && !is_add && !is_edit && !is_rm) {
        fprintf(stderr, "scoot cat: unknown subcommand '%s' (add, list, show, edit, remove)\n", cli_text(sub));
        return EXIT_USAGE;
    }
    json_t *obj = json_object();
    int st = collect_args(argc, argv, 2, (is_add || is_edit) ? obj : NULL, pos, &npos, 1, common,
                          cv, 3, flags, flag_names, 2);
    if (flags[1]) {
        cat_usage(stdout);
        json_decref(obj);
        return EXIT_OK;
    }
    if (!st && !is_list && npos != 1) {
        fprintf(stderr, "scoot cat %s: name the cat\n", sub);
        st = EXIT_USAGE;
    }
    if (!st && is_list && npos) {
        fprintf(stderr,
                "scoot cat list: unexpected argument '%s' (to see one cat: 'scoot cat show "
                "NAME')\n",
                cli_text(pos[0]));
        st = EXIT_USAGE;
    }
    if (!st && strcmp(cv[2], "text") && strcmp(cv[2], "json")) {
        fprintf(stderr, "scoot cat: --format must be text or json\n");
        st = EXIT_USAGE;
    }
    if (st) {
        json_decref(obj);
        return st;
    }
    /* 'none' clears a field in edit */
    const char *k;
    json_t *v;
    int failed = 0;
    json_object_foreach(obj, k, v) if (json_is_string(v) && !strcmp(json_string_value(v), "none"))
        failed |= json_object_set_new(obj, k, json_null());
    if ((st = json_ok(failed)) != 0 || (is_add && (st = utf8_arg("cat.name", pos[0])) != 0)) {
        json_decref(obj);
        return st;
    }
    scoot_kb *kb;
    scoot_journal *j;
    if ((st = cli_open_journal(cv[0], cv[1],
                               is_add    ? SCOOT_JOURNAL_CREATE
                               : is_edit || is_rm ? SCOOT_JOURNAL_WRITE
                                                  : SCOOT_JOURNAL_READ,
                               &kb, &j)) != EXIT_OK) {
        json_decref(obj);
        return st;
    }
    scoot_buf out, err;
    scoot_buf_init(&out, 0);
    scoot_buf_init(&err, 0);
    int rc = SCOOT_OK;
    if (is_add) {
        char *text = NULL;
        rc = json_object_set_new(obj, "name", json_string(pos[0])) ||
                     !(text = json_dumps(obj, JSON_COMPACT))
                 ? SCOOT_ENOMEM
                 : scoot_journal_cat_add(j, text, NULL, &err);
        scoot_free(text);
        if (!rc)
            printf("Added %s.\n", cli_text(pos[0]));
    } else if (is_edit) {
        char *text = json_dumps(obj, JSON_COMPACT);
        rc = json_object_size(obj) ? scoot_journal_cat_edit(j, pos[0], text, &err) : SCOOT_OK;
        scoot_free(text);
        if (!rc)
            printf("Saved %s.\n", cli_text(json_string_value(json_object_get(obj, "name"))
                                                  ? json_string_value(json_object_get(obj, "name"))
                                                  : pos[0]));
    } else if (is_rm) {
        rc = scoot_journal_cat_get(j, pos[0], &out, &err);
        if (!rc && !flags[0]) {
            if (!isatty(STDIN_FILENO)) {
                fprintf(stderr, "scoot cat remove: this deletes %s and every entry of its journal; "
                                "add --yes to confirm\n", cli_text(pos[0]));
                rc = SCOOT_ECANCEL;
            } else {
                printf("Remove %s and every entry of its journal? Type the name to confirm: ",
                       cli_text(pos[0]));
                fflush(stdout);
                char line[256];
                if (!cli_read_line(stdin, line, sizeof line) || strcasecmp(line, pos[0])) {
                    printf("Nothing removed.\n");
                    rc = SCOOT_ECANCEL;
                }
            }
        }
        if (!rc)
            rc = scoot_journal_cat_remove(j, pos[0], &err);
        if (!rc)
            printf("Removed %s.\n", cli_text(pos[0]));
    } else {
        rc = is_list ? scoot_journal_cat_list(j, &out, &err)
                     : scoot_journal_cat_get(j, pos[0], &out, &err);
        if (!rc && !strcmp(cv[2], "json"))
            dump_json(&out);
        else if (!rc) {
            json_t *x = json_loads(out.data, 0, NULL);
            if (is_list) {
                size_t i;
                json_t *c;
                if (!json_array_size(x))
                    printf("No cats yet: add one with 'scoot cat add NAME'.\n");
                json_array_foreach(x, i, c) print_cat(c);
            } else {
                print_cat(x);
            }
            json_decref(x);
        }
    }
    st = rc == SCOOT_ECANCEL ? EXIT_CANCEL : report(rc, &err);
    scoot_buf_free(&out);
    scoot_buf_free(&err);
    json_decref(obj);
    scoot_journal_close(j);
    scoot_kb_free(kb);
    return st;
}

/* ---- scoot log ---- */

static void log_usage(FILE *f)
{
    fprintf(f,
            "Usage: scoot log KIND --cat NAME [--at TIME] [--note TEXT] [details]\n"
            "       scoot log edit ID [--at TIME] [--note TEXT] [--FIELD VALUE]...\n"
            "       scoot log delete ID [--yes]\n"
            "       scoot log show ID\n"
            "\n"
            "Kinds and their details:\n"
            "  episode   [--amount spot|smear|puddle] [--look brown,grey,yellow,bloody,pus]\n"
            "  (or leak) [--context fright|rest|after_stool|other] [--where TEXT]\n"
            "  seen      FINDING[=VALUE]        e.g. scooting, swelling=no, grimace_score=3\n"
            "            (not eating since yesterday: log not_eating --at 'yesterday 8am', then\n"
            "            not_eating again now; a day or more of it calls for a vet today)\n"
            "  stool     SCORE [--chart purina|royal_canin]   (Purina 1 hard .. 7 watery)\n"
            "  weight    KG\n"
            "  bcs       SCORE                  (body condition 1..9, 5 ideal)\n"
            "  pain      --ears N --eyes N --muzzle N --whiskers N --head N  (0..2, - if not seen)\n"
            "  care      CARE_ID [--minutes N] [--tolerated well|fair|poorly|refused]\n"
            "  medicine  --name TEXT --times-per-day N --days N [--dose TEXT] [--start DATE]\n"
            "  dose      COURSE_ID [--missed]\n"
            "  vet       [--clinic T] [--found T] [--diagnosis T] [--treatment T]\n"
            "            [--recheck DATE] [--recheck-done yes] [--diagnosis-ids abscess,...]\n"
            "            (--recheck: the date a recheck is booked for; --recheck-done: this\n"
            "            visit was the recheck booked before)\n"
            "TIME: 2026-11-20 18:05, today 18:00, yesterday 7am, 2h ago, now (the default).\n"
            "Common: --db PATH, --kb FILE\n");
}

/* "booked for DATE, today" / ", in 3 days" / ", 2 days late": a recheck against today (days:
 * from today to its date). */
static void print_recheck(const char *date, long long days)
{
    long long n = days < 0 ? -days : days;
    printf("booked for %s, ", date ? cli_text(date) : "?");
    if (!days)
        printf("today");
    else
        printf(days > 0 ? "in %lld day%s" : "%lld day%s late", n, n == 1 ? "" : "s");
}

/* name as one word for a shell: as it is when plain, else in double quotes. */
static const char *shell_word(const char *name, char *buf, size_t n)
{
    if (name[0] &&
        strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-/") == strlen(name))
        return name;
    size_t k = 0;
    buf[k++] = '"';
    for (const char *p = name; *p && k + 3 < n; p++) {
        if (strchr("\"$`\\", *p))
            buf[k++] = '\\';
        buf[k++] = *p;
    }
    buf[k++] = '"';
    buf[k] = '\0';
    return buf;
}

/* Prints a list of concerns (scoot_journal_concerns) but those in also_shown (may be NULL):
 * heading and the level's words, each reason wrapped. 1 when it printed any. */
static int show_concerns(const scoot_kb *kb, json_t *list, json_t *also_shown, const char *heading)
{
    json_t *left = json_array(), *x, *y;
    size_t i, k;
    json_array_foreach(list, i, x)
    {
        int dup = 0;
        json_array_foreach(also_shown, k, y)
            dup |= json_equal(json_object_get(x, "rule"), json_object_get(y, "rule"));
        if (!dup && json_array_append(left, x)) {
            /* (a concern left out of the list would read as none) */
            fprintf(stderr, "%s: %s\n", cli_prog, scoot_strerror(SCOOT_ENOMEM));
            json_decref(left);
            return 0;
        }
    }
    if (!json_array_size(left)) {
        json_decref(left);
        return 0;
    }
    const char *level = json_string_value(json_object_get(json_array_get(left, 0), "level"));
    scoot_level l = level && !strcmp(level, "urgent") ? SCOOT_LEVEL_URGENT : SCOOT_LEVEL_VET_SOON;
    int color = cli_color(stdout);
    printf("\n%s%s: %s%s\n", color ? "\033[1m" : "", heading, scoot_kb_level_label(kb, l),
           color ? "\033[0m" : "");
    scoot_buf t;
    scoot_buf_init(&t, 0);
    json_array_foreach(left, i, x)
    {
        scoot_buf_reset(&t);
        scoot_buf_adds(&t, "  - ");
        scoot_buf_wrap(&t, json_string_value(json_object_get(x, "text")), 78, 4, 4);
        scoot_buf_addc(&t, '\n');
        cli_print_text(stdout, scoot_buf_str(&t)); /* (the wrapped lines' breaks kept) */
    }
    scoot_buf_free(&t);
    json_decref(left);
    return 1;
}

/* The way to a full check of cat, after concerns were shown. */
static void point_to_check(const char *cat)
{
    char q[300];
    printf("Check %s in full with 'scoot assess --cat %s'.\n", cli_text(cat),
           cli_text(shell_word(cat, q, sizeof q)));
}

/* After entry event of cat was written: what it brings that calls for a vet, and what else is
 * still open (a third leak brings nothing new, but the vet visit the second called for is still
 * to be made), the more urgent first: a "today" still open must not come under this entry's
 * "soon". The entry is saved, so a failure here is not the command's and is only named. */
static void print_concerns(scoot_journal *j, const scoot_kb *kb, const char *cat, scoot_time now,
                           int64_t event)
{
    scoot_buf b, o, err;
    scoot_buf_init(&b, 0);
    scoot_buf_init(&o, 0);
    scoot_buf_init(&err, 0);
    int rc = scoot_journal_entry_concerns(j, cat, now, event, &b, &o, &err);
    json_t *news = rc ? NULL : json_loads(b.data, 0, NULL);
    json_t *open = rc ? NULL : json_loads(o.data, 0, NULL);
    if (!news || !open) {
        fprintf(stderr, "scoot: the entry is saved, but the journal could not be checked for "
                        "warning signs: ");
        cli_print_text(stderr, rc && err.len ? scoot_buf_str(&err) : "out of memory\n");
    }
    const char *nl = json_string_value(json_object_get(json_array_get(news, 0), "level"));
    const char *ol = json_string_value(json_object_get(json_array_get(open, 0), "level"));
    int open_first = ol && !strcmp(ol, "urgent") && !(nl && !strcmp(nl, "urgent")), shown = 0;
    if (open_first)
        shown |= show_concerns(kb, open, news, "Still open from earlier entries");
    shown |= show_concerns(kb, news, NULL, open_first ? "This entry calls for a vet too"
                                                      : "This entry calls for a vet");
    if (!open_first)
        shown |= show_concerns(kb, open, news, "Still open from earlier entries");
    if (shown)
        point_to_check(cat);
    json_decref(open);
    json_decref(news);
    scoot_buf_free(&err);
    scoot_buf_free(&o);
    scoot_buf_free(&b);
}

static int log_cmd(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        log_usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? EXIT_USAGE : EXIT_OK;
    }
    const char *sub = argv[1];
    static const char *const common[] = {"db", "kb", "cat", "at", "note"};
    const char *cv[5] = {NULL, NULL, NULL, NULL, NULL};
    static const char *const flag_names[] = {"yes", "help", "missed"};
    int flags[3] = {0, 0, 0};
    const char *pos[2] = {NULL, NULL};
    int npos, st;
    int is_edit = !strcmp(sub, "edit"), is_del = !strcmp(sub, "delete") || !strcmp(sub, "rm"),
        is_show = !strcmp(sub, "show");
    const char *kind = sub;
    if (!is_edit && !is_del && !is_show && (st = kind_of("log", sub, &kind)) != 0)
        return st;
    json_t *data = json_object();
    st = collect_args(argc, argv, 2, (is_del || is_show) ? NULL : data, pos, &npos, 1, common, cv,
                      5, flags, flag_names, 3);
    if (flags[1]) {
        log_usage(stdout);
        json_decref(data);
        return EXIT_OK;
    }
    if (st) {
        json_decref(data);
        return st;
    }
    int64_t id = 0;
    /* an entry keeps its cat; delete and show change no time or note: such an option would be
     * ignored without a word */
    for (int k = 2; k < 5 && (is_edit || is_del || is_show); k++)
        if (cv[k] && (k == 2 || !is_edit)) {
            fprintf(stderr, "scoot log %s: --%s is not an option of 'scoot log %s'\n",
                    cli_text(sub), common[k], cli_text(sub));
            json_decref(data);
            return EXIT_USAGE;
        }
    if (is_edit || is_del || is_show) {
        char *end = NULL;
        errno = 0;
        id = npos == 1 ? strtoll(pos[0], &end, 10) : 0;
        if (npos != 1 || *end || id <= 0 || errno) { /* (not 9223372036854775807 for 1e20) */
            fprintf(stderr, "scoot log %s: give the event's id (see 'scoot history')\n", cli_text(sub));
            json_decref(data);
            return EXIT_USAGE;
        }
    } else {
        if (!cv[2]) {
            fprintf(stderr, "scoot log %s: which cat? add --cat NAME\n", cli_text(sub));
            json_decref(data);
            return EXIT_USAGE;
        }
        /* positional shorthands, which an option of the same field must not contradict */
        const char *same = !strcmp(kind, "weight")                          ? "kg"
                           : !strcmp(kind, "bcs") || !strcmp(kind, "stool") ? "score"
                           : !strcmp(kind, "care")                          ? "care"
                           : !strcmp(kind, "dose")                          ? "course"
                           : !strcmp(kind, "observation") && json_object_get(data, "value")
                               ? "value"
                               : "finding";
        if (npos == 1 && json_object_get(data, same)) {
            fprintf(stderr, "scoot log %s: the %s is given twice ('%s' and --%s)\n", cli_text(sub),
                    same, cli_text(pos[0]), same);
            json_decref(data);
            return EXIT_USAGE;
        }
        st = 0;
        if (npos == 1) {
            if (!strcmp(kind, "weight"))
                st = set_field(data, "kg", pos[0]);
            else if (!strcmp(kind, "bcs") || !strcmp(kind, "stool"))
                st = set_field(data, "score", pos[0]);
            else if (!strcmp(kind, "care"))
                st = set_field(data, "care", pos[0]);
            else if (!strcmp(kind, "dose"))
                st = set_field(data, "course", pos[0]);
            else if (!strcmp(kind, "observation")) {
                const char *eq = strchr(pos[0], '=');
                size_t n = eq ? (size_t)(eq - pos[0]) : strlen(pos[0]);
                size_t bad;
                if (!scoot__utf8_ok(pos[0], &bad))
                    st = utf8_arg(eq && bad > n ? "event.data.value" : "event.data.finding", pos[0]);
                else if (!(st = json_ok(
                               json_object_set_new(data, "finding", json_stringn(pos[0], n)))))
                    /* "seen scooting": the sign was seen */
                    st = eq ? set_field(data, "value", eq + 1)
                            : json_ok(json_object_set_new(data, "value", json_true()));
            } else {
                fprintf(stderr, "scoot log %s: unexpected argument '%s'\n", cli_text(sub), cli_text(pos[0]));
                json_decref(data);
                return EXIT_USAGE;
            }
        }
        if (!st && !strcmp(kind, "dose"))
            st = json_ok(json_object_set_new(data, "given", json_boolean(!flags[2])));
        if (st) {
            json_decref(data);
            return st;
        }
    }
    scoot_time t = scoot_time_now();
    if (cv[3] && parse_at(cv[3], &t)) {
        json_decref(data);
        return EXIT_INPUT;
    }
    scoot_kb *kb;
    scoot_journal *j;
    if ((st = cli_open_journal(cv[0], cv[1], is_show ? SCOOT_JOURNAL_READ : SCOOT_JOURNAL_WRITE,
                               &kb, &j)) != EXIT_OK) {
        json_decref(data);
        return st;
    }
    scoot_buf err, out;
    scoot_buf_init(&err, 0);
    scoot_buf_init(&out, 0);
    int rc;
    if (is_show) {
        rc = scoot_journal_event_get(j, id, &out, &err);
        if (!rc)
            dump_json(&out);
    } else if (is_del) {
        rc = scoot_journal_event_get(j, id, &out, &err);
        if (!rc && !flags[0] && !isatty(STDIN_FILENO)) {
            fprintf(stderr, "scoot log delete: this deletes entry %lld; add --yes to confirm\n",
                    (long long)id);
            rc = SCOOT_ECANCEL;
        } else if (!rc && !flags[0]) {
            cli_print_json(&out);
            printf("Delete this entry? [y/N] ");
            fflush(stdout);
            char line[16];
            if (!cli_read_line(stdin, line, sizeof line) || (line[0] != 'y' && line[0] != 'Y'))
                rc = SCOOT_ECANCEL;
        }
        if (!rc)
            rc = scoot_journal_event_delete(j, id, &err);
        if (!rc)
            printf("Deleted entry %lld.\n", (long long)id);
    } else if (is_edit) {
        char *text = json_object_size(data) ? json_dumps(data, JSON_COMPACT) : NULL;
        rc = scoot_journal_event_edit(j, id, cv[3] ? &t : NULL, text, cv[4], &err);
        int changed = text || cv[3]; /* (a new note changes nothing a vet would be called for) */
        scoot_free(text);
        if (!rc)
            printf("Saved entry %lld.\n", (long long)id);
        json_t *ev = rc || !changed
                         ? NULL
                         : (scoot_buf_reset(&out), scoot_journal_event_get(j, id, &out, &err))
                               ? NULL
                               : json_loads(out.data, 0, NULL);
        if (json_string_value(json_object_get(ev, "cat")))
            print_concerns(j, kb, json_string_value(json_object_get(ev, "cat")), scoot_time_now(), id);
        json_decref(ev);
    } else {
        char *text = json_dumps(data, JSON_COMPACT);
        rc = scoot_journal_event_add(j, cv[2], kind, t, text, cv[4], &id, &err);
        scoot_free(text);
        if (!rc) {
            char when[32];
            printf("Logged %s for %s at %s (entry %lld).\n",
                   !strcmp(kind, "observation") ? "an observation" : !strcmp(kind, "vet_visit") ? "a vet visit" : sub, cli_text(cv[2]),
                   scoot_time_format_local(t, when, sizeof when), (long long)id);
            if (!strcmp(kind, "pain")) {
                /* the score the journal worked out, and from how much of the face */
                scoot_buf_reset(&out);
                json_t *ev = scoot_journal_event_get(j, id, &out, NULL) ? NULL : json_loads(out.data, 0, NULL);
                json_t *d = json_object_get(ev, "data");
                static const char *const parts[] = {"ears", "eyes", "muzzle", "whiskers", "head"};
                int seen = 0;
                for (size_t k = 0; k < SCOOT_ARRAY_LEN(parts); k++)
                    seen += json_is_number(json_object_get(d, parts[k]));
                if (json_is_number(json_object_get(d, "score")))
                    printf("Grimace score %.1f out of 10, from %d of 5 parts of the face%s.\n",
                           json_number_value(json_object_get(d, "score")), seen,
                           seen < 3 ? " (a score from so few parts is only a rough guide)" : "");
                json_decref(ev);
            }
            print_concerns(j, kb, cv[2], scoot_time_now(), id);
        }
    }
    st = rc == SCOOT_ECANCEL ? EXIT_CANCEL : report(rc, &err);
    scoot_buf_free(&err);
    scoot_buf_free(&out);
    json_decref(data);
    scoot_journal_close(j);
    scoot_kb_free(kb);
    return st;
}

/* ---- history, summary, due, done ---- */

typedef struct {
    json_t *arr;
    int json;
    int n;
} hist;

/* o's string at key words, or (a record without it, e.g. a brief result) at key id; borrowed
 * from o, NULL when neither is there. */
static const char *words_or_id(json_t *o, const char *words, const char *id)
{
    const char *w = json_string_value(json_object_get(o, words));
    return w ? w : json_string_value(json_object_get(o, id));
}

/* One line of details for an event. */
static void details(const char *kind, json_t *d, char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    if (!strcmp(kind, "assessment")) {
        /* in words: the level's label and the cause's name, as the result stored them */
        json_t *res = json_object_get(d, "result"), *tr = json_object_get(res, "triage");
        json_t *c0 = json_array_get(json_object_get(res, "causes"), 0);
        const char *lv = words_or_id(tr, "label", "level"), *cn = words_or_id(c0, "name", "id");
        snprintf(buf, n, "%s; most likely: %s", lv ? lv : "level not recorded", cn ? cn : "?");
        return;
    }
    const char *k;
    json_t *v;
    json_object_foreach(d, k, v)
    {
        if (used >= n)
            break;
        char val[128];
        if (json_is_string(v))
            snprintf(val, sizeof val, "%s", json_string_value(v));
        else if (json_is_number(v))
            snprintf(val, sizeof val, "%g", json_number_value(v));
        else if (json_is_boolean(v))
            snprintf(val, sizeof val, "%s", json_is_true(v) ? "yes" : "no");
        else if (json_is_array(v)) {
            size_t i, u = 0;
            json_t *x;
            val[0] = '\0';
            json_array_foreach(v, i, x) if (u < sizeof val) u += (size_t)snprintf(
                val + u, sizeof val - u, "%s%s", i ? "," : "", json_string_value(x) ? json_string_value(x) : "?");
        } else
            snprintf(val, sizeof val, "-");
        used += (size_t)snprintf(buf + used, n - used, "%s%s=%s", used ? " " : "", k, val);
    }
}

static int hist_cb(void *ud, const scoot_event *e)
{
    hist *h = ud;
    h->n++;
    json_t *d = json_loads(e->data, 0, NULL);
    if (h->json) {
        char iso[32];
        scoot_time_format_utc(e->t, iso, sizeof iso);
        /* (an entry left out would not be seen to be missing) */
        return json_array_append_new(h->arr,
                                     json_pack("{s:I, s:s, s:s, s:o, s:s?}", "id", (json_int_t)e->id,
                                               "kind", e->kind, "t", iso, "data",
                                               d ? d : json_object(), "note", e->note))
                   ? SCOOT_ENOMEM
                   : 0;
    }
    char when[32], det[512];
    details(e->kind, d, det, sizeof det);
    printf("%6lld  %s  %-11s %s%s%s\n", (long long)e->id, scoot_time_format_local(e->t, when, sizeof when),
           cli_text(e->kind), cli_text(det), e->note ? "  # " : "", e->note ? cli_text(e->note) : "");
    json_decref(d);
    return 0;
}

/* scoot check [--db PATH] [--quick]: what is wrong with the journal, and how to recover. */
static int check_cmd(int argc, char **argv)
{
    static const char *const common[] = {"db", "kb"};
    const char *cv[2] = {NULL, NULL};
    static const char *const flag_names[] = {"help", "quick"};
    int flags[2] = {0, 0};
    const char *pos[1] = {NULL};
    int npos;
    int st = collect_args(argc, argv, 1, NULL, pos, &npos, 0, common, cv, 2, flags, flag_names, 2);
    if (flags[0] || st) {
        fprintf(st ? stderr : stdout,
                "Usage: scoot check [--db PATH] [--quick]\n"
                "Checks every page of the journal (--quick: faster, without the indexes), its\n"
                "references and every stored record; says what is wrong and how to recover.\n"
                "Exit status: 0 sound, 5 damaged, 1 cannot be checked.\n");
        return st ? st : EXIT_OK;
    }
    scoot_buf path;
    scoot_buf_init(&path, 0);
    if (cv[0])
        scoot_buf_adds(&path, cv[0]);
    else
        scoot_journal_default_path(&path);
    const char *p = scoot_buf_str(&path);
    scoot_kb *kb = NULL;
    scoot_journal *j = NULL;
    scoot_buf report, err;
    scoot_buf_init(&report, 0);
    scoot_buf_init(&err, 0);
    int rc = cli_load_kb(cv[1], &kb);
    if (rc) {
        scoot_buf_free(&path);
        return rc == SCOOT_EKB ? EXIT_INPUT : EXIT_FAIL;
    }
    rc = scoot_journal_open_mode(p, kb, SCOOT_JOURNAL_READ, &j, &err);
    if (rc == SCOOT_EDAMAGED) {
        scoot_buf_adds(&report, scoot_buf_str(&err)); /* (it cannot even be opened) */
    } else if (rc) {
        cli_print_text(stderr, scoot_buf_str(&err));
        fprintf(stderr, "scoot check: cannot open the journal %s\n", cli_text(p));
    } else {
        rc = scoot_journal_check(j, flags[1], &report, &err);
        if (rc && rc != SCOOT_EDAMAGED)
            cli_print_text(stderr, scoot_buf_str(&err));
    }
    if (rc == SCOOT_OK) {
        printf("The journal %s is sound%s.\n", cli_text(p),
               flags[1] ? " (a quick check: 'scoot check' without --quick checks the indexes too)"
                        : "");
        cli_print_text(stdout, scoot_buf_str(&report)); /* notes */
    } else if (rc == SCOOT_EDAMAGED) {
        char q[600];
        const char *w = shell_word(p, q, sizeof q);
        printf("The journal %s is damaged:\n", cli_text(p));
        const char *r = scoot_buf_str(&report);
        while (*r) {
            size_t n = strcspn(r, "\n");
            char line[1024];
            snprintf(line, sizeof line, "%.*s", (int)n, r);
            printf("  - %s\n", cli_text(line));
            r += n + (r[n] == '\n');
        }
        printf("\nHow to recover:\n"
               "  - From a backup made with 'scoot backup FILE': set the damaged file aside, then put\n"
               "    the backup in its place (what was logged since the backup is lost):\n"
               "      mv %s %s.damaged && cp FILE %s\n"
               "  - Or save what can still be read: 'scoot export --db %s --output saved.json'\n"
               "    stops at the first damaged record and names it; export each cat on its own\n"
               "    ('scoot export --cat NAME --db %s --output NAME.json') to keep the others, then\n"
               "    start a new journal and 'scoot import' each file into it.\n"
               "  - SQLite's own salvage (the sqlite3 tool): sqlite3 %s .recover | sqlite3 recovered.db\n"
               "    then 'scoot check --db recovered.db' before using it.\n"
               "Keep the damaged file until the journal is whole again.\n",
               cli_text(w), cli_text(w), cli_text(w), cli_text(w), cli_text(w), cli_text(w));
    }
    scoot_journal_close(j);
    scoot_kb_free(kb);
    scoot_buf_free(&report);
    scoot_buf_free(&err);
    scoot_buf_free(&path);
    return rc == SCOOT_OK ? EXIT_OK : rc == SCOOT_EDAMAGED ? EXIT_DAMAGED
                                      : rc == SCOOT_ENOENT   ? EXIT_INPUT
                                                              : EXIT_FAIL;
}

static int simple_cmd(int argc, char **argv, const char *name)
{
    static const char *const common[] = {"db", "kb", "cat", "since", "kind", "format", "at",
                                         "output"};
    const char *cv[8] = {NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL};
    static const char *const flag_names[] = {"help", "quick"};
    int flags[2] = {0, 0};
    const char *pos[2] = {NULL, NULL};
    int npos;
    int is_done = !strcmp(name, "done"), is_import = !strcmp(name, "import"),
        is_backup = !strcmp(name, "backup"), is_export = !strcmp(name, "export"),
        is_check = !strcmp(name, "check"), is_cal = !strcmp(name, "calendar");
    if (is_check)
        return check_cmd(argc, argv);
    int st = collect_args(argc, argv, 1, NULL, pos, &npos, 1, common, cv, 8, flags, flag_names, 2);
    if (flags[1] && !st) {
        fprintf(stderr, "scoot %s: --quick is for 'scoot check'\n", name);
        return EXIT_USAGE;
    }
    if (flags[0] || st) {
        FILE *f = st ? stderr : stdout;
        if (!strcmp(name, "history"))
            fprintf(f, "Usage: scoot history --cat NAME [--since TIME] [--kind KIND] "
                       "[--format text|json]\n"
                       "KIND: the kinds of 'scoot log' (episode or leak, seen, stool, weight, bcs,\n"
                       "pain, care, medicine, dose, vet), observation, vet_visit or assessment.\n");
        else if (!strcmp(name, "summary"))
            fprintf(f, "Usage: scoot summary --cat NAME [--format text|json]\n"
                       "Episodes per week, stool and weight trends, the last assessment and vet "
                       "visit, the care due and its adherence.\n");
        else if (!strcmp(name, "due"))
            fprintf(f, "Usage: scoot due [--cat NAME] [--format text|json]\n"
                       "What is due today from the latest care plan, the medicine courses and the\n"
                       "recheck the last vet visit booked.\n");
        else if (is_done)
            fprintf(f, "Usage: scoot done ITEM --cat NAME [--at TIME]\n"
                       "ITEM: a care id (warm_compress), a medicine's name or course id, or\n"
                       "'recheck' (the recheck a vet visit booked: logs the visit).\n");
        else if (is_export)
            fprintf(f, "Usage: scoot export [--cat NAME] [--format json|csv|fhir] [-o|--output FILE]\n"
                       "json: the whole journal, or one cat (round-trips through 'scoot import');\n"
                       "csv: a row per entry; fhir: one cat's record as a FHIR R4 Bundle for a\n"
                       "clinic's system (needs --cat).\n");
        else if (is_cal)
            fprintf(f, "Usage: scoot calendar --cat NAME [-o|--output FILE]\n"
                       "The cat's care schedule as an iCalendar file (.ics) for a phone's or a\n"
                       "computer's calendar: the care plan's items at times of day that fit how\n"
                       "often they are due, medicine doses and the booked recheck, each with a\n"
                       "reminder. Importing a newer file updates the events instead of adding\n"
                       "copies. Standard output when no file is given.\n");
        else if (is_import)
            fprintf(f, "Usage: scoot import FILE   (a file written by 'scoot export'; all or "
                       "nothing)\n");
        else
            fprintf(f, "Usage: scoot backup FILE   (a consistent copy of the journal database)\n");
        fprintf(f, "Common: --db PATH, --kb FILE\n");
        return st ? st : EXIT_OK;
    }
    /* the options each command takes (of common's: db kb cat since kind format at output);
     * any other would be ignored without a word ("export --kind stool" exporting it all) */
    static const struct {
        const char *name;
        unsigned takes;
    } takes[] = {{"history", 0x3f}, {"summary", 0x27}, {"due", 0x27},   {"done", 0x47},
                 {"export", 0xa7},  {"import", 0x03},  {"backup", 0x03},
                 {"calendar", 0x87}};
    for (size_t c = 0; c < SCOOT_ARRAY_LEN(takes); c++)
        for (int k = 0; k < 8 && !strcmp(takes[c].name, name); k++)
            if (cv[k] && !(takes[c].takes >> k & 1)) {
                fprintf(stderr,
                        "scoot %s: --%s is not an option of 'scoot %s' (see 'scoot %s --help')\n",
                        name, common[k], name, name);
                return EXIT_USAGE;
            }
    const char *format = cv[5] ? cv[5] : (is_export ? "json" : "text");
    if ((is_export && strcmp(format, "json") && strcmp(format, "csv") && strcmp(format, "fhir")) ||
        (!is_export && strcmp(format, "json") && strcmp(format, "text"))) {
        fprintf(stderr, "scoot %s: unknown --format '%s'\n", name, cli_text(format));
        return EXIT_USAGE;
    }
    int needs_cat = !strcmp(name, "history") || !strcmp(name, "summary") || is_done || is_cal ||
                    (is_export && !strcmp(format, "fhir"));
    if (needs_cat && !cv[2]) {
        fprintf(stderr, "scoot %s: which cat? add --cat NAME\n", name);
        return EXIT_USAGE;
    }
    if ((is_done || is_import || is_backup) && npos != 1) {
        fprintf(stderr, "scoot %s: missing %s\n", name, is_done ? "ITEM" : "FILE");
        return EXIT_USAGE;
    }
    if (!(is_done || is_import || is_backup) && npos) {
        fprintf(stderr, "scoot %s: unexpected argument '%s'\n", name, cli_text(pos[0]));
        return EXIT_USAGE;
    }
    scoot_time now = scoot_time_now(), since = INT64_MIN / 2, at = now;
    if (cv[3]) {
        scoot_buf e;
        scoot_buf_init(&e, 0);
        if (scoot_time_parse(cv[3], now, &since, &e)) {
            fprintf(stderr, "scoot %s: --since: ", name);
            cli_print_text(stderr, scoot_buf_str(&e));
            scoot_buf_free(&e);
            return EXIT_INPUT;
        }
        scoot_buf_free(&e);
    }
    if (cv[6] && parse_at(cv[6], &at))
        return EXIT_INPUT;
    if (cv[4] && !strcmp(name, "history") && (st = kind_of(name, cv[4], &cv[4])) != 0)
        return st;
    /* the file to import is read first: one that cannot be read starts no journal */
    scoot_buf in;
    scoot_buf_init(&in, (size_t)256 << 20);
    if (is_import && (st = cli_read_file(pos[0], &in)) != SCOOT_OK) {
        scoot_buf_free(&in);
        return st == SCOOT_ETOOBIG ? EXIT_INPUT : EXIT_FAIL;
    }
    scoot_kb *kb;
    scoot_journal *j;
    scoot_journal_mode mode = is_import ? SCOOT_JOURNAL_CREATE
                              : is_done ? SCOOT_JOURNAL_WRITE
                                        : SCOOT_JOURNAL_READ;
    if ((st = cli_open_journal(cv[0], cv[1], mode, &kb, &j)) != EXIT_OK) {
        scoot_buf_free(&in);
        return st;
    }
    scoot_buf out, err;
    scoot_buf_init(&out, 0);
    scoot_buf_init(&err, 0);
    int rc = SCOOT_OK, json = !strcmp(format, "json") || !strcmp(format, "fhir");
    if (!strcmp(name, "history")) {
        hist h = {json ? json_array() : NULL, json, 0};
        rc = json && !h.arr ? SCOOT_ENOMEM
                            : scoot_journal_scan(j, cv[2], since, now + 2 * 86400, cv[4], hist_cb,
                                                 &h, &err);
        if (!rc && json) {
            scoot_buf b;
            scoot_buf_init(&b, 0);
            char *s = json_dumps(h.arr, JSON_COMPACT);
            rc = s ? scoot_buf_adds(&b, s) : SCOOT_ENOMEM;
            if (!rc)
                cli_print_json(&b);
            scoot_free(s);
            scoot_buf_free(&b);
        } else if (!rc && !h.n)
            printf("No entries%s for %s yet.\n", cv[4] ? " of that kind" : "", cli_text(cv[2]));
        json_decref(h.arr);
    } else if (!strcmp(name, "summary")) {
        rc = scoot_journal_summary(j, cv[2], now, &out, &err);
        if (!rc && json)
            dump_json(&out);
        else if (!rc) {
            json_t *s = json_loads(out.data, 0, NULL);
            print_cat(json_object_get(s, "cat"));
            printf("\nEpisodes per week (oldest first):");
            size_t i;
            json_t *w;
            json_array_foreach(json_object_get(s, "episodes_per_week"), i, w)
                printf(" %lld", (long long)json_integer_value(json_object_get(w, "episodes")));
            json_t *stool = json_object_get(s, "stool"), *wt = json_object_get(s, "weight");
            printf("\nStool: ");
            if (json_object_get(stool, "latest"))
                printf("latest %lld (Purina), ", (long long)json_integer_value(json_object_get(stool, "latest")));
            printf("trend %s\n", json_string_value(json_object_get(stool, "trend")));
            printf("Weight: ");
            if (json_object_get(wt, "latest_kg")) {
                printf("%.2f kg", json_number_value(json_object_get(wt, "latest_kg")));
                if (json_object_get(wt, "change_90_days_percent"))
                    printf(", %+.1f%% in 90 days (%s)",
                           json_number_value(json_object_get(wt, "change_90_days_percent")),
                           json_string_value(json_object_get(wt, "trend")));
                printf("\n");
            } else
                printf("not logged\n");
            json_t *la = json_object_get(s, "last_assessment");
            char when[32] = "?";
            scoot_time lt;
            if (la && scoot_time_parse(json_string_value(json_object_get(la, "t")), now, &lt, NULL) == SCOOT_OK)
                scoot_time_format_local(lt, when, sizeof when);
            const char *top = words_or_id(la, "top_cause_name", "top_cause");
            const char *lw = words_or_id(la, "level_label", "level");
            if (la)
                printf("Last check: %s, %s%s%s\n", when, lw ? cli_text(lw) : "level not recorded",
                       top ? "; most likely: " : "", top ? cli_text(top) : "");
            else
                printf("Last check: none ('scoot assess --cat %s')\n", cli_text(cv[2]));
            if (show_concerns(kb, json_object_get(s, "concerns"), NULL,
                              la ? "Since the last check, the journal calls for a vet"
                                 : "The journal calls for a vet"))
                point_to_check(cv[2]);
            json_t *lv = json_object_get(s, "last_vet_visit");
            if (lv) {
                char vwhen[32] = "?";
                scoot_time vt;
                if (scoot_time_parse(json_string_value(json_object_get(lv, "t")), now, &vt, NULL) == SCOOT_OK)
                    scoot_time_format_local(vt, vwhen, sizeof vwhen);
                const char *clinic = json_string_value(json_object_get(lv, "clinic"));
                printf("Last vet visit: %s%s%s\n", vwhen, clinic ? ", " : "", clinic ? cli_text(clinic) : "");
            }
            json_t *re = json_object_get(s, "recheck");
            if (re) {
                const char *clinic = json_string_value(json_object_get(re, "clinic"));
                printf("Recheck%s%s: ", clinic ? " at " : "", clinic ? cli_text(clinic) : "");
                print_recheck(json_string_value(json_object_get(re, "date")),
                              json_integer_value(json_object_get(re, "days_until")));
                printf("\n");
            }
            json_t *due = json_object_get(s, "care_due"), *d;
            printf("Due today:%s\n", json_array_size(due) ? "" : " nothing scheduled");
            json_array_foreach(due, i, d)
            {
                if (!strcmp(json_string_value(json_object_get(d, "kind")), "recheck")) {
                    printf("  %s: ", cli_text(json_string_value(json_object_get(d, "title"))));
                    print_recheck(json_string_value(json_object_get(d, "recheck")),
                                  -json_integer_value(json_object_get(d, "days_late")));
                    printf("\n");
                } else
                    printf("  %-32s %lld of %lld done today, %lld overdue, adherence %.0f%%\n",
                           cli_text(json_string_value(json_object_get(d, "title"))),
                           (long long)json_integer_value(json_object_get(d, "done_today")),
                           (long long)json_integer_value(json_object_get(d, "planned_today")),
                           (long long)json_integer_value(json_object_get(d, "overdue")),
                           json_number_value(json_object_get(d, "adherence")) * 100);
            }
            json_decref(s);
        }
    } else if (!strcmp(name, "due")) {
        rc = scoot_journal_due(j, cv[2], now, &out, &err);
        if (!rc && json)
            dump_json(&out);
        else if (!rc) {
            json_t *arr = json_loads(out.data, 0, NULL), *d;
            size_t i;
            if (!json_array_size(arr))
                printf("Nothing is due today.\n");
            json_array_foreach(arr, i, d)
            {
                long long rem = json_integer_value(json_object_get(d, "remaining_today"));
                long long od = json_integer_value(json_object_get(d, "overdue"));
                /* (the item is what 'scoot done' takes) */
                printf("%-10s %-24s %-32s %s", cli_text(json_string_value(json_object_get(d, "cat"))),
                       cli_text(json_string_value(json_object_get(d, "item"))),
                       cli_text(json_string_value(json_object_get(d, "title"))),
                       rem ? "" : "done for today");
                if (!strcmp(json_string_value(json_object_get(d, "kind")), "recheck"))
                    print_recheck(json_string_value(json_object_get(d, "recheck")),
                                  -json_integer_value(json_object_get(d, "days_late")));
                else if (rem)
                    printf("%lld more today", rem);
                if (od)
                    printf(", %lld missed before", od);
                printf("\n");
            }
            json_decref(arr);
        }
    } else if (is_done) {
        int64_t id;
        rc = scoot_journal_done(j, cv[2], pos[0], at, &id, &err);
        if (!rc && !strcasecmp(pos[0], "recheck"))
            printf("Done: the recheck for %s, logged as a vet visit (entry %lld).\n", cli_text(cv[2]),
                   (long long)id);
        else if (!rc)
            printf("Done: %s for %s (entry %lld).\n", cli_text(pos[0]), cli_text(cv[2]), (long long)id);
    } else if (is_cal) {
        rc = scoot_calendar(j, kb, cv[2], now, &out, &err);
        if (!rc)
            rc = cli_write_file(name, cv[7], &out, &err);
        if (!rc && cv[7])
            printf("Wrote %s's care schedule to %s: open it with your calendar app.\n",
                   cli_text(cv[2]), cli_text(cv[7]));
    } else if (is_export) {
        rc = !strcmp(format, "csv")    ? scoot_journal_export_csv(j, cv[2], &out, &err)
             : !strcmp(format, "fhir") ? scoot_fhir_bundle(j, kb, cv[2], now, &out, &err)
                                       : scoot_journal_export_json(j, cv[2], &out, &err);
        /* JSON: the characters that could act on a terminal as \u escapes (the same text to a
         * JSON reader); CSV, which has no escapes, only when it goes to a terminal */
        scoot_buf safe;
        scoot_buf_init(&safe, 0);
        if (!rc && (json || (!cv[7] && isatty(STDOUT_FILENO)))) {
            rc = scoot__text_escape(&safe, scoot_buf_str(&out), json ? SCOOT__ESC_JSON : SCOOT__ESC_LINES);
            scoot_buf tmp = out;
            out = safe;
            safe = tmp;
        }
        scoot_buf_free(&safe);
        if (!rc)
            rc = cli_write_file(name, cv[7], &out, &err);
    } else if (is_import) {
        int nc = 0, ne = 0;
        rc = scoot_journal_import_json(j, in.data ? in.data : "", in.len, pos[0], &nc, &ne, &err);
        if (!rc)
            printf("Imported %d cat%s and %d entr%s from %s.\n", nc, nc == 1 ? "" : "s", ne,
                   ne == 1 ? "y" : "ies", cli_text(pos[0]));
        else if (err.len)
            fprintf(stderr, "%s: nothing was imported\n", cli_text(pos[0]));
    } else if (is_backup) {
        rc = scoot_journal_backup(j, pos[0], &err);
        if (!rc)
            printf("Backed up to %s.\n", cli_text(pos[0]));
    }
    st = report(rc, &err);
    scoot_buf_free(&in);
    scoot_buf_free(&out);
    scoot_buf_free(&err);
    scoot_journal_close(j);
    scoot_kb_free(kb);
    return st;
}

int cmd_cat(int argc, char **argv)
{
    return cat_cmd(argc, argv);
}

int cmd_log(int argc, char **argv)
{
    return log_cmd(argc, argv);
}

int cmd_journal(int argc, char **argv)
{
    /* -o FILE, as --output FILE (the options before "--" only) */
    for (int i = 1; i < argc && strcmp(argv[i], "--"); i++)
        if (!strcmp(argv[i], "-o"))
            argv[i] = (char *)"--output";
    return simple_cmd(argc, argv, argv[0]);
}
