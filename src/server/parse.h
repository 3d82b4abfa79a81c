/* parse.h: the bytes of a request checked and decoded, with no I/O and no state: the path and
 * the query string percent-decoded, UTF-8 and control characters, the headers scoot reads (Host,
 * Content-Length, Transfer-Encoding, Content-Type, Scoot-UTC-Offset) and the nesting of a JSON
 * body. The transport (http.c) and the fuzzers (fuzz/fuzz_http.c) call the same functions. */
#ifndef SCOOT_SERVER_PARSE_H
#define SCOOT_SERVER_PARSE_H

#include <stddef.h>

/* What is wrong with the n bytes at s as text that scoot uses: NULL when they are UTF-8 with no
 * NUL and no control character but tab; else a phrase for an error message ("bytes that are
 * not UTF-8"; static). */
const char *scoot__text_problem(const char *s, size_t n);

/* Decodes the raw path of n bytes into out (cap bytes, NUL-terminated). Each byte is decoded
 * once: "%2541" is "%41", not "A". NULL when done, else what is wrong (static). */
const char *scoot__path_decode(const char *raw, size_t n, char *out, size_t cap);

/* Matches the raw path (n bytes, still percent-encoded) against a route's pattern such as
 * "/api/v1/cats/{name}/events"; fills params (one {...} segment each, decoded once, at most two)
 * and *np. A '/' of the pattern matches only a real '/', never an encoded %2F, so a cat named
 * "a/b" is one segment. 1 on a match. */
int scoot__path_match(const char *pattern, const char *raw, size_t n, char params[2][256], int *np);

/* One query parameter, decoded: key and value point into the text given to
 * scoot__params_parse and are NUL-terminated; value is NULL for a parameter without '='. */
typedef struct {
    const char *key, *value;
    size_t key_len, value_len; /* (a decoded %00 makes them differ from strlen) */
} scoot__param;

#define SCOOT__MAX_PARAMS 32

typedef struct {
    scoot__param p[SCOOT__MAX_PARAMS];
    int n;
} scoot__params;

/* Splits the query string s (what follows '?', changed in place) at '&' and '=', turns '+'
 * into a space and decodes %XX (a '%' not followed by two hex digits stays as it is): the
 * rules of libmicrohttpd, which the server used before it read the query itself. Each key and
 * value must be clean text (scoot__text_problem), no key may come twice (compared without
 * regard to case, as scoot__params_get finds them) and there are at most SCOOT__MAX_PARAMS.
 * NULL when all is well, else a 400's message written to msg (cap bytes) with *field the
 * parameter it names (NULL when its name is the trouble). */
const char *scoot__params_parse(char *s, scoot__params *q, char *msg, size_t cap, const char **field);

/* The value of the parameter named key (compared without regard to case), or NULL (also for a
 * parameter without '='). Borrowed from q's text. */
const char *scoot__params_get(const scoot__params *q, const char *key);

/* The request headers scoot looks at, gathered in one pass over them. */
typedef struct {
    int n_host, n_length, n_type, n_te, n_offset; /* how many of each */
    const char *host, *length, *type; /* Host, Content-Length, Content-Type (the first of each) */
    const char *te;                   /* Transfer-Encoding (the first) */
    const char *offset;               /* Scoot-UTC-Offset (the first) */
    const char *bad, *bad_why;        /* the first of these headers whose value is not clean text */
} scoot__head;

/* Counts one header (key compared without regard to case; value of value_len bytes, borrowed:
 * it must outlive h). Headers scoot does not read are ignored. */
void scoot__head_add(scoot__head *h, const char *key, const char *value, size_t value_len);

/* The body length a Content-Length value declares; -1 for none (NULL: chunked or no body),
 * LLONG_MAX for one that is not a number (digits only: no sign, no list). */
long long scoot__content_length(const char *v);

/* 1 when the value v of a list header is the one token t (no other coding, no list). */
int scoot__is_token(const char *v, const char *t);

/* The length of the host part of a Host value h of n bytes: a DNS name or IPv4 address
 * (letters, digits, '-' and '.', labels of 1 to 63 characters, a final '.' allowed) or an IPv6
 * address in brackets, then nothing or ':' and a port of 1 to 5 digits (at most 65535). 0 when
 * h is not such a value: "localhost:8080@evil.example", "[::1]evil", "a..b", "host:". */
size_t scoot__host_part(const char *h, size_t n);

/* The names a server answers for, besides loopback ones. */
typedef struct {
    const char *listen;              /* the address of --listen */
    const char *const *allow;        /* --allow-host names (borrowed) */
    int n_allow;
    /* Writes the address the client connected to into buf (cap bytes) and returns 1, or 0 when
     * unknown; asked only when no name matched (it costs a system call). May be NULL. */
    int (*local_ip)(void *ctx, char *buf, size_t cap);
    void *ctx;
} scoot__hosts;

/* Checks the Host header: 0 when it names this server, else 400 or 421 and *why (static).
 * A web page from elsewhere must not reach the journal through a DNS name that its owner
 * points at this machine (DNS rebinding), so only loopback names, the address the client
 * connected to, the --listen address and the --allow-host names are answered; a value that
 * is not a host with an optional port is refused outright. http10: the request is HTTP/1.0,
 * which may leave Host out. */
int scoot__host_status(const scoot__head *h, int http10, const scoot__hosts *hosts, const char **why);

/* "+05:30", "-08:00" (from -14:00 to +14:00; "Z" is +00:00; blanks after it allowed) into
 * minutes east of UTC; 0 when it is not such an offset. */
int scoot__utc_offset_parse(const char *v, int *minutes);

/* 1 when the media type is application/json, with or without parameters. */
int scoot__is_json_type(const char *ct);

/* 1 when the JSON text of n bytes (s may be NULL when n is 0) nests [ and { deeper than max
 * levels (strings skipped). Most bodies are ruled out by counting brackets with memchr. */
int scoot__json_too_deep(const char *s, size_t n, int max);

#endif
