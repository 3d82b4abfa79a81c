/* time.c: parsing and formatting of journal times (UTC storage, local display). */
#include "setup.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <time.h>

#include "scoot/error.h"
#include "scoot/time.h"

static const char *forms = "a date and time such as 2026-11-20 18:05 or 2026-11-20T17:05:00Z, "
                           "now, today 18:00, yesterday 7am, 18:00, 2h ago or 3 days ago";

static int syntax(const char *text, scoot_buf *err)
{
    return scoot_err(err, SCOOT_ESYNTAX, SCOOT_R_NOT_DATE, NULL,
                     "cannot read the time \"%s\": expected %s", text, forms);
}

static int leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : d[m - 1];
}

/* Reads exactly n digits. */
static int digits(const char **p, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)(*p)[i]))
            return 0;
        v = v * 10 + ((*p)[i] - '0');
    }
    *p += n;
    *out = v;
    return 1;
}

static int check_date(int y, int m, int d, const char *text, scoot_buf *err)
{
    if (y < 1900 || y > 2200)
        return scoot_err(err, SCOOT_ERANGE, SCOOT_R_NOT_DATE, NULL,
                         "\"%s\": the year must be from 1900 to 2200", text);
    if (m < 1 || m > 12 || d < 1 || d > days_in(y, m))
        return scoot_err(err, SCOOT_ERANGE, SCOOT_R_NOT_DATE, NULL, "\"%s\" is not a real date",
                         text);
    return SCOOT_OK;
}

int scoot_date_parse(const char *text, int *y, int *m, int *d, scoot_buf *err)
{
    const char *p = text;
    if (!digits(&p, 4, y) || *p++ != '-' || !digits(&p, 2, m) || *p++ != '-' || !digits(&p, 2, d) ||
        *p) {
        return scoot_err(err, SCOOT_ESYNTAX, SCOOT_R_NOT_DATE, NULL,
                         "expected a date YYYY-MM-DD, found \"%s\"", text);
    }
    return check_date(*y, *m, *d, text, err);
}

/* "Local time" of the calling thread: the process's time zone (TZ), or UTC plus an offset
 * given by scoot_time_use_utc_offset (a server's client elsewhere). */
static _Thread_local int offset_on, offset_min;

void scoot_time_use_utc_offset(int minutes)
{
    offset_on = 1;
    offset_min = minutes;
}

void scoot_time_use_local_zone(void)
{
    offset_on = 0;
}

/* t's local calendar time into *tm. */
static void to_local(time_t t, struct tm *tm)
{
    if (offset_on) {
        time_t shifted = t + (time_t)offset_min * 60;
        gmtime_r(&shifted, tm);
    } else {
        localtime_r(&t, tm);
    }
}

/* The time of a local calendar time (DST resolved by mktime under TZ). */
static time_t from_local(struct tm *tm)
{
    return offset_on ? timegm(tm) - (time_t)offset_min * 60 : mktime(tm);
}

/* The time of a calendar date and clock time, in UTC or in local time. */
static scoot_time civil(int in_utc, int y, int mo, int d, int h, int mi, int s)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = s;
    tm.tm_isdst = -1;
    return (scoot_time)(in_utc ? timegm(&tm) : from_local(&tm));
}

#define local(...) civil(0, __VA_ARGS__)
#define utc(...) civil(1, __VA_ARGS__)

/* "18:00", "7am", "7:30pm", "18:05:30" into h, m, s; 0 if it is not a clock time. */
static int clock_time(const char *p, int *h, int *m, int *s)
{
    char *end;
    long hh = strtol(p, &end, 10);
    if (end == p || !isdigit((unsigned char)*p))
        return 0;
    long mm = 0, ss = 0;
    if (*end == ':') {
        const char *q = end + 1;
        int v;
        if (!digits(&q, 2, &v))
            return 0;
        mm = v;
        end = (char *)q;
        if (*end == ':') {
            q = end + 1;
            if (!digits(&q, 2, &v))
                return 0;
            ss = v;
            end = (char *)q;
        }
    }
    while (*end == ' ')
        end++;
    if (!strcasecmp(end, "am") || !strcasecmp(end, "pm")) {
        if (hh < 1 || hh > 12)
            return -1;
        hh = hh % 12 + (tolower((unsigned char)*end) == 'p' ? 12 : 0);
    } else if (*end) {
        return 0;
    }
    if (hh > 23 || mm > 59 || ss > 59)
        return -1;
    *h = (int)hh;
    *m = (int)mm;
    *s = (int)ss;
    return 1;
}

int scoot_time_parse(const char *text, scoot_time now, scoot_time *out, scoot_buf *err)
{
    char buf[96];
    while (*text == ' ')
        text++;
    snprintf(buf, sizeof buf, "%s", text);
    size_t n = strlen(buf);
    while (n && buf[n - 1] == ' ')
        buf[--n] = '\0';
    if (!n)
        return syntax(text, err);
    const char *p = buf;
    /* ISO 8601 */
    int y, mo, d;
    if (digits(&p, 4, &y) && *p == '-') {
        p = buf;
        int h = 0, mi = 0, s = 0;
        if (!digits(&p, 4, &y) || *p++ != '-' || !digits(&p, 2, &mo) || *p++ != '-' ||
            !digits(&p, 2, &d))
            return syntax(buf, err);
        int rc = check_date(y, mo, d, buf, err);
        if (rc)
            return rc;
        if (!*p) {
            *out = local(y, mo, d, 0, 0, 0);
            return SCOOT_OK;
        }
        if (*p != 'T' && *p != 't' && *p != ' ')
            return syntax(buf, err);
        p++;
        if (!digits(&p, 2, &h) || *p++ != ':' || !digits(&p, 2, &mi))
            return syntax(buf, err);
        if (*p == ':') {
            p++;
            if (!digits(&p, 2, &s))
                return syntax(buf, err);
            if (*p == '.') /* fractions of a second are dropped */
                for (p++; isdigit((unsigned char)*p); p++)
                    ;
        }
        if (h > 23 || mi > 59 || s > 60) {
            return scoot_err(err, SCOOT_ERANGE, SCOOT_R_NOT_DATE, NULL,
                             "\"%s\" is not a real time of day", buf);
        }
        if (!*p) {
            *out = local(y, mo, d, h, mi, s);
            return SCOOT_OK;
        }
        if ((*p == 'Z' || *p == 'z') && !p[1]) {
            *out = utc(y, mo, d, h, mi, s);
            return SCOOT_OK;
        }
        if (*p == '+' || *p == '-') {
            int sign = *p++ == '-' ? -1 : 1, oh, om = 0;
            if (!digits(&p, 2, &oh))
                return syntax(buf, err);
            if (*p == ':')
                p++;
            if (*p && !digits(&p, 2, &om))
                return syntax(buf, err);
            if (*p || oh > 14 || om > 59)
                return syntax(buf, err);
            *out = utc(y, mo, d, h, mi, s) - sign * (oh * 3600 + om * 60);
            return SCOOT_OK;
        }
        return syntax(buf, err);
    }
    if (!strcasecmp(buf, "now")) {
        *out = now;
        return SCOOT_OK;
    }
    /* "N unit ago" */
    size_t len = strlen(buf);
    if (len > 4 && !strcasecmp(buf + len - 4, " ago")) {
        /* N is decimal digits with an optional fraction: no sign, exponent, hex, inf or nan
         * (strtod takes "nan", which compares false with every bound below) */
        const char *end = buf;
        double v = 0;
        for (int nd = 0; isdigit((unsigned char)*end); end++, nd++) {
            if (nd == 12)
                return syntax(buf, err);
            v = v * 10 + (*end - '0');
        }
        if (end == buf)
            return syntax(buf, err);
        if (*end == '.') {
            end++;
            if (!isdigit((unsigned char)*end))
                return syntax(buf, err);
            for (double f = 0.1; isdigit((unsigned char)*end); end++, f /= 10)
                v += (*end - '0') * f;
        }
        while (*end == ' ')
            end++;
        char unit[16];
        size_t ul = (size_t)(buf + len - 4 - end);
        if (ul == 0 || ul >= sizeof unit)
            return syntax(buf, err);
        memcpy(unit, end, ul);
        unit[ul] = '\0';
        static const struct {
            const char *name;
            int secs;
        } units[] = {{"s", 1},         {"sec", 1},      {"secs", 1},     {"second", 1},
                     {"seconds", 1},   {"m", 60},       {"min", 60},     {"mins", 60},
                     {"minute", 60},   {"minutes", 60}, {"h", 3600},     {"hr", 3600},
                     {"hrs", 3600},    {"hour", 3600},  {"hours", 3600}, {"d", 86400},
                     {"day", 86400},   {"days", 86400}, {"w", 604800},   {"week", 604800},
                     {"weeks", 604800}};
        for (size_t i = 0; i < SCOOT_ARRAY_LEN(units); i++)
            if (!strcasecmp(unit, units[i].name)) {
                if (v > 1e9 / units[i].secs)
                    return syntax(buf, err);
                *out = now - (scoot_time)(v * units[i].secs);
                return SCOOT_OK;
            }
        return syntax(buf, err);
    }
    /* "today [TIME]", "yesterday [TIME]", "TIME" */
    int back = -1;
    const char *rest = buf;
    if (!strncasecmp(buf, "today", 5) && (!buf[5] || buf[5] == ' ')) {
        back = 0;
        rest = buf + 5;
    } else if (!strncasecmp(buf, "yesterday", 9) && (!buf[9] || buf[9] == ' ')) {
        back = 1;
        rest = buf + 9;
    }
    while (*rest == ' ')
        rest++;
    int h = 0, mi = 0, s = 0;
    if (*rest) {
        int c = clock_time(rest, &h, &mi, &s);
        if (c < 0) {
            return scoot_err(err, SCOOT_ERANGE, SCOOT_R_NOT_DATE, NULL,
                             "\"%s\" is not a real time of day", buf);
        }
        if (c == 0)
            return syntax(buf, err);
        if (back < 0)
            back = 0;
    } else if (back < 0) {
        return syntax(buf, err);
    }
    struct tm tm;
    to_local((time_t)now, &tm);
    tm.tm_mday -= back;
    tm.tm_hour = 12; /* normalise the date first, away from DST changes */
    tm.tm_min = tm.tm_sec = 0;
    tm.tm_isdst = -1;
    from_local(&tm); /* (normalises tm: the date "back" days before) */
    *out = local(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, h, mi, s);
    return SCOOT_OK;
}

int scoot_time_parse_past(const char *text, scoot_time now, scoot_time max_future,
                          scoot_time *out, scoot_buf *err)
{
    scoot_time t;
    int rc = scoot_time_parse(text, now, &t, err);
    if (rc)
        return rc;
    if (t > now + max_future) {
        return scoot_err(err, SCOOT_ERANGE, SCOOT_R_IN_FUTURE, NULL, "%s is in the future", text);
    }
    *out = t;
    return SCOOT_OK;
}

const char *scoot_time_format_local(scoot_time t, char *buf, size_t n)
{
    struct tm tm;
    to_local((time_t)t, &tm);
    strftime(buf, n, "%Y-%m-%d %H:%M", &tm);
    return buf;
}

const char *scoot_time_format_utc(scoot_time t, char *buf, size_t n)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

int64_t scoot_time_local_day(scoot_time t)
{
    struct tm tm;
    to_local((time_t)t, &tm);
    /* days from the civil date (proleptic Gregorian), independent of the offset */
    int64_t y = tm.tm_year + 1900, m = tm.tm_mon + 1, d = tm.tm_mday;
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

scoot_time scoot_time_now(void)
{
    scoot_time now = (scoot_time)time(NULL);
    const char *fixed = getenv("SCOOT_NOW");
    if (!fixed || !*fixed)
        return now;
    /* (in the process's zone, whatever offset this thread has: one now for every thread) */
    int on = offset_on;
    offset_on = 0;
    scoot_time t;
    int rc = scoot_time_parse(fixed, now, &t, NULL);
    offset_on = on;
    return rc == SCOOT_OK ? t : now;
}

scoot_time scoot_time_local_date(int y, int m, int d, int hour)
{
    return local(y, m, d, hour, 0, 0);
}
