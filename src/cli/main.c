/* main.c: the scoot command: dispatches to its subcommands. */
#include "../core/setup.h"

#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include "cli.h"

#ifndef SCOOT_VERSION
#define SCOOT_VERSION "0.0.0"
#endif

/* `scoot serve` is the scoot-server program beside this one (see CMakeLists.txt), and a
 * static scoot's `scoot report` the scoot-report program (cairo and Pango are not linked
 * statically). */
static int run_beside(const char *cmd, const char *prog, char **argv)
{
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 32);
    if (n <= 0) {
        fprintf(stderr, "scoot %s: cannot find my own location: %s\n", cmd, strerror(errno));
        return EXIT_FAIL;
    }
    self[n] = '\0';
    char *slash = strrchr(self, '/');
    snprintf(slash ? slash + 1 : self, 32, "%s", prog);
    argv[0] = self;
    execv(self, argv);
    fprintf(stderr, "scoot %s: cannot run %s: %s\n", cmd, self, strerror(errno));
    return EXIT_FAIL;
}

static int run_server(int argc, char **argv)
{
    (void)argc;
    return run_beside("serve", "scoot-server", argv);
}

#ifndef SCOOT_WITH_REPORT
/* scoot-report is this program built with the report: it reads the command line again. */
static int cmd_report(int argc, char **argv)
{
    char **v = scoot_calloc((size_t)argc + 2, sizeof *v);
    if (!v) {
        fprintf(stderr, "scoot: out of memory\n");
        return EXIT_FAIL;
    }
    for (int i = 0; i < argc; i++)
        v[i + 1] = argv[i];
    int st = run_beside("report", "scoot-report", v);
    scoot_free(v);
    return st;
}
#endif

/* A command, and what it takes of the global options (given before it): uses_db, whether it
 * opens the journal (--db); sub, whether its first argument is a subcommand (cat add, log
 * episode, kb show), after which the global options are passed on. Every command takes --kb
 * but 'kb check', whose arguments are the files to check. */
static const struct {
    const char *name;
    int (*fn)(int, char **);
    const char *summary;
    int uses_db, sub;
} commands[] = {
    {"assess", cmd_assess, "check a cat: questions, then urgency, likely causes and care plan", 1,
     0},
    {"serve", run_server, "the web app and JSON API (http://127.0.0.1:8080/)", 1, 0},
    {"kb", cmd_kb, "check or show a knowledge base (kb check FILE, kb show)", 0, 1},
    {"cat", cmd_cat, "add, list, show, edit or remove a cat in the journal", 1, 1},
    {"log", cmd_log, "log an episode, stool, weight, pain score, care, medicine, vet visit", 1, 1},
    {"history", cmd_journal, "a cat's journal as a table", 1, 0},
    {"summary", cmd_journal, "episodes per week, stool and weight trends, care adherence", 1, 0},
    {"due", cmd_journal, "care items, doses and rechecks due today", 1, 0},
    {"done", cmd_journal, "record that a due care item or dose was done", 1, 0},
    {"calendar", cmd_journal, "a cat's care schedule for a calendar app (.ics)", 1, 0},
    {"report", cmd_report, "the report for the vet on a cat (PDF or HTML, two pages)", 1, 0},
    {"export", cmd_journal, "the journal as JSON (round-trips) or CSV", 1, 0},
    {"import", cmd_journal, "add a journal exported by scoot (all or nothing)", 1, 0},
    {"backup", cmd_journal, "a consistent copy of the journal database", 1, 0},
    {"check", cmd_journal, "check the journal for damage; says how to recover", 1, 0},
};

/* The options that may come before the command as well as after it. */
static const char *const globals[] = {"db", "kb"};

static void usage(FILE *f)
{
    fprintf(f,
            "Usage: scoot COMMAND [OPTIONS]\n"
            "       scoot [--db PATH] [--kb FILE] COMMAND [OPTIONS]\n"
            "       scoot --help | --version\n"
            "\n"
            "scoot triages anal sac (\"anal gland\") trouble in cats: how urgent it is, what is\n"
            "probably behind it and what to do now.\n"
            "\n"
            "Commands:\n");
    for (size_t i = 0; i < SCOOT_ARRAY_LEN(commands); i++)
        fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\n"
               "Options, before the command or after it (after it, they win):\n"
               "  --db PATH   the journal: else $SCOOT_DB, or $XDG_DATA_HOME/scoot/scoot.db, or\n"
               "              ~/.local/share/scoot/scoot.db\n"
               "  --kb FILE   another knowledge base than the built-in one (not for 'kb check')\n"
               "\n"
               "Run 'scoot COMMAND --help' for a command's options; 'man scoot' for the manual.\n"
               "\n"
               "Exit status: 0 success, 1 system error, 2 bad command line, 3 invalid input\n"
               "(knowledge base, case, answer, or a value the journal refuses: an unknown cat or\n"
               "kind), 4 questionnaire left before the end or a deletion not confirmed, 5 the\n"
               "journal is damaged ('scoot check' says how to recover).\n");
}

/* Sanitizer builds keep the C library's allocator, so that leaks are still found. */
#if defined(__SANITIZE_ADDRESS__)
#define SCOOT_USE_REGION 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SCOOT_USE_REGION 0
#endif
#endif
#ifndef SCOOT_USE_REGION
#define SCOOT_USE_REGION 1
#endif

/* Reads the global options at argv[*i] on ("--db PATH", "--db=PATH"), up to the command, into
 * val (by the index of globals); *i ends at the command. 0, or EXIT_USAGE after a message. */
static int read_globals(int argc, char **argv, int *i, const char *val[])
{
    while (*i < argc && !strncmp(argv[*i], "--", 2) && argv[*i][2]) {
        const char *a = argv[*i] + 2, *eq = strchr(a, '=');
        size_t len = eq ? (size_t)(eq - a) : strlen(a), k;
        for (k = 0; k < SCOOT_ARRAY_LEN(globals); k++)
            if (strlen(globals[k]) == len && !strncmp(a, globals[k], len))
                break;
        if (k == SCOOT_ARRAY_LEN(globals))
            return *i; /* --help, --version, or unknown: the caller says */
        const char *v = eq ? eq + 1 : *i + 1 < argc ? argv[*i + 1] : NULL;
        if (!v || !*v) {
            fprintf(stderr, "scoot: --%s needs a value\n", globals[k]);
            return -1;
        }
        if (val[k]) {
            fprintf(stderr, "scoot: --%s is given twice before the command\n", globals[k]);
            return -1;
        }
        val[k] = v;
        *i += eq ? 1 : 2;
    }
    return *i;
}

int main(int argc, char **argv)
{
    /* everything `scoot assess` needs (the built-in KB's image, about 130 KiB, the case, the
     * result, its output) fits in about 260 KiB; the region is faulted in whole at start, so
     * it is no larger than that needs (1 MiB cost 0.2 ms). Larger needs (a KB parsed from
     * --kb, the journal) go on to the C library's heap. */
    if (SCOOT_USE_REGION)
        scoot_alloc_use_region((size_t)384 << 10);
    const char *gval[SCOOT_ARRAY_LEN(globals)] = {NULL};
    int first = 1;
    if (read_globals(argc, argv, &first, gval) < 0)
        return EXIT_USAGE;
    int nglobal = 0;
    for (size_t k = 0; k < SCOOT_ARRAY_LEN(globals); k++)
        nglobal += gval[k] != NULL;
    if (first >= argc) {
        if (nglobal)
            fprintf(stderr, "scoot: which command? (the options before it are for a command)\n\n");
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[first];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        usage(stdout);
        return EXIT_OK;
    }
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
        scoot_kb *kb = NULL;
        scoot_kb_load_default(&kb, NULL);
        printf("scoot %s (knowledge base %s %s)\n", SCOOT_VERSION, kb ? scoot_kb_id(kb) : "?",
               kb ? scoot_kb_version(kb) : "?");
        scoot_kb_free(kb);
        return EXIT_OK;
    }
    size_t c;
    for (c = 0; c < SCOOT_ARRAY_LEN(commands); c++)
        if (!strcmp(cmd, commands[c].name))
            break;
    if (c == SCOOT_ARRAY_LEN(commands)) {
        if (!strncmp(cmd, "--", 2))
            fprintf(stderr,
                    "scoot: unknown option '%s' before the command (only --db and --kb "
                    "may come there)\n\n",
                    cli_text(cmd));
        else
            fprintf(stderr, "scoot: unknown command '%s'\n\n", cli_text(cmd));
        usage(stderr);
        return EXIT_USAGE;
    }
    int cargc = argc - first;
    char **cargv = argv + first;
    if (!nglobal || (commands[c].sub && cargc < 2)) /* (no subcommand: it says what it takes) */
        return commands[c].fn(cargc, cargv);
    if (gval[0] && !commands[c].uses_db) {
        fprintf(stderr, "scoot: --db is not for '%s', which does not use the journal\n", cmd);
        return EXIT_USAGE;
    }
    if (gval[1] && commands[c].sub && cargc > 1 && !strcmp(cargv[1], "check")) {
        fprintf(stderr, "scoot: --kb is not for 'kb check', which checks the files it is given\n");
        return EXIT_USAGE;
    }
    /* The command sees the global options as if given right after it (after its subcommand,
     * when it has one), before its own: an option given after the command wins. */
    int at = commands[c].sub && cargc > 1 ? 2 : 1, n = 0;
    char **v = scoot_calloc((size_t)cargc + 2 * SCOOT_ARRAY_LEN(globals) + 1, sizeof *v);
    if (!v) {
        fprintf(stderr, "scoot: out of memory\n");
        return EXIT_FAIL;
    }
    static char names[SCOOT_ARRAY_LEN(globals)][8];
    for (int i = 0; i < at; i++)
        v[n++] = cargv[i];
    for (size_t k = 0; k < SCOOT_ARRAY_LEN(globals); k++)
        if (gval[k]) {
            snprintf(names[k], sizeof names[k], "--%s", globals[k]);
            v[n++] = names[k];
            v[n++] = (char *)gval[k];
        }
    for (int i = at; i < cargc; i++)
        v[n++] = cargv[i];
    v[n] = NULL;
    int st = commands[c].fn(n, v);
    scoot_free(v);
    return st;
}
