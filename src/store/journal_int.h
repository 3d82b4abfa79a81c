/* journal_int.h: shared by the journal's files (journal.c, validate.c, derive.c, plan.c,
 * transfer.c). */
#ifndef SCOOT_JOURNAL_INT_H
#define SCOOT_JOURNAL_INT_H

#include <jansson.h>

#include "../kb/kb_int.h"
#include "scoot/journal.h"
#include "store_int.h"

/* The one household of this version. */
#define SCOOT__HOUSEHOLD 1
/* How far into the future an event's time may be. */
#define SCOOT__MAX_FUTURE 86400
/* How far into the past: a cat's whole life (ages go up to 40 years), 40 years of 365.2425 days. */
#define SCOOT__MAX_PAST ((scoot_time)40 * 31556952)

struct scoot_journal {
    const scoot__backend *be;
    void *db;
    const scoot_kb *kb;
    int64_t hh;
    int depth;                /* public calls in progress (one calls another: done -> add) */
    unsigned long alloc_mark; /* scoot__alloc_failures() when the outermost one began */
};

/* Every public function that takes a journal runs through these (SCOOT__GUARDED): an
 * operation during which an allocation failed answers out of memory, whatever it would have
 * answered (a table left short, a record jansson could not read, an item skipped for want of
 * memory look like refusals, or like nothing at all), and nothing is committed after such a
 * failure (scoot__j_commit). */
void scoot__j_enter(scoot_journal *j);
int scoot__j_leave(scoot_journal *j, int rc, scoot_buf *err, size_t err_mark);
#define SCOOT__GUARDED(j, err, call)                      \
    do {                                                 \
        size_t mark_ = (err) ? (err)->len : 0;           \
        scoot__j_enter(j);                               \
        int rc_ = (call);                                \
        return scoot__j_leave((j), rc_, (err), mark_);   \
    } while (0)
/* Begins and commits a write; the commit is refused (SCOOT_ENOMEM, the caller rolls back) when
 * an allocation has failed since the outermost public call began. */
int scoot__j_begin(scoot_journal *j);
int scoot__j_commit(scoot_journal *j);

/* Opens a journal on a given backend (the conformance tests run against each), as
 * scoot_journal_open_mode. */
int scoot__journal_open_backend(const scoot__backend *be, const char *path, const scoot_kb *kb,
                                scoot_journal **out, scoot_buf *err);
int scoot__journal_open_backend_mode(const scoot__backend *be, const char *path,
                                     const scoot_kb *kb, scoot_journal_mode mode,
                                     scoot_journal **out, scoot_buf *err);

/* Looks up a cat by name: normalised (NFC, trimmed) as given, else by its key ("mïmì" finds
 * "MÏMÌ"); SCOOT_ENOENT, SCOOT_ENOMEM or the backend's error, with no message. */
int scoot__cat_find(scoot_journal *j, const char *name, scoot__cat_row *row);
/* Looks up a cat by name (scoot__cat_find); SCOOT_ENOENT with "no cat named 'X'" in err. Row
 * strings are borrowed until the next backend call. */
int scoot__j_cat(scoot_journal *j, const char *name, scoot__cat_row *row, scoot_buf *err);

/* Appends the backend's message for a failed call rc: "what: message". Returns rc. */
int scoot__j_fail(scoot_journal *j, int rc, const char *what, scoot_buf *err);

/* Validates an event's data object for kind (cat_id for cross-references); may add computed
 * fields (the pain score). Appends "prefix.field: message" lines to err; returns SCOOT_OK or
 * SCOOT_ECASE. */
int scoot__event_validate(scoot_journal *j, int64_t cat_id, const char *kind, json_t *data,
                          const char *prefix, scoot_buf *err);
/* Brings data stored by an older scoot to today's stricter form, with the meaning it had
 * then: an episode's single "look" text becomes a list of one; an observation without a value
 * was a sign seen (value true). Used on import and on the stored data an edit starts from, never
 * on new input. SCOOT_OK or SCOOT_ENOMEM. */
int scoot__event_upgrade(const char *kind, json_t *data);
/* 1 when kind is a known event kind. */
int scoot__event_kind_ok(const char *kind);
/* The rules that tie an event's data to its time t (a vet visit's recheck: from the visit's
 * local day to a year after it); checked when an event is added or edited, not on import, so
 * that an older journal still loads. */
int scoot__event_check_time(const char *kind, json_t *data, scoot_time t, const char *prefix,
                            scoot_buf *err);
/* Checks an event's note (NULL: none): at most 4000 characters (SCOOT_ERANGE), valid UTF-8
 * with no control characters but tab and line feed (SCOOT_ECASE); a "prefix.note: ..." line
 * in err. */
int scoot__note_check(const char *note, const char *prefix, scoot_buf *err);
/* The characters (UTF-8 code points) of s. */
size_t scoot__utf8_chars(const char *s);
/* Lists the kinds for messages ("episode, observation, …"). */
const char *scoot__event_kinds(void);
/* Appends "name: unknown event kind 'kind' (expected …)" to err (may be NULL; name is the
 * field's, "event.kind"), with "; did you mean 'x'?" when a kind is close to it. */
void scoot__event_kind_unknown(scoot_buf *err, const char *name, const char *kind);

/* Validates a cat object (all fields, or only those present when partial) into row (strings
 * borrowed from obj). Appends "prefix.field: message" lines; SCOOT_OK or SCOOT_ECASE. */
int scoot__cat_validate(json_t *obj, int partial, scoot__cat_row *row, scoot_time now,
                        const char *prefix, scoot_buf *err);
/* Refuses a birth date in obj more than 40 years before now's day (on add and edit; an import
 * keeps what an older journal held). SCOOT_OK or SCOOT_ECASE with a "prefix.birth_date" line. */
int scoot__cat_check_birth(json_t *obj, scoot_time now, const char *prefix, scoot_buf *err);
/* The cat row as JSON (caller owns the reference): as shown (id, age as of now, updated), or
 * stored (the values as kept, for the export file that must round-trip). */
json_t *scoot__cat_json(const scoot__cat_row *row, scoot_time now, int stored);
/* The event row as JSON with the cat's name (caller owns). NULL on bad stored data. */
json_t *scoot__event_json(const scoot__event_row *row, const char *cat);

/* UTC ISO 8601 of t. */
void scoot__iso(scoot_time t, char *buf, size_t n);

/* Appends json to out (compact); SCOOT_OK or SCOOT_ENOMEM. Does not steal. */
int scoot__dump(json_t *json, scoot_buf *out);

#endif
