/* fuzz_request.h: the fuzz input of fuzz_api and fuzz_http read as HTTP requests, without a
 * socket: "METHOD TARGET [VERSION]", header lines "Name: value", an empty line, the body; a
 * line "%%" between two requests. The seeds in fuzz/corpus/api and fuzz/corpus/http are real
 * requests written so. */
#ifndef SCOOT_FUZZ_REQUEST_H
#define SCOOT_FUZZ_REQUEST_H

#include <stddef.h>
#include <string.h>

#include "../src/server/parse.h"

#define FUZZ_MAX_HEADERS 16

/* One request read from the input: its strings are NUL-terminated copies in text. */
typedef struct {
    char text[8192];
    const char *method, *target, *version;
    size_t target_len;
    const char *keys[FUZZ_MAX_HEADERS], *values[FUZZ_MAX_HEADERS];
    size_t value_lens[FUZZ_MAX_HEADERS];
    int n_headers;
    const char *body;
    size_t body_len;
} fuzz_request;

/* The next request of the n bytes at *p (advanced past it and its "%%" line) into r: 1, or 0
 * when none is left. */
static int fuzz_request_next(const char **p, size_t *n, fuzz_request *r)
{
    const char *s = *p, *e = s + *n;
    if (s >= e)
        return 0;
    /* the request runs to the next "\n%%\n" or to the end */
    const char *end = e, *next = e;
    for (const char *k = s; k + 4 <= e; k++)
        if (!memcmp(k, "\n%%\n", 4)) {
            end = k + 1;
            next = k + 4;
            break;
        }
    *p = next;
    *n = (size_t)(e - next);
    size_t len = (size_t)(end - s);
    /* the head, up to an empty line, is copied with each line NUL-terminated; the body is
     * pointed at where it is */
    const char *head_end = end, *body = end;
    for (const char *k = s; k < end; k++)
        if (*k == '\n' && k + 1 < end && k[1] == '\n') {
            head_end = k + 1;
            body = k + 2;
            break;
        }
    size_t hn = (size_t)(head_end - s);
    if (hn >= sizeof r->text)
        hn = sizeof r->text - 1;
    memcpy(r->text, s, hn);
    r->text[hn] = '\0';
    (void)len;
    r->body = body;
    r->body_len = (size_t)(end - body);
    if (r->body_len && body[r->body_len - 1] == '\n' && next != e)
        r->body_len--; /* (the line break before "%%") */
    /* the request line */
    char *line = r->text, *nl = memchr(line, '\n', hn);
    if (nl)
        *nl = '\0';
    char *sp = strchr(line, ' ');
    r->method = line;
    r->version = "HTTP/1.1";
    r->target = "/";
    if (sp) {
        *sp = '\0';
        r->target = sp + 1;
        char *sp2 = strchr(sp + 1, ' ');
        if (sp2) {
            *sp2 = '\0';
            r->version = sp2 + 1;
        }
    }
    r->target_len = strlen(r->target);
    /* the headers (a line without ':' is skipped) */
    r->n_headers = 0;
    for (char *h = nl ? nl + 1 : NULL; h && *h && r->n_headers < FUZZ_MAX_HEADERS;) {
        char *hl = strchr(h, '\n');
        if (hl)
            *hl = '\0';
        char *colon = strchr(h, ':');
        if (colon) {
            *colon = '\0';
            char *v = colon + 1;
            while (*v == ' ' || *v == '\t')
                v++;
            r->keys[r->n_headers] = h;
            r->values[r->n_headers] = v;
            r->value_lens[r->n_headers] = strlen(v);
            r->n_headers++;
        }
        h = hl ? hl + 1 : NULL;
    }
    return 1;
}

/* The request's headers gathered as the transport gathers them. */
static void fuzz_request_head(const fuzz_request *r, scoot__head *h)
{
    memset(h, 0, sizeof *h);
    for (int i = 0; i < r->n_headers; i++)
        scoot__head_add(h, r->keys[i], r->values[i], r->value_lens[i]);
}

#endif
