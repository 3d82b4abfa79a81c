/* parse.c: the bytes of a request checked and decoded (see parse.h): no I/O, no state. */
#include "../core/setup.h"

#include <arpa/inet.h>
#include <limits.h>
#include <stdio.h>
#include <strings.h>

#include "parse.h"

const char *scoot__text_problem(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *e = p + n;
    while (p < e) {
        unsigned c = *p;
        if (!c)
            return "a NUL byte";
        if ((c < 0x20 && c != '\t') || c == 0x7f)
            return "a control character";
        if (c < 0x80) {
            p++;
            continue;
        }
        /* the length of a well-formed sequence: no overlong form, no surrogate, nothing above
         * U+10FFFF */
        int k = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
        if (!k || e - p < k)
            return "bytes that are not UTF-8";
        for (int i = 1; i < k; i++)
            if ((p[i] & 0xc0) != 0x80)
                return "bytes that are not UTF-8";
        if ((c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] > 0x9f) || (c == 0xf0 && p[1] < 0x90) ||
            (c == 0xf4 && p[1] > 0x8f))
            return "bytes that are not UTF-8";
        if (c == 0xc2 && p[1] < 0xa0)
            return "a control character"; /* U+0080 to U+009F (C1) */
        p += k;
    }
    return NULL;
}

static int hex_digit(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* One byte of a raw (still percent-encoded) path of the bytes s to e: *n is 3 for a %XX escape,
 * 1 for a plain byte; -1 for a % not followed by two hex digits. */
static int path_byte(const char *s, const char *e, int *n)
{
    if (*s != '%') {
        *n = 1;
        return (unsigned char)*s;
    }
    int h = e - s > 1 ? hex_digit(s[1]) : -1, l = h < 0 || e - s < 3 ? -1 : hex_digit(s[2]);
    if (l < 0)
        return -1;
    *n = 3;
    return h << 4 | l;
}

const char *scoot__path_decode(const char *raw, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    assert(cap > 0);
    for (size_t i = 0; i < n;) {
        int k, b = path_byte(raw + i, raw + n, &k);
        if (b < 0) {
            out[o] = '\0';
            return "a '%' that is not followed by two hex digits";
        }
        if (b == 0) {
            out[o] = '\0';
            return "an encoded NUL byte (%00)";
        }
        if (o + 1 >= cap) {
            out[o] = '\0';
            return "more bytes than the server takes";
        }
        out[o++] = (char)b;
        i += (size_t)k;
    }
    out[o] = '\0';
    return NULL;
}

int scoot__path_match(const char *pattern, const char *raw, size_t n, char params[2][256], int *np)
{
    *np = 0;
    const char *p = pattern, *u = raw, *e = raw + n;
    while (*p && u < e) {
        if (*p == '{') {
            const char *pe = strchr(p, '}');
            const char *ue = memchr(u, '/', (size_t)(e - u));
            assert(pe); /* (a pattern of the route table) */
            if (!ue)
                ue = e;
            if (ue == u || *np == 2 || scoot__path_decode(u, (size_t)(ue - u), params[*np], sizeof params[0]))
                return 0;
            (*np)++;
            p = pe + 1;
            u = ue;
            continue;
        }
        int k, b = path_byte(u, e, &k);
        if (b != (unsigned char)*p || (*p == '/' && k != 1))
            return 0;
        p++;
        u += k;
    }
    return !*p && u == e;
}

/* ---- the query string ---- */

/* Decodes s in place, libmicrohttpd's way: '+' is a space, %XX a byte, any other '%' itself.
 * Returns the decoded length (a %00 leaves a NUL inside). */
static size_t query_unescape(char *s)
{
    char *r = s, *w = s;
    while (*r) {
        int h, l;
        if (*r == '+') {
            *w++ = ' ';
            r++;
        } else if (*r == '%' && (h = hex_digit(r[1])) >= 0 && (l = hex_digit(r[2])) >= 0) {
            *w++ = (char)(h << 4 | l);
            r += 3;
        } else
            *w++ = *r++;
    }
    *w = '\0';
    return (size_t)(w - s);
}

/* Checks one parameter and adds it to q: NULL, or the 400's message in msg. */
static const char *query_add(scoot__params *q, char *key, char *value, char *msg, size_t cap,
                             const char **field)
{
    size_t kn = query_unescape(key), vn = value ? query_unescape(value) : 0;
    const char *why = scoot__text_problem(key, kn);
    if (why) {
        snprintf(msg, cap, "the name of a query parameter has %s", why);
        return msg;
    }
    if (value && (why = scoot__text_problem(value, vn)) != NULL) {
        *field = key;
        snprintf(msg, cap, "the query parameter %.100s has %s", key, why);
        return msg;
    }
    for (int i = 0; i < q->n; i++)
        if (!strcasecmp(q->p[i].key, key)) {
            *field = key;
            snprintf(msg, cap, "the query parameter %.100s is given more than once", key);
            return msg;
        }
    if (q->n == SCOOT__MAX_PARAMS) {
        snprintf(msg, cap, "more than %d query parameters", SCOOT__MAX_PARAMS);
        return msg;
    }
    q->p[q->n++] = (scoot__param){key, value, kn, vn};
    return NULL;
}

const char *scoot__params_parse(char *s, scoot__params *q, char *msg, size_t cap, const char **field)
{
    q->n = 0;
    *field = NULL;
    while (s && *s) {
        char *amp = strchr(s, '&'), *eq = strchr(s, '=');
        if (amp)
            *amp = '\0';
        if (eq && amp && eq > amp)
            eq = NULL; /* "a&b=1": a has no value */
        if (eq)
            *eq = '\0';
        const char *bad = query_add(q, s, eq ? eq + 1 : NULL, msg, cap, field);
        if (bad)
            return bad;
        s = amp ? amp + 1 : NULL;
    }
    return NULL;
}

const char *scoot__params_get(const scoot__params *q, const char *key)
{
    for (int i = 0; i < q->n; i++)
        if (!strcasecmp(q->p[i].key, key))
            return q->p[i].value;
    return NULL;
}

/* ---- headers ---- */

void scoot__head_add(scoot__head *h, const char *key, const char *value, size_t value_len)
{
    static const char *const used[] = {"Host", "Content-Length", "Content-Type", "Transfer-Encoding",
                                       "Scoot-UTC-Offset"};
    int *counts[] = {&h->n_host, &h->n_length, &h->n_type, &h->n_te, &h->n_offset};
    const char **firsts[] = {&h->host, &h->length, &h->type, &h->te, &h->offset};
    for (size_t i = 0; i < SCOOT_ARRAY_LEN(used); i++) {
        if (strcasecmp(key, used[i]))
            continue;
        const char *why = value ? scoot__text_problem(value, value_len) : NULL;
        if (why && !h->bad) {
            h->bad = used[i];
            h->bad_why = why;
        }
        if (!(*counts[i])++)
            *firsts[i] = value ? value : "";
        break;
    }
}

/* A header value without the blanks around it: *n bytes from the returned pointer. */
static const char *trim(const char *v, size_t *n)
{
    while (*v == ' ' || *v == '\t')
        v++;
    *n = strlen(v);
    while (*n && (v[*n - 1] == ' ' || v[*n - 1] == '\t'))
        (*n)--;
    return v;
}

long long scoot__content_length(const char *v)
{
    if (!v)
        return -1;
    size_t n;
    v = trim(v, &n);
    long long len = 0;
    if (!n)
        return LLONG_MAX;
    for (size_t i = 0; i < n; i++) {
        if (v[i] < '0' || v[i] > '9' || len > (LLONG_MAX - 9) / 10)
            return LLONG_MAX;
        len = len * 10 + (v[i] - '0');
    }
    return len;
}

int scoot__is_token(const char *v, const char *t)
{
    size_t n;
    v = trim(v, &n);
    return strlen(t) == n && !strncasecmp(v, t, n);
}

/* 1 when the host part of a Host header (n bytes at h) is name. */
static int host_is(const char *h, size_t n, const char *name)
{
    return strlen(name) == n && !strncasecmp(h, name, n);
}

size_t scoot__host_part(const char *h, size_t n)
{
    size_t hn = 0;
    if (n && h[0] == '[') {
        const char *rb = memchr(h, ']', n);
        char a[INET6_ADDRSTRLEN];
        struct in6_addr a6;
        if (!rb || (size_t)(rb - h) - 1 >= sizeof a)
            return 0;
        hn = (size_t)(rb - h) + 1;
        memcpy(a, h + 1, hn - 2);
        a[hn - 2] = '\0';
        if (inet_pton(AF_INET6, a, &a6) != 1)
            return 0;
    } else {
        size_t label = 0;
        for (; hn < n && h[hn] != ':'; hn++) {
            char c = h[hn];
            if (c == '.') {
                if (!label)
                    return 0;
                label = 0;
            } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-') {
                if (++label > 63)
                    return 0;
            } else
                return 0;
        }
        if (!hn || hn > 254)
            return 0;
    }
    if (hn == n)
        return hn;
    if (h[hn] != ':' || n - hn - 1 < 1 || n - hn - 1 > 5)
        return 0;
    long port = 0;
    for (size_t i = hn + 1; i < n; i++) {
        if (h[i] < '0' || h[i] > '9')
            return 0;
        port = port * 10 + (h[i] - '0');
    }
    return port <= 65535 ? hn : 0;
}

int scoot__host_status(const scoot__head *h, int http10, const scoot__hosts *hosts, const char **why)
{
    if (h->n_host > 1) {
        *why = "the request has more than one Host header";
        return 400;
    }
    if (!h->host) {
        if (http10)
            return 0; /* HTTP/1.0 may leave it out */
        *why = "an HTTP/1.1 request needs a Host header";
        return 400;
    }
    size_t n;
    const char *v = trim(h->host, &n);
    /* the host without its port: "[::1]:8080" -> "[::1]", "localhost:8080" -> "localhost" */
    size_t hn = scoot__host_part(v, n);
    if (!hn) {
        *why = "the Host header is not a host name or IP address with an optional :port";
        return 400;
    }
    if (hn > 1 && v[hn - 1] == '.' && v[0] != '[')
        hn--; /* "localhost." is localhost */
    *why = "this server does not answer for that host (scoot serve --allow-host adds a name)";
    static const char *const local[] = {"localhost", "127.0.0.1", "[::1]"};
    for (size_t i = 0; i < SCOOT_ARRAY_LEN(local); i++)
        if (host_is(v, hn, local[i]))
            return 0;
    if (hosts->listen && host_is(v, hn, hosts->listen))
        return 0;
    for (int i = 0; i < hosts->n_allow; i++)
        if (host_is(v, hn, hosts->allow[i]))
            return 0;
    /* the address the client connected to (a LAN address when listening on 0.0.0.0) */
    char ip[INET6_ADDRSTRLEN];
    if (hosts->local_ip && hosts->local_ip(hosts->ctx, ip, sizeof ip) && host_is(v, hn, ip))
        return 0;
    return 421;
}

int scoot__utc_offset_parse(const char *v, int *minutes)
{
    size_t n = strlen(v);
    while (n && (v[n - 1] == ' ' || v[n - 1] == '\t'))
        n--; /* (libmicrohttpd leaves trailing blanks in a value) */
    if (n == 1 && v[0] == 'Z') {
        *minutes = 0;
        return 1;
    }
    int sign = n ? (v[0] == '+' ? 1 : v[0] == '-' ? -1 : 0) : 0;
    if (!sign || n != 6)
        return 0;
    for (int i = 1; i <= 5; i++)
        if (i == 3 ? v[i] != ':' : (v[i] < '0' || v[i] > '9'))
            return 0;
    int h = (v[1] - '0') * 10 + (v[2] - '0'), m = (v[4] - '0') * 10 + (v[5] - '0');
    if (m > 59 || h * 60 + m > 14 * 60)
        return 0;
    *minutes = sign * (h * 60 + m);
    return 1;
}

int scoot__is_json_type(const char *ct)
{
    if (!ct || strncasecmp(ct, "application/json", 16))
        return 0;
    ct += 16;
    while (*ct == ' ' || *ct == '\t')
        ct++;
    return !*ct || *ct == ';';
}

/* 1 when a JSON text of n bytes may nest deeper than max: it has more than max [ and { (found
 * with memchr, so most bodies are ruled out without a byte-by-byte scan). */
static int may_nest_deeper(const char *s, size_t n, int max)
{
    int opens = 0;
    if (!n)
        return 0; /* s may be NULL */
    for (const char *o = "{[", *c = o; *c; c++)
        for (const char *p = s, *e = s + n; (p = memchr(p, *c, (size_t)(e - p))) != NULL; p++)
            if (++opens > max)
                return 1;
    return 0;
}

/* Deepest nesting of [ and { in a JSON text (strings skipped: a quote ends a string unless an
 * odd number of backslashes stands before it). */
static int json_depth(const char *s, size_t n)
{
    const char *p = s, *e = s + n;
    int d = 0, max = 0;
    while (p < e) {
        char c = *p++;
        if (c == '"') {
            for (;;) {
                const char *q = memchr(p, '"', (size_t)(e - p));
                if (!q)
                    return max;
                const char *k = q;
                while (k > p && k[-1] == '\\')
                    k--;
                p = q + 1;
                if ((q - k) % 2 == 0)
                    break;
            }
        } else if (c == '[' || c == '{') {
            if (++d > max)
                max = d;
        } else if (c == ']' || c == '}')
            d--;
    }
    return max;
}

int scoot__json_too_deep(const char *s, size_t n, int max)
{
    return may_nest_deeper(s, n, max) && json_depth(s, n) > max;
}
