/* cli.h: shared pieces of the scoot command. */
#ifndef SCOOT_CLI_H
#define SCOOT_CLI_H

#include <stdio.h>

#include "scoot/scoot.h"

/* Exit codes (documented in docs/scoot.1 and `scoot --help`). */
enum {
    EXIT_OK = 0,
    EXIT_FAIL = 1,      /* an operating-system or internal error */
    EXIT_USAGE = 2,     /* bad command line */
    EXIT_INPUT = 3,     /* invalid input: KB, case or answer */
    EXIT_CANCEL = 4     /* the user left the questionnaire */
};

int cmd_assess(int argc, char **argv);
int cmd_kb(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_cat(int argc, char **argv);
int cmd_log(int argc, char **argv);
/* history, summary, due, done, export, import, backup (argv[0] names which) */
int cmd_journal(int argc, char **argv);

struct scoot_journal;
/* Loads the KB (kbpath or the built-in one) and opens the journal (db, or $SCOOT_DB, or the
 * XDG default); messages on stderr. Returns an exit status. */
int cli_open_journal(const char *db, const char *kbpath, scoot_kb **kb, struct scoot_journal **j);

/* 1 when colour may be written to f: a terminal, NO_COLOR unset or empty, TERM not dumb. */
int cli_color(FILE *f);

/* Reads path ("-" = stdin) into b (whose cap limits the size); message on stderr on error. */
int cli_read_file(const char *path, scoot_buf *b);

/* Loads the KB from path, or the built-in one when path is NULL; errors on stderr. */
int cli_load_kb(const char *path, scoot_kb **kb);

/* Installs a SIGINT handler that makes reads return (no restart); cli_interrupted() tells. */
void cli_catch_sigint(void);
int cli_interrupted(void);

/* Reads one line (without the newline) into buf; returns 0 at end of input or interrupt. */
int cli_read_line(FILE *in, char *buf, size_t n);

/* Prints to out, one "  - " line each, what a cat's journal added to a check (explain: the
 * lines of scoot_journal_derive, "id = value (why)") in words made from kb's questions, units,
 * labels and options ("Age: 9.6 years"); no fact id is printed. Returns 0, or SCOOT_ENOMEM. */
int cli_print_derived(FILE *out, const scoot_kb *kb, const char *explain);

extern const char *cli_prog;

#endif
