/* ical.c: a cat's care schedule as an iCalendar file (RFC 5545): the care plan's items at
 * times of day that fit how often they are due, the medicine doses, and the recheck a vet
 * visit booked; each with an alarm, each with a UID that stays the same while the plan does
 * (importing the file again updates the events instead of adding copies). */
#include "../core/setup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../core/text.h"
#include "../kb/kb_int.h"
#include "scoot/journal.h"
#include "scoot/render.h"

#define DAY 86400
#define OPEN_DAYS 30

/* ---- the format: content lines of at most 75 octets, CRLF, TEXT escaped ---- */

typedef struct {
    scoot_buf *out;
    scoot_buf line; /* the content line being built, unfolded */
    int rc;
} ics;

static void put(ics *c, const char *s)
{
    if (!c->rc)
        c->rc = scoot_buf_adds(&c->line, s);
}

/* TEXT as RFC 5545 §3.3.11 escapes it: backslash, semicolon, comma and line breaks. */
static void put_text(ics *c, const char *s)
{
    for (; s && *s && !c->rc; s++) {
        switch (*s) {
        case '\\': c->rc = scoot_buf_adds(&c->line, "\\\\"); break;
        case ';': c->rc = scoot_buf_adds(&c->line, "\\;"); break;
        case ',': c->rc = scoot_buf_adds(&c->line, "\\,"); break;
        case '\n': c->rc = scoot_buf_adds(&c->line, "\\n"); break;
        case '\r': break;
        default: c->rc = scoot_buf_addc(&c->line, *s); break;
        }
    }
}

/* Ends the content line: folded before 75 octets (never inside a UTF-8 sequence), CRLF. */
static void end_line(ics *c)
{
    const char *s = scoot_buf_str(&c->line);
    size_t n = c->line.len, at = 0, width = 75;
    while (!c->rc && at < n) {
        size_t k = n - at <= width ? n - at : width;
        while (k && at + k < n && ((unsigned char)s[at + k] & 0xC0) == 0x80)
            k--; /* (a continuation byte starts the next piece: back to the sequence's start) */
        c->rc = scoot_buf_add(c->out, s + at, k);
        if (!c->rc)
            c->rc = scoot_buf_adds(c->out, "\r\n");
        at += k;
        if (!c->rc && at < n)
            c->rc = scoot_buf_addc(c->out, ' ');
        width = 74; /* a folded line starts with the space */
    }
    scoot_buf_reset(&c->line);
}

static void line(ics *c, const char *s)
{
    put(c, s);
    end_line(c);
}

static void text_prop(ics *c, const char *name, const char *value)
{
    put(c, name);
    put(c, ":");
    put_text(c, value);
    end_line(c);
}

/* ---- what goes in it ---- */

/* The times of day (minutes after midnight) for n a day: awake hours, spread evenly. */
static int slot_minute(int n, int i)
{
    static const int one[] = {9 * 60}, two[] = {8 * 60, 20 * 60}, three[] = {8 * 60, 13 * 60, 19 * 60},
                     four[] = {8 * 60, 12 * 60, 16 * 60, 20 * 60};
    switch (n) {
    case 1: return one[i];
    case 2: return two[i];
    case 3: return three[i];
    case 4: return four[i];
    default: return 7 * 60 + (i * 15 * 60) / (n - 1); /* 07:00 .. 22:00 */
    }
}

/* The local date back days before now's, as YYYYMMDD (counted from noon, so that a day of 23
 * or 25 hours does not move it). */
static void local_date_back(scoot_time now, int back, char out[9])
{
    char d[32]; /* "YYYY-MM-DD HH:MM" */
    scoot_time_format_local(now, d, sizeof d);
    int y = (int)strtol(d, NULL, 10), m = (int)strtol(d + 5, NULL, 10), dd = (int)strtol(d + 8, NULL, 10);
    scoot_time noon = scoot_time_local_date(y, m, dd, 12) - (scoot_time)back * DAY;
    scoot_time_format_local(noon, d, sizeof d);
    snprintf(out, 9, "%.4s%.2s%.2s", d, d + 5, d + 8);
}

/* The minutes a care item takes, from the KB (10 when it does not say). */
static int care_minutes(const scoot_kb *kb, const char *id)
{
    for (int i = 0; i < kb->n_cares; i++)
        if (!strcmp(kb->cares[i].id, id))
            return kb->cares[i].minutes > 0 ? kb->cares[i].minutes : 10;
    return 10;
}

/* One repeating event per time of day of a due item (care or medicine). */
static void item_events(ics *c, const scoot_kb *kb, const char *cat, json_t *d, scoot_time now,
                        const char *stamp)
{
    const char *kind = json_string_value(json_object_get(d, "kind"));
    const char *item = json_string_value(json_object_get(d, "item"));
    const char *title = json_string_value(json_object_get(d, "title"));
    int per_day = (int)json_integer_value(json_object_get(d, "planned_today"));
    int day = (int)json_integer_value(json_object_get(d, "day"));
    json_t *dv = json_object_get(d, "days");
    int days = dv ? (int)json_integer_value(dv) : 0;
    if (!kind || !item || per_day < 1 || day < 1)
        return;
    int medicine = !strcmp(kind, "medicine");
    int minutes = medicine ? 5 : care_minutes(kb, item);
    char first[9];
    local_date_back(now, day - 1, first);
    char course[32] = "";
    json_t *cv = json_object_get(d, "course");
    if (cv)
        snprintf(course, sizeof course, "%lld", (long long)json_integer_value(cv));
    for (int i = 0; i < per_day && i < 24; i++) {
        int m = slot_minute(per_day, i);
        char slot[8], buf[160];
        snprintf(slot, sizeof slot, "%d", i);
        const char *parts[] = {cat, kind, item, course, first, slot};
        line(c, "BEGIN:VEVENT");
        snprintf(buf, sizeof buf, "UID:scoot-%016llx-%d@scoot", (unsigned long long)scoot__hash_texts(parts, 6), i);
        line(c, buf);
        snprintf(buf, sizeof buf, "DTSTAMP:%s", stamp);
        line(c, buf);
        /* (a floating time: the owner's own clock, wherever they are) */
        snprintf(buf, sizeof buf, "DTSTART:%sT%02d%02d00", first, m / 60, m % 60);
        line(c, buf);
        snprintf(buf, sizeof buf, "DURATION:PT%dM", minutes);
        line(c, buf);
        /* (an item with no end lasts until a check or a visit changes the plan: a month here) */
        snprintf(buf, sizeof buf, "RRULE:FREQ=DAILY;COUNT=%d", days > 0 ? days : OPEN_DAYS);
        line(c, buf);
        put(c, "SUMMARY:");
        put_text(c, cat);
        put(c, ": ");
        put_text(c, title ? title : item);
        if (per_day > 1) {
            snprintf(buf, sizeof buf, " (%d of %d a day)", i + 1, per_day);
            put_text(c, buf);
        }
        end_line(c);
        /* "Give Meloxicam 0.1 ml, 2 times a day for 5 days. …" / "Warm compress, 3 times …" */
        put(c, "DESCRIPTION:");
        put_text(c, medicine ? "Give " : "");
        put_text(c, title ? title : item);
        snprintf(buf, sizeof buf, ", %d time%s a day", per_day, per_day == 1 ? "" : "s");
        put_text(c, buf);
        if (days > 0) {
            snprintf(buf, sizeof buf, " for %d day%s", days, days == 1 ? "" : "s");
            put_text(c, buf);
        }
        put_text(c, medicine ? ". Mark each dose given on scoot's Today page."
                             : ", from the care plan of the last check. Mark it done on scoot's "
                               "Today page.");
        end_line(c);
        line(c, medicine ? "CATEGORIES:MEDICINE" : "CATEGORIES:CARE");
        line(c, "BEGIN:VALARM");
        line(c, "ACTION:DISPLAY");
        line(c, "TRIGGER:PT0M");
        put(c, "DESCRIPTION:");
        put_text(c, cat);
        put(c, ": ");
        put_text(c, title ? title : item);
        end_line(c);
        line(c, "END:VALARM");
        line(c, "END:VEVENT");
    }
}

/* The recheck booked: a day's event, with an alarm the day before at 09:00. */
static void recheck_event(ics *c, const char *cat, json_t *re, const char *stamp)
{
    const char *date = json_string_value(json_object_get(re, "date"));
    const char *clinic = json_string_value(json_object_get(re, "clinic"));
    json_t *visit = json_object_get(re, "visit");
    if (!date || strlen(date) != 10)
        return;
    char d[9], vid[32], buf[160];
    snprintf(d, sizeof d, "%.4s%.2s%.2s", date, date + 5, date + 8);
    snprintf(vid, sizeof vid, "%lld", (long long)json_integer_value(visit));
    const char *parts[] = {cat, "recheck", vid, d};
    line(c, "BEGIN:VEVENT");
    snprintf(buf, sizeof buf, "UID:scoot-%016llx-r@scoot", (unsigned long long)scoot__hash_texts(parts, 4));
    line(c, buf);
    snprintf(buf, sizeof buf, "DTSTAMP:%s", stamp);
    line(c, buf);
    snprintf(buf, sizeof buf, "DTSTART;VALUE=DATE:%s", d);
    line(c, buf);
    put(c, "SUMMARY:");
    put_text(c, cat);
    put_text(c, ": recheck at the vet");
    if (clinic) {
        put_text(c, " (");
        put_text(c, clinic);
        put_text(c, ")");
    }
    end_line(c);
    put(c, "DESCRIPTION:");
    put_text(c, "The recheck the vet booked. Call the clinic sooner if the signs come back or "
                "get worse. Afterwards, mark it done on scoot's Today page.");
    end_line(c);
    if (clinic)
        text_prop(c, "LOCATION", clinic);
    line(c, "CATEGORIES:RECHECK");
    line(c, "TRANSP:TRANSPARENT");
    line(c, "BEGIN:VALARM");
    line(c, "ACTION:DISPLAY");
    line(c, "TRIGGER:-PT15H"); /* 09:00 the day before */
    put(c, "DESCRIPTION:");
    put_text(c, cat);
    put_text(c, ": recheck at the vet tomorrow");
    end_line(c);
    line(c, "END:VALARM");
    line(c, "END:VEVENT");
}

int scoot_calendar(scoot_journal *j, const scoot_kb *kb, const char *cat, scoot_time now,
                   scoot_buf *out, scoot_buf *err)
{
    scoot_buf due, sum;
    scoot_buf_init(&due, 0);
    scoot_buf_init(&sum, 0);
    int rc = scoot_journal_due(j, cat, now, &due, err);
    if (!rc)
        rc = scoot_journal_summary(j, cat, now, &sum, err);
    json_t *dj = NULL, *sj = NULL;
    if (!rc) {
        dj = json_loadb(due.data, due.len, 0, NULL);
        sj = json_loadb(sum.data, sum.len, 0, NULL);
        if (!dj || !sj)
            rc = SCOOT_ENOMEM; /* (the journal's own JSON: only memory can make it fail) */
    }
    /* the cat's name as the journal keeps it */
    const char *name = json_string_value(json_object_get(json_object_get(sj, "cat"), "name"));
    if (!name)
        name = cat;
    ics c = {out, {0}, 0};
    scoot_buf_init(&c.line, 0);
    size_t mark = out->len;
    if (!rc) {
        char stamp[32];
        scoot_time_format_utc(now, stamp, sizeof stamp); /* 2026-12-07T11:00:00Z */
        char st[17];
        snprintf(st, sizeof st, "%.4s%.2s%.2sT%.2s%.2s%.2sZ", stamp, stamp + 5, stamp + 8,
                 stamp + 11, stamp + 14, stamp + 17);
        line(&c, "BEGIN:VCALENDAR");
        line(&c, "VERSION:2.0");
        line(&c, "PRODID:-//scoot//care schedule//EN");
        line(&c, "CALSCALE:GREGORIAN");
        line(&c, "METHOD:PUBLISH");
        put(&c, "X-WR-CALNAME:");
        put_text(&c, name);
        put_text(&c, ": care from scoot");
        end_line(&c);
        size_t i;
        json_t *d;
        json_array_foreach(dj, i, d)
        {
            const char *kind = json_string_value(json_object_get(d, "kind"));
            if (kind && (!strcmp(kind, "care") || !strcmp(kind, "medicine")))
                item_events(&c, kb, name, d, now, st);
        }
        json_t *re = json_object_get(sj, "recheck");
        if (re)
            recheck_event(&c, name, re, st);
        line(&c, "END:VCALENDAR");
        rc = c.rc;
        if (rc)
            scoot_buf_truncate(out, mark);
    }
    scoot_buf_free(&c.line);
    json_decref(dj);
    json_decref(sj);
    scoot_buf_free(&due);
    scoot_buf_free(&sum);
    return rc;
}
