/* term.c: terminal, file and signal helpers for the scoot command. */
#include "../core/setup.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "../core/text.h"
#include "cli.h"

const char *cli_prog = "scoot";

/* The last few escaped texts (cli_text): a line of output holds several. */
static scoot_buf escaped[8];
static unsigned next_escaped;

const char *cli_text(const char *s)
{
    if (!s)
        return NULL;
    scoot_buf *b = &escaped[next_escaped++ % SCOOT_ARRAY_LEN(escaped)];
    scoot_buf_free(b); /* (frees what it held; init below sets it up again) */
    scoot_buf_init(b, 0);
    if (scoot__text_escape(b, s, SCOOT__ESC_LINE) != SCOOT_OK)
        return "(out of memory)";
    return scoot_buf_str(b);
}

void cli_print_json(const scoot_buf *json)
{
    scoot_buf b;
    scoot_buf_init(&b, 0);
    if (scoot__text_escape(&b, scoot_buf_str(json), SCOOT__ESC_JSON) == SCOOT_OK)
        fputs(scoot_buf_str(&b), stdout);
    fputc('\n', stdout);
    scoot_buf_free(&b);
}

void cli_print_text(FILE *f, const char *s)
{
    scoot_buf b;
    scoot_buf_init(&b, 0);
    if (s && scoot__text_escape(&b, s, SCOOT__ESC_LINES) == SCOOT_OK)
        fputs(scoot_buf_str(&b), f);
    scoot_buf_free(&b);
}

int cli_color(FILE *f)
{
    const char *nc = getenv("NO_COLOR");
    if (nc && *nc)
        return 0;
    const char *term = getenv("TERM");
    if (term && strcmp(term, "dumb") == 0)
        return 0;
    return isatty(fileno(f));
}

int cli_write_file(const char *cmd, const char *path, const scoot_buf *b, scoot_buf *err)
{
    FILE *f = path ? fopen(path, "wb") : stdout;
    int ok = f && fwrite(b->data ? b->data : "", 1, b->len, f) == b->len;
    int e = errno;
    if (f && (path ? fclose(f) : fflush(f)) != 0 && ok) {
        ok = 0;
        e = errno;
    }
    if (ok)
        return SCOOT_OK;
    return scoot_err(err, SCOOT_EIO, SCOOT_R_NONE, NULL, "scoot %s: %s: %s", cmd,
                     path ? cli_text(path) : "standard output", strerror(e));
}

int cli_read_file(const char *path, scoot_buf *b)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "%s: %s: cannot open: %s\n", cli_prog, cli_text(path), strerror(errno));
        return SCOOT_EIO;
    }
    char chunk[16384];
    size_t n;
    int rc = SCOOT_OK;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        if ((rc = scoot_buf_add(b, chunk, n)) != SCOOT_OK)
            break;
    if (rc == SCOOT_ETOOBIG)
        fprintf(stderr, "%s: %s: larger than %zu bytes\n", cli_prog, cli_text(path), b->cap);
    else if (rc)
        fprintf(stderr, "%s: %s: %s\n", cli_prog, cli_text(path), scoot_strerror(rc));
    else if (ferror(f)) {
        fprintf(stderr, "%s: %s: read error: %s\n", cli_prog, cli_text(path), strerror(errno));
        rc = SCOOT_EIO;
    }
    if (f != stdin)
        fclose(f);
    return rc;
}

int cli_load_kb(const char *path, scoot_kb **kb)
{
    scoot_buf err;
    scoot_buf_init(&err, 0);
    int rc = path ? scoot_kb_load_file(path, kb, &err) : scoot_kb_load_default(kb, &err);
    if (rc) {
        cli_print_text(stderr, scoot_buf_str(&err)); /* (it names the file, as given) */
        fprintf(stderr, "%s: %s\n", cli_prog,
                rc == SCOOT_EKB ? "the knowledge base has errors (see above)" : scoot_strerror(rc));
    }
    scoot_buf_free(&err);
    return rc;
}

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
    (void)sig;
    interrupted = 1;
}

void cli_catch_sigint(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: a blocked read returns with EINTR */
    sigaction(SIGINT, &sa, NULL);
}

int cli_interrupted(void)
{
    return interrupted != 0;
}

int cli_read_line(FILE *in, char *buf, size_t n)
{
    if (interrupted)
        return 0;
    if (!fgets(buf, (int)n, in))
        return 0;
    size_t len = strlen(buf);
    if (len && buf[len - 1] != '\n' && !feof(in)) {
        /* longer than the buffer: drop the rest of the line */
        int ch;
        while ((ch = getc(in)) != EOF && ch != '\n')
            ;
    }
    while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r' || buf[len - 1] == ' '))
        buf[--len] = '\0';
    size_t skip = 0;
    while (buf[skip] == ' ' || buf[skip] == '\t')
        skip++;
    if (skip)
        memmove(buf, buf + skip, len - skip + 1);
    return !interrupted;
}
