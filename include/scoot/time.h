/* time.h: times for the journal: parsing what people type, formatting, calendar days. */
#ifndef SCOOT_TIME_H
#define SCOOT_TIME_H

#include <stddef.h>
#include <stdint.h>

#include "scoot/buf.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Seconds since the Unix epoch, UTC. */
typedef int64_t scoot_time;

/*
 * Parses text into *out. Accepted: ISO 8601 ("2026-11-20", "2026-11-20T18:05",
 * "2026-11-20 18:05:30", optional "Z" or "+01:00"; without an offset it is local time),
 * "now", "today", "yesterday", "today 18:00", "yesterday 7am", "18:00", "2h ago",
 * "30 min ago", "3 days ago", "1 week ago". SCOOT_ESYNTAX or SCOOT_ERANGE with a message in
 * err (may be NULL).
 */
int scoot_time_parse(const char *text, scoot_time now, scoot_time *out, scoot_buf *err);
/* The same, and refuses a time more than max_future seconds after now (SCOOT_ERANGE). */
int scoot_time_parse_past(const char *text, scoot_time now, scoot_time max_future,
                          scoot_time *out, scoot_buf *err);
/* "2026-11-20 18:05" in local time, into buf (size n); returns buf. */
const char *scoot_time_format_local(scoot_time t, char *buf, size_t n);
/* "2026-11-20T17:05:00Z", into buf; returns buf. */
const char *scoot_time_format_utc(scoot_time t, char *buf, size_t n);
/* Parses and validates "YYYY-MM-DD". */
int scoot_date_parse(const char *text, int *y, int *m, int *d, scoot_buf *err);
/* The time of a local calendar date at the given hour (DST resolved by the C library). */
scoot_time scoot_time_local_date(int y, int m, int d, int hour);
/* Days since the epoch of t's local calendar date. */
int64_t scoot_time_local_day(scoot_time t);
/* From now on in the calling thread, "local time" (in every function here that says local,
 * and so the journal's days) is UTC plus minutes (east of UTC: -480 is UTC-8, 330 is UTC+5:30)
 * instead of the process's time zone: for a server whose users are elsewhere. */
void scoot_time_use_utc_offset(int minutes);
/* Back to the process's time zone (TZ) in the calling thread. */
void scoot_time_use_local_zone(void);
/* time(NULL), or $SCOOT_NOW (any form scoot_time_parse accepts) so tests can fix the clock. */
scoot_time scoot_time_now(void);

#ifdef __cplusplus
}
#endif
#endif
