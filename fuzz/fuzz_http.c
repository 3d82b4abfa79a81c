/* fuzz_http.c: any bytes as HTTP requests (fuzz_request.h) through the server's reading of a
 * request's head (src/server/parse.c, scoot__req_start): the path decoded, the query string
 * split and checked, the headers gathered, the Host check, the Content-Length and
 * Transfer-Encoding decisions. Each decision is checked against a plain statement of the rule:
 * text taken is UTF-8 (as jansson reads it) with no control character; a request taken has at
 * most one length, no length beside a transfer coding, only "chunked", a Host that names this
 * server; a query taken has no name twice and each value is found again. */
#include "../src/core/setup.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include <jansson.h>

#include "../src/server/request.h"
#include "fuzz_request.h"
#include "scoot/alloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)                                                                               \
    do {                                                                                       \
        if (!(c)) {                                                                            \
            fprintf(stderr, "fuzz_http: %s:%d: %s does not hold\n", __FILE__, __LINE__, #c);  \
            abort();                                                                           \
        }                                                                                      \
    } while (0)

/* 1 when the n bytes at s are text scoot takes, by another route than scoot__text_problem:
 * jansson's UTF-8 check, then no NUL, C0 (but tab), DEL or C1 character. */
static int clean_text(const char *s, size_t n)
{
    json_t *v = json_stringn(s, n);
    if (!v)
        return 0;
    json_decref(v);
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n; i++) {
        if ((p[i] < 0x20 && p[i] != '\t') || p[i] == 0x7f)
            return 0;
        if (p[i] == 0xc2 && i + 1 < n && p[i + 1] < 0xa0)
            return 0;
    }
    return 1;
}

/* The text checks agree with clean_text. */
static void check_text(const char *s, size_t n)
{
    CHECK((scoot__text_problem(s, n) == NULL) == clean_text(s, n));
}

/* The query string: what is taken is clean, found again, and no name comes twice. */
static void check_query(const char *target)
{
    const char *qm = strchr(target, '?');
    if (!qm)
        return;
    size_t n = strlen(qm + 1);
    char *s = scoot_malloc(n + 1);
    if (!s)
        return;
    memcpy(s, qm + 1, n + 1);
    scoot__params ps;
    char msg[256];
    const char *field;
    const char *bad = scoot__params_parse(s, &ps, msg, sizeof msg, &field);
    CHECK(ps.n <= SCOOT__MAX_PARAMS);
    if (bad)
        CHECK(bad == msg && msg[0]);
    else
        for (int i = 0; i < ps.n; i++) {
            const scoot__param *p = &ps.p[i];
            CHECK(!scoot__text_problem(p->key, p->key_len) && strlen(p->key) == p->key_len);
            CHECK(!p->value || (!scoot__text_problem(p->value, p->value_len) && strlen(p->value) == p->value_len));
            for (int j = 0; j < i; j++)
                CHECK(strcasecmp(ps.p[j].key, p->key));
            CHECK(scoot__params_get(&ps, p->key) == p->value);
        }
    scoot_free(s);
}

/* The head checks: a request that scoot__req_start lets on keeps the rules. */
static void check_head(const fuzz_request *r)
{
    scoot__head h;
    fuzz_request_head(r, &h);
    for (int i = 0; i < r->n_headers; i++)
        check_text(r->values[i], r->value_lens[i]);
    const char *allow[] = {"scoot.example"};
    scoot__hosts hosts = {"192.0.2.7", allow, 1, NULL, NULL};
    scoot__req q;
    if (scoot__req_init(&q, NULL, r->target, r->target_len))
        return;
    q.method = r->method;
    int http10 = !strcmp(r->version, "HTTP/1.0");
    int status = scoot__req_start(&q, r->version, &h, &hosts);
    long long len = scoot__content_length(h.length);
    if (status) {
        CHECK(status >= 400 && status <= 599);
        json_error_t je;
        json_t *v = json_loadb(q.out.data, q.out.len, JSON_REJECT_DUPLICATES, &je);
        CHECK(v && json_is_object(json_object_get(v, "error")));
        json_decref(v);
        /* an answer before the body was read closes the connection when there is a body */
        if (h.te || len > 0)
            CHECK(q.close);
    } else {
        CHECK(!q.close);
        CHECK(h.n_length <= 1 && h.n_te <= 1 && h.n_type <= 1 && h.n_host <= 1 && h.n_offset <= 1);
        CHECK(!(h.te && h.length));
        CHECK(!h.te || scoot__is_token(h.te, "chunked"));
        CHECK(!h.length || (len >= 0 && len <= SCOOT__MAX_BODY));
        CHECK(!h.bad);
        CHECK(h.host || http10);
        if (h.host) {
            size_t hn = strlen(h.host);
            while (hn && (h.host[hn - 1] == ' ' || h.host[hn - 1] == '\t'))
                hn--;
            CHECK(scoot__host_part(h.host, hn) > 0);
        }
        CHECK(!scoot__text_problem(q.url, strlen(q.url)));
        CHECK(!q.has_offset || (q.offset_min >= -14 * 60 && q.offset_min <= 14 * 60));
        /* the query as the handlers read it */
        for (int i = 0; i < q.query.n; i++)
            CHECK(scoot__query(&q, q.query.p[i].key) == q.query.p[i].value);
    }
    scoot__req_free(&q);
}

/* The path: decoded once, matched by the route patterns without crossing a real '/'. */
static void check_path(const fuzz_request *r)
{
    size_t n = strcspn(r->target, "?#");
    char out[8192];
    const char *bad = scoot__path_decode(r->target, n, out, sizeof out);
    if (!bad) {
        CHECK(strlen(out) <= n);
        check_text(out, strlen(out));
    }
    static const char *const patterns[] = {"/api/v1/cats/{name}", "/api/v1/cats/{name}/events",
                                           "/api/v1/events/{id}"};
    for (size_t i = 0; i < SCOOT_ARRAY_LEN(patterns); i++) {
        char params[2][256];
        int np;
        if (scoot__path_match(patterns[i], r->target, n, params, &np)) {
            CHECK(np == 1);
            CHECK(params[0][0] && strlen(params[0]) < 256);
        }
    }
}

/* The JSON nesting check against a count of the brackets outside strings. */
static void check_depth(const char *s, size_t n)
{
    int d = 0, max = 0, in_str = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (in_str) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_str = 0;
        } else if (c == '"')
            in_str = 1;
        else if (c == '[' || c == '{')
            max = ++d > max ? d : max;
        else if (c == ']' || c == '}')
            d--;
    }
    CHECK(scoot__json_too_deep(s, n, SCOOT__MAX_DEPTH) == (max > SCOOT__MAX_DEPTH));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p = (const char *)data;
    size_t n = size;
    fuzz_request r;
    for (int i = 0; i < 8 && fuzz_request_next(&p, &n, &r); i++) {
        check_path(&r);
        check_query(r.target);
        check_head(&r);
        check_depth(r.body, r.body_len);
        int m;
        for (int k = 0; k < r.n_headers; k++)
            if (scoot__utc_offset_parse(r.values[k], &m))
                CHECK(m >= -14 * 60 && m <= 14 * 60);
    }
    return 0;
}
