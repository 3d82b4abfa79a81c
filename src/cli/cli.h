/* cli.h: shared pieces of the scoot command. */
#ifndef SCOOT_CLI_H
#define SCOOT_CLI_H

#include <stdio.h>

#include "scoot/journal.h"
#include "scoot/scoot.h"

/* Exit codes (documented in docs/scoot.1 and `scoot --help`). */
enum {
    EXIT_OK = 0,
    EXIT_FAIL = 1,      /* an operating-system or internal error */
    EXIT_USAGE = 2,     /* bad command line */
    EXIT_INPUT = 3,     /* invalid input: KB, case or answer */
    EXIT_CANCEL = 4,    /* the user left the questionnaire, or did not confirm */
    EXIT_DAMAGED = 5    /* the journal is damaged (scoot check says what and how to recover) */
};

int cmd_assess(int argc, char **argv);
int cmd_kb(int argc, char **argv);
int cmd_cat(int argc, char **argv);
int cmd_log(int argc, char **argv);
#ifdef SCOOT_WITH_REPORT
/* report (report_cmd.c: built into the programs linked with cairo and Pango) */
int cmd_report(int argc, char **argv);
#endif
/* history, summary, due, done, export, import, backup, check (argv[0] names which) */
int cmd_journal(int argc, char **argv);

/* Loads the KB (kbpath or the built-in one) and opens the journal (db, or $SCOOT_DB, or the
 * XDG default) in mode: SCOOT_JOURNAL_READ for a command that only reads, SCOOT_JOURNAL_WRITE
 * for one that changes what is there, SCOOT_JOURNAL_CREATE for one that may start a journal
 * (cat add, import). Messages on stderr. Returns an exit status: EXIT_INPUT when there is no
 * journal at the path. */
int cli_open_journal(const char *db, const char *kbpath, scoot_journal_mode mode, scoot_kb **kb,
                     scoot_journal **j);

/* 1 when colour may be written to f: a terminal, NO_COLOR unset or empty, TERM not dumb. */
int cli_color(FILE *f);

/* Reads path ("-" = stdin) into b (whose cap limits the size); message on stderr on error. */
int cli_read_file(const char *path, scoot_buf *b);
/* Writes b to path (NULL: standard output, flushed). On failure, one line into err ("scoot
 * CMD: PATH: reason") and SCOOT_EIO; a file is closed either way. */
int cli_write_file(const char *cmd, const char *path, const scoot_buf *b, scoot_buf *err);

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

/* s as it may be printed on a terminal: control characters, invalid bytes and direction
 * controls shown as \x1b or \u202e (scoot__text_escape), line breaks too. Every text from the
 * journal or from a user goes through it before it is printed. Borrowed: valid until eight
 * more calls. NULL for NULL. */
const char *cli_text(const char *s);
/* Prints s (several lines: line breaks and tabs kept) to f with everything else escaped as
 * cli_text does; nothing for NULL. */
void cli_print_text(FILE *f, const char *s);

/* Prints the JSON text json and a line feed to stdout, with what could act on a terminal as
 * \uNNNN escapes (the same JSON to a reader). */
void cli_print_json(const scoot_buf *json);

extern const char *cli_prog;

#endif
