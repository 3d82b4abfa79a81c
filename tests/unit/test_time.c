/* test_time.c: what people type as a time, in a fixed zone (Europe/Berlin rules as a POSIX
 * TZ string, so no tzdata is needed) and at a fixed now. */
#include "../../src/core/setup.h"

#include <stdlib.h>
#include <time.h>

#include "scoot/time.h"
#include "support.h"

/* 2026-11-20 12:00 UTC = 13:00 in Berlin (CET, +1) */
#define NOW ((scoot_time)1795176000)

static int setup(void **state)
{
    (void)state;
    setenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3", 1);
    tzset();
    return 0;
}

static scoot_time parse(const char *text)
{
    scoot_time t = 0;
    scoot_buf e;
    scoot_buf_init(&e, 0);
    if (scoot_time_parse(text, NOW, &t, &e))
        fail_msg("\"%s\" refused: %s", text, scoot_buf_str(&e));
    scoot_buf_free(&e);
    return t;
}

static void refused(const char *text, int want, const char *msg)
{
    scoot_time t;
    scoot_buf e;
    scoot_buf_init(&e, 0);
    int rc = scoot_time_parse(text, NOW, &t, &e);
    if (rc != want || !strstr(scoot_buf_str(&e), msg))
        fail_msg("\"%s\": rc %d (want %d), message %s", text, rc, want, scoot_buf_str(&e));
    scoot_buf_free(&e);
}

static void iso(void **state)
{
    (void)state;
    assert_int_equal(parse("2026-11-20T12:00:00Z"), NOW);
    assert_int_equal(parse("2026-11-20T12:00Z"), NOW);
    assert_int_equal(parse("2026-11-20 13:00"), NOW); /* local */
    assert_int_equal(parse("2026-11-20T13:00:00+01:00"), NOW);
    assert_int_equal(parse("2026-11-20T07:00:00-0500"), NOW);
    assert_int_equal(parse("2026-11-20T12:00:00.250Z"), NOW);
    assert_int_equal(parse("  2026-11-20 13:00  "), NOW);
    assert_int_equal(parse("2026-11-20"), NOW - 13 * 3600); /* local midnight */
    /* summer time: 12:00 in Berlin on 2026-07-01 is 10:00 UTC */
    assert_int_equal(parse("2026-07-01 12:00"), parse("2026-07-01T10:00:00Z"));
    /* the day the clocks go forward: noon is 10:00 UTC */
    assert_int_equal(parse("2026-03-29 12:00"), parse("2026-03-29T10:00:00Z"));
    assert_int_equal(parse("2024-02-29"), parse("2024-02-28") + 86400);
}

static void relative(void **state)
{
    (void)state;
    assert_int_equal(parse("now"), NOW);
    assert_int_equal(parse("NOW"), NOW);
    assert_int_equal(parse("2h ago"), NOW - 7200);
    assert_int_equal(parse("2 hours ago"), NOW - 7200);
    assert_int_equal(parse("30 min ago"), NOW - 1800);
    assert_int_equal(parse("3 days ago"), NOW - 3 * 86400);
    assert_int_equal(parse("1 week ago"), NOW - 7 * 86400);
    assert_int_equal(parse("1.5h ago"), NOW - 5400);
    assert_int_equal(parse("today"), parse("2026-11-20"));
    assert_int_equal(parse("today 18:00"), parse("2026-11-20 18:00"));
    assert_int_equal(parse("18:00"), parse("2026-11-20 18:00"));
    assert_int_equal(parse("yesterday 7am"), parse("2026-11-19 07:00"));
    assert_int_equal(parse("Yesterday 7:30pm"), parse("2026-11-19 19:30"));
    assert_int_equal(parse("yesterday 12am"), parse("2026-11-19 00:00"));
    assert_int_equal(parse("yesterday 12pm"), parse("2026-11-19 12:00"));
    assert_int_equal(parse("yesterday"), parse("2026-11-19"));
}

static void refusals(void **state)
{
    (void)state;
    refused("2026-13-01", SCOOT_ERANGE, "is not a real date");
    refused("2025-02-29", SCOOT_ERANGE, "is not a real date");
    refused("2026-11-31 10:00", SCOOT_ERANGE, "is not a real date");
    refused("2026-11-20 25:00", SCOOT_ERANGE, "is not a real time of day");
    refused("today 24:00", SCOOT_ERANGE, "is not a real time of day");
    refused("yesterday 13pm", SCOOT_ERANGE, "is not a real time of day");
    refused("1899-12-31", SCOOT_ERANGE, "\"1899-12-31\": the year must be from 1900 to 2200");
    refused("2201-01-01T00:00:00Z", SCOOT_ERANGE, "the year must be from 1900 to 2200");
    /* N of "N unit ago" is decimal: strtod's "nan" once made a time 219 million years back */
    refused("nan hours ago", SCOOT_ESYNTAX, "cannot read the time \"nan hours ago\"");
    refused("NAN days ago", SCOOT_ESYNTAX, "cannot read the time");
    refused("inf hours ago", SCOOT_ESYNTAX, "cannot read the time");
    refused("0x10 hours ago", SCOOT_ESYNTAX, "cannot read the time");
    refused("1e3 hours ago", SCOOT_ESYNTAX, "cannot read the time");
    refused("+2h ago", SCOOT_ESYNTAX, "cannot read the time");
    refused("2. days ago", SCOOT_ESYNTAX, "cannot read the time");
    refused("999999999999 s ago", SCOOT_ESYNTAX, "cannot read the time");
    refused("tomorrow", SCOOT_ESYNTAX, "cannot read the time \"tomorrow\": expected");
    refused("2h from now", SCOOT_ESYNTAX, "cannot read the time");
    refused("-2h ago", SCOOT_ESYNTAX, "cannot read the time");
    refused("2 fortnights ago", SCOOT_ESYNTAX, "cannot read the time");
    refused("", SCOOT_ESYNTAX, "cannot read the time");
    refused("2026-11-20X10:00", SCOOT_ESYNTAX, "cannot read the time");
    /* a day ahead at most, for the journal */
    scoot_time t;
    scoot_buf e;
    scoot_buf_init(&e, 0);
    assert_int_equal(scoot_time_parse_past("2026-11-21T12:00:00Z", NOW, 86400, &t, &e), SCOOT_OK);
    assert_int_equal(scoot_time_parse_past("2026-11-21T12:00:01Z", NOW, 86400, &t, &e),
                     SCOOT_ERANGE);
    assert_non_null(strstr(scoot_buf_str(&e), "is in the future"));
    scoot_buf_free(&e);
}

static void dates_and_formats(void **state)
{
    (void)state;
    int y, m, d;
    assert_int_equal(scoot_date_parse("2018-05-01", &y, &m, &d, NULL), SCOOT_OK);
    assert_true(y == 2018 && m == 5 && d == 1);
    assert_int_equal(scoot_date_parse("2018-5-1", &y, &m, &d, NULL), SCOOT_ESYNTAX);
    assert_int_equal(scoot_date_parse("2018-02-30", &y, &m, &d, NULL), SCOOT_ERANGE);
    char buf[32];
    assert_string_equal(scoot_time_format_utc(NOW, buf, sizeof buf), "2026-11-20T12:00:00Z");
    assert_string_equal(scoot_time_format_local(NOW, buf, sizeof buf), "2026-11-20 13:00");
    assert_int_equal(parse(scoot_time_format_utc(NOW + 59, buf, sizeof buf)), NOW + 59);
    /* local days change at local midnight, not at UTC midnight */
    assert_int_equal(scoot_time_local_day(parse("2026-11-20 00:30")),
                     scoot_time_local_day(parse("2026-11-20 23:30")));
    assert_int_equal(scoot_time_local_day(parse("2026-11-21 00:00")) -
                         scoot_time_local_day(parse("2026-11-20 23:59")),
                     1);
    assert_int_equal(scoot_time_local_day(parse("1970-01-01 12:00")), 0);
    /* the clock can be fixed for tests */
    setenv("SCOOT_NOW", "2026-11-20T12:00:00Z", 1);
    assert_int_equal(scoot_time_now(), NOW);
    unsetenv("SCOOT_NOW");
    assert_true(scoot_time_now() > NOW - 86400 * 365 * 10);
}

/* A thread's own offset from UTC stands for the zone in everything local, and only until it
 * is dropped. */
static void utc_offset(void **state)
{
    (void)state;
    char buf[32];
    scoot_time_use_utc_offset(13 * 60); /* 12:00 UTC is 01:00 on the 21st */
    assert_string_equal(scoot_time_format_local(NOW, buf, sizeof buf), "2026-11-21 01:00");
    assert_int_equal(parse("today"), NOW - 3600);
    assert_int_equal(parse("yesterday 18:00"), NOW - 7 * 3600);
    assert_int_equal(parse("2026-11-21 01:00"), NOW);
    assert_int_equal(parse("2026-11-21T01:00+13:00"), NOW); /* an explicit offset is kept */
    assert_int_equal(scoot_time_local_day(NOW) - scoot_time_local_day(NOW - 2 * 3600), 1);
    assert_int_equal(scoot_time_local_date(2026, 11, 21, 12) - NOW, 11 * 3600);
    scoot_time_use_utc_offset(-(5 * 60 + 30));
    assert_string_equal(scoot_time_format_local(NOW, buf, sizeof buf), "2026-11-20 06:30");
    scoot_time_use_local_zone(); /* Berlin again */
    assert_string_equal(scoot_time_format_local(NOW, buf, sizeof buf), "2026-11-20 13:00");
    assert_int_equal(parse("today"), NOW - 13 * 3600);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(iso),
        cmocka_unit_test(relative),
        cmocka_unit_test(refusals),
        cmocka_unit_test(dates_and_formats),
        cmocka_unit_test(utc_offset),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
