/* accesslog.c: the access log, buffered per worker (see accesslog.h). Before, every line took a
 * lock shared by all workers and one write or more (on an unbuffered standard error, one per
 * escaped byte): with the default log the assess rate fell by half or more. */
#include "../core/setup.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "accesslog.h"
#include "scoot/alloc.h"
#include "scoot/time.h"

uint64_t scoot__log_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

void scoot__log_init(scoot__log *l, int fd, size_t buffer, unsigned flush_ms, atomic_ulong *lost)
{
    struct stat sb;
    l->fd = fd;
    l->pipe_like = fd >= 0 && !fstat(fd, &sb) && (S_ISFIFO(sb.st_mode) || S_ISSOCK(sb.st_mode));
    l->buffer = buffer;
    l->flush_ms = flush_ms;
    l->lost = lost;
    pthread_mutex_init(&l->out, NULL);
}

void scoot__log_free(scoot__log *l)
{
    pthread_mutex_destroy(&l->out);
}

void scoot__log_buf_init(scoot__log_buf *b)
{
    memset(b, 0, sizeof *b);
    pthread_mutex_init(&b->lock, NULL);
    b->when_s = -1;
}

/* Counts the lines of n bytes at p as lost. */
static void lose(scoot__log *l, const char *p, size_t n)
{
    unsigned long lines = 0;
    for (const char *e = p + n; (p = memchr(p, '\n', (size_t)(e - p))) != NULL; p++)
        lines++;
    if (l->lost)
        atomic_fetch_add_explicit(l->lost, lines, memory_order_relaxed);
}

/* How much of the n bytes at p to write in one call: all of it to a file (an O_APPEND write is
 * not interleaved with another), whole lines of at most PIPE_BUF bytes to a pipe (the most that
 * a pipe writes in one piece), or one line alone when it is longer. */
static size_t piece(const scoot__log *l, const char *p, size_t n)
{
    if (!l->pipe_like || n <= PIPE_BUF)
        return n;
    const char *nl = NULL;
    for (const char *s = p; s < p + PIPE_BUF && (s = memchr(s, '\n', (size_t)(p + PIPE_BUF - s))) != NULL; s++)
        nl = s;
    if (!nl && !(nl = memchr(p, '\n', n)))
        return n;
    return (size_t)(nl - p) + 1;
}

/* Writes the whole lines of n bytes at p, with the shared lock held: no other write comes
 * between. A log that does not take them (a full disk, a closed pipe) loses them, counted. */
static void write_lines(scoot__log *l, const char *p, size_t n)
{
    pthread_mutex_lock(&l->out);
    while (n) {
        ssize_t w = write(l->fd, p, piece(l, p, n));
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            /* (a descriptor left non-blocking by whoever started us) */
            struct pollfd pf = {l->fd, POLLOUT, 0};
            if (poll(&pf, 1, 1000) > 0)
                continue;
        }
        if (w <= 0) {
            lose(l, p, n);
            break;
        }
        p += w;
        n -= (size_t)w;
    }
    pthread_mutex_unlock(&l->out);
}

/* Appends s escaped (see scoot__log_request) at o; returns the end. Room: 4 bytes a byte. */
static char *escaped(char *o, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch < 0x20 || ch >= 0x7f || ch == '"' || ch == '\\') {
            *o++ = '\\';
            *o++ = 'x';
            *o++ = hex[ch >> 4];
            *o++ = hex[ch & 15];
        } else
            *o++ = (char)ch;
    }
    return o;
}

/* The bytes a line may take at most (its NUL besides). */
static size_t line_max(const char *ip, const char *method, const char *target)
{
    return 32 + strlen(ip) + 4 * (strlen(method) + strlen(target)) + 80;
}

/* Writes the line into o (line_max bytes at least); returns its length. */
static size_t format_line(char *o, size_t cap, const char *when, const char *ip, const char *method,
                          const char *target, int status, size_t bytes, double secs)
{
    char *p = o;
    size_t n = strlen(when), k = strlen(ip);
    memcpy(p, when, n);
    p += n;
    *p++ = ' ';
    memcpy(p, ip, k);
    p += k;
    *p++ = ' ';
    *p++ = '"';
    p = escaped(p, method);
    *p++ = ' ';
    p = escaped(p, target);
    int t = snprintf(p, cap - (size_t)(p - o), "\" %d %zu %.3fms\n", status, bytes, secs * 1e3);
    assert(t > 0 && (size_t)t < cap - (size_t)(p - o));
    return (size_t)(p - o) + (size_t)t;
}

/* The time of a line, formatted once a second into *cache. */
static const char *when_now(time_t *cache_s, char *cache, size_t cap)
{
    time_t now = time(NULL);
    if (now != *cache_s) {
        scoot_time_format_utc((scoot_time)now, cache, cap);
        *cache_s = now;
    }
    return cache;
}

/* Formats the line and writes it at once (a log without buffers, or a line longer than one). */
static void write_one(scoot__log *l, const char *when, const char *ip, const char *method, const char *target,
                      int status, size_t bytes, double secs)
{
    char small[1024];
    size_t need = line_max(ip, method, target);
    char *line = need <= sizeof small ? small : scoot_malloc(need);
    if (!line) {
        if (l->lost)
            atomic_fetch_add_explicit(l->lost, 1, memory_order_relaxed);
        return;
    }
    size_t n = format_line(line, need, when, ip, method, target, status, bytes, secs);
    write_lines(l, line, n);
    if (line != small)
        scoot_free(line);
}

void scoot__log_request(scoot__log *l, scoot__log_buf *b, uint64_t now_ms, const char *ip, const char *method,
                        const char *target, int status, size_t bytes, double secs)
{
    if (l->fd < 0)
        return;
    if (!b) { /* (a thread without a worker: out of memory) */
        time_t s = -1;
        char when[32];
        write_one(l, when_now(&s, when, sizeof when), ip, method, target, status, bytes, secs);
        return;
    }
    pthread_mutex_lock(&b->lock);
    const char *when = when_now(&b->when_s, b->when, sizeof b->when);
    size_t need = line_max(ip, method, target);
    if (l->buffer && !b->data)
        b->data = scoot_malloc(l->buffer);
    if (!b->data || need > l->buffer) {
        if (b->len) {
            write_lines(l, b->data, b->len); /* (the earlier lines first) */
            b->len = 0;
        }
        write_one(l, when, ip, method, target, status, bytes, secs);
    } else {
        if (b->len + need > l->buffer) {
            write_lines(l, b->data, b->len);
            b->len = 0;
        }
        if (!b->len)
            b->first_ms = now_ms;
        b->len += format_line(b->data + b->len, l->buffer - b->len, when, ip, method, target, status, bytes, secs);
        if (now_ms - b->first_ms >= l->flush_ms) {
            write_lines(l, b->data, b->len);
            b->len = 0;
        }
    }
    pthread_mutex_unlock(&b->lock);
}

void scoot__log_flush(scoot__log *l, scoot__log_buf *b, uint64_t now_ms, int force)
{
    pthread_mutex_lock(&b->lock);
    if (b->len && (force || now_ms - b->first_ms >= l->flush_ms)) {
        write_lines(l, b->data, b->len);
        b->len = 0;
    }
    pthread_mutex_unlock(&b->lock);
}

void scoot__log_buf_free(scoot__log *l, scoot__log_buf *b)
{
    scoot__log_flush(l, b, 0, 1);
    scoot_free(b->data);
    b->data = NULL;
    pthread_mutex_destroy(&b->lock);
}
