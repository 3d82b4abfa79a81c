/* main.c: the scoot command: dispatches to its subcommands. */
#include "../core/setup.h"

#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include "cli.h"

#ifndef SCOOT_VERSION
#define SCOOT_VERSION "0.0.0"
#endif

/* `scoot serve` is the scoot-server program beside this one (see CMakeLists.txt). */
static int run_server(int argc, char **argv)
{
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 32);
    if (n <= 0) {
        fprintf(stderr, "scoot serve: cannot find my own location: %s\n", strerror(errno));
        return EXIT_FAIL;
    }
    self[n] = '\0';
    char *slash = strrchr(self, '/');
    snprintf(slash ? slash + 1 : self, 32, "scoot-server");
    argv[0] = self;
    (void)argc;
    execv(self, argv);
    fprintf(stderr, "scoot serve: cannot run %s: %s\n", self, strerror(errno));
    return EXIT_FAIL;
}

static const struct {
    const char *name;
    int (*fn)(int, char **);
    const char *summary;
} commands[] = {
    {"assess", cmd_assess, "check a cat: questions, then urgency, likely causes and care plan"},
    {"serve", run_server, "the web app and JSON API (http://127.0.0.1:8080/)"},
    {"kb", cmd_kb, "check or show a knowledge base (kb check FILE, kb show)"},
    {"cat", cmd_cat, "add, list, show, edit or remove a cat in the journal"},
    {"log", cmd_log, "log an episode, stool, weight, pain score, care, medicine, vet visit"},
    {"history", cmd_journal, "a cat's journal as a table"},
    {"summary", cmd_journal, "episodes per week, stool and weight trends, care adherence"},
    {"due", cmd_journal, "care items, doses and rechecks due today"},
    {"done", cmd_journal, "record that a due care item or dose was done"},
    {"export", cmd_journal, "the journal as JSON (round-trips) or CSV"},
    {"import", cmd_journal, "add a journal exported by scoot (all or nothing)"},
    {"backup", cmd_journal, "a consistent copy of the journal database"},
};

static void usage(FILE *f)
{
    fprintf(f,
            "Usage: scoot COMMAND [OPTIONS]\n"
            "       scoot --help | --version\n"
            "\n"
            "scoot triages anal sac (\"anal gland\") trouble in cats: how urgent it is, what is\n"
            "probably behind it and what to do now.\n"
            "\n"
            "Commands:\n");
    for (size_t i = 0; i < SCOOT_ARRAY_LEN(commands); i++)
        fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].summary);
    fprintf(f,
            "\n"
            "Run 'scoot COMMAND --help' for a command's options; 'man scoot' for the manual.\n"
            "The journal lives in $SCOOT_DB, or $XDG_DATA_HOME/scoot/scoot.db, or\n"
            "~/.local/share/scoot/scoot.db; --db PATH chooses another.\n"
            "\n"
            "Exit status: 0 success, 1 system error, 2 bad command line, 3 invalid input\n"
            "(knowledge base, case or answer), 4 questionnaire left before the end.\n");
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

int main(int argc, char **argv)
{
    /* everything a run needs (KB, case, result, output) fits in a few MiB */
    if (SCOOT_USE_REGION)
        scoot_alloc_use_region((size_t)1 << 20);
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
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
    for (size_t i = 0; i < SCOOT_ARRAY_LEN(commands); i++)
        if (!strcmp(cmd, commands[i].name))
            return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "scoot: unknown command '%s'\n\n", cmd);
    usage(stderr);
    return EXIT_USAGE;
}
