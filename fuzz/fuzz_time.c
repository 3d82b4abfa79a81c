/* fuzz_time.c: any bytes as a time or a date typed by a person: no crash, no undefined
 * behaviour; a refusal names the problem; an accepted time formats and parses back to itself,
 * and an accepted date is a real calendar date. The first byte picks the UTC offset (so the
 * local-time paths run in zones east and west), the rest is the text. */
#include "../src/core/setup.h"

#include <stdlib.h>
#include <string.h>

#include "scoot/alloc.h"
#include "scoot/time.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0 || size > 4096)
        return 0;
    int offset = ((int)data[0] - 128) * 15 % (14 * 60); /* -14:00 .. +14:00 in quarter hours */
    scoot_time_use_utc_offset(offset);
    char *text = scoot_malloc(size);
    if (!text)
        return 0;
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    const scoot_time now = 1795176000; /* 2026-11-20T12:00:00Z */
    scoot_buf err;
    scoot_buf_init(&err, 0);
    scoot_time t;
    int rc = scoot_time_parse(text, now, &t, &err);
    if (rc && err.len == 0)
        __builtin_trap(); /* refused without a message */
    if (!rc) {
        char buf[64], loc[64];
        scoot_time back;
        scoot_time_format_utc(t, buf, sizeof buf);
        if (scoot_time_parse(buf, now, &back, NULL) || back != t)
            __builtin_trap(); /* its own UTC form does not parse back */
        scoot_time_format_local(t, loc, sizeof loc);
        (void)scoot_time_local_day(t);
    }
    scoot_buf_reset(&err);
    rc = scoot_time_parse_past(text, now, 600, &t, &err);
    if (rc && err.len == 0)
        __builtin_trap();
    if (!rc && t > now + 600)
        __builtin_trap(); /* a time in the future got through */
    scoot_buf_reset(&err);
    int y, m, d;
    rc = scoot_date_parse(text, &y, &m, &d, &err);
    if (rc && err.len == 0)
        __builtin_trap();
    if (!rc) {
        static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
            __builtin_trap(); /* not a calendar date */
        if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
            __builtin_trap(); /* 29 February of a common year */
        (void)scoot_time_local_date(y, m, d, 12);
    }
    scoot_buf_free(&err);
    scoot_free(text);
    scoot_time_use_local_zone();
    return 0;
}
