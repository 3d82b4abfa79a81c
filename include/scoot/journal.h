/* journal.h: a health journal per cat (profiles, episodes, stool, weight, pain, care,
 * medicines, vet visits, assessments) that feeds the engine and keeps the care schedule.
 * Records go in and out as JSON text (the same shapes as the export file and the HTTP API).
 * Every write is one transaction, durable when the call returns. */
#ifndef SCOOT_JOURNAL_H
#define SCOOT_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

#include "scoot/buf.h"
#include "scoot/engine.h"
#include "scoot/kb.h"
#include "scoot/time.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct scoot_journal scoot_journal;

/* The database path: $SCOOT_DB, else $XDG_DATA_HOME/scoot/scoot.db, else
 * $HOME/.local/share/scoot/scoot.db. Appended to out. */
int scoot_journal_default_path(scoot_buf *out);

/*
 * Opens (creating, or upgrading in place) the journal at path with the built-in SQLite
 * backend, and creates the directory above it if needed. The upgrade to schema 3 (names
 * compared by NFKC_Casefold) keeps two cats whose names become one: the later one is found by
 * its exact name only until it is renamed, and scoot_journal_check names the pair. kb is used to check finding and care
 * ids and to run assessments; it must outlive the journal. Caller closes with
 * scoot_journal_close. SCOOT_EIO with a message in err when the file cannot be used.
 */
int scoot_journal_open(const char *path, const scoot_kb *kb, scoot_journal **out,
                       scoot_buf *err);
/* How a journal is opened. */
typedef enum {
    SCOOT_JOURNAL_CREATE = 0, /* read and write; the file and its folder are made if missing */
    SCOOT_JOURNAL_READ = 1,   /* read only: nothing is created or written; SCOOT_ENOENT with a
                               * message when there is no file at path. A file that cannot be
                               * written (chmod 444, a read-only folder) is read as it is. */
    SCOOT_JOURNAL_WRITE = 2   /* read and write a journal that exists (SCOOT_ENOENT if none) */
} scoot_journal_mode;

/* scoot_journal_open with a mode. In SCOOT_JOURNAL_READ every write fails with SCOOT_EIO. */
/* The journal target as messages may show it: a URI's password (scheme://user:PASSWORD@host)
 * as "***"; a file's path as it is. Always NUL-terminated in out (n > 0). */
void scoot_journal_target_shown(const char *target, char *out, size_t n);
int scoot_journal_open_mode(const char *path, const scoot_kb *kb, scoot_journal_mode mode,
                            scoot_journal **out, scoot_buf *err);

/* scoot_journal_close(NULL) does nothing. */
void scoot_journal_close(scoot_journal *j);

/* The schema version of the open file. */
int scoot_journal_schema_version(const scoot_journal *j);

/*
 * Cats. A cat is a JSON object: {"name", "birth_date" (YYYY-MM-DD), "age_years", "sex"
 * ("male"/"female"), "neutered" (bool), "coat" ("short"/"long"), "breed", "weight_kg",
 * "body_condition_9pt" (1..9)}; only name is required. A name is kept in NFC with the white
 * space at its ends trimmed, and names are unique as compared by NFKC_Casefold ("Mïmì" is
 * "MÏMÌ"); a name empty once trimmed or holding a control, format, separator, direction or
 * invisible character is refused. Free text (breed, and an event's note and text fields) may
 * hold tabs and line feeds but no other control character.
 * Errors name the field: "cat.sex: expected \"male\" or \"female\", found \"tom\"".
 */
int scoot_journal_cat_add(scoot_journal *j, const char *json, int64_t *id, scoot_buf *err);
/* Changes the fields given in json (null clears one); "name" renames. */
int scoot_journal_cat_edit(scoot_journal *j, const char *name, const char *json, scoot_buf *err);
/* Removes the cat and all its events. SCOOT_ENOENT for an unknown name. */
int scoot_journal_cat_remove(scoot_journal *j, const char *name, scoot_buf *err);
/* Appends the cat as JSON (with "id" and "age_years" as of now). SCOOT_ENOENT if unknown. */
int scoot_journal_cat_get(scoot_journal *j, const char *name, scoot_buf *out, scoot_buf *err);
/* Appends a JSON array of all cats, by name. */
int scoot_journal_cat_list(scoot_journal *j, scoot_buf *out, scoot_buf *err);

/* The event kinds, as a list for people: "episode, observation, ..., assessment". */
const char *scoot_journal_event_kinds(void);

/* Event kinds and their data fields (all optional unless marked):
 *   episode      amount spot|smear|puddle, look [brown|grey|yellow|bloody|pus], context
 *                fright|rest|after_stool|other, where (text)
 *   observation  finding (a finding id of the KB, required), value (true/false or a number)
 *   stool        score (required), chart purina (1..7, default) | royal_canin (1..5)
 *   weight       kg (required, 0.2..20)
 *   bcs          score (required, 1..9)
 *   pain         ears, eyes, muzzle, whiskers, head (0..2, or null: not visible); score is
 *                computed (Feline Grimace Scale, 0..10)
 *   care         care (a care id of the KB, required), minutes, tolerated well|fair|poorly|refused
 *   medicine     name (required), dose (text), times_per_day (required), days (required),
 *                start (YYYY-MM-DD, default the event's day)
 *   dose         course (the medicine event's id, required), given (bool, default true)
 *   vet_visit    clinic, found, diagnosis, treatment (texts), recheck (YYYY-MM-DD: the recheck
 *                it books, from the visit's local day to a year after it), recheck_done (bool:
 *                this visit was the recheck booked before), diagnosis_ids (cause or group ids
 *                of the KB, e.g. ["abscess"])
 *   assessment   case, result (JSON objects), kb_id, kb_version (texts) — written by
 *                scoot_journal_assess
 * t is the event's time; more than a day in the future is refused. Text limits count
 * characters (UTF-8 code points), not bytes.
 */
int scoot_journal_event_add(scoot_journal *j, const char *cat, const char *kind, scoot_time t,
                            const char *data_json, const char *note, int64_t *id,
                            scoot_buf *err);
/* Edits event id: t (NULL keeps it), data fields given in data_json (NULL keeps all; null
 * removes a field), note (NULL keeps it, "" clears it). The result is validated as a whole. */
int scoot_journal_event_edit(scoot_journal *j, int64_t id, const scoot_time *t,
                             const char *data_json, const char *note, scoot_buf *err);
int scoot_journal_event_delete(scoot_journal *j, int64_t id, scoot_buf *err);
/* Appends one event as JSON {"id","cat","kind","t","data","note"}. */
int scoot_journal_event_get(scoot_journal *j, int64_t id, scoot_buf *out, scoot_buf *err);

/* A read-only view of an event passed to scan callbacks; borrowed for the call. */
typedef struct {
    int64_t id;
    scoot_time t;
    const char *kind;
    const char *data; /* JSON object */
    const char *note; /* may be NULL */
    scoot_event_kind kind_id; /* the tag: which of the table's kinds kind is */
} scoot_event;
typedef int (*scoot_event_fn)(void *ud, const scoot_event *e);

/* Calls fn for the cat's events with since <= t < until (kind NULL: all), oldest first.
 * A nonzero return from fn stops the scan and is returned. SCOOT_EUNKNOWN for a kind that is
 * not one of scoot_journal_event_kinds (the message lists them, and says "did you mean" the
 * closest when one is near). */
int scoot_journal_scan(scoot_journal *j, const char *cat, scoot_time since, scoot_time until,
                       const char *kind, scoot_event_fn fn, void *ud, scoot_buf *err);

/* A position in a cat's events, which are in the order of their time t, then of their id: a
 * page of them ends at one and the next page begins after it. A small value. */
typedef struct {
    scoot_time t;
    int64_t id;
} scoot_event_key;

/*
 * A page of the cat's events with since <= t < until (kind NULL: all): at most limit of them
 * (<= 0: all), those after the key after (NULL: from the first), oldest first, or newest first
 * when newest_first is set (then "after" is before in time). The cost follows the page, not the
 * cat's history: pass the key of a page's last event as the next page's after, and every event
 * is given exactly once across pages, however many share a time, even when events are added or
 * deleted in between (an event added before the key is not given; one deleted is not). fn and
 * its stopping as for scoot_journal_scan; errors as for scoot_journal_scan.
 */
int scoot_journal_scan_page(scoot_journal *j, const char *cat, scoot_time since, scoot_time until,
                            const char *kind, const scoot_event_key *after, int newest_first,
                            long limit, scoot_event_fn fn, void *ud, scoot_buf *err);

/*
 * Sets what the journal knows about the cat in c as of now: the profile (age, sex, neutered,
 * coat, body condition, weight), and the facts that the KB's `journal` and `observations`
 * blocks take from the cat's entries (docs/kb-language.md; in the built-in KB: episodes in the
 * last 30 and 90 days, days since onset, repeated discharge, blood or pus in a recent leak, the
 * latest fecal score and days of soft stool, weight gain or loss, a past abscess from vet
 * visits, the latest pain score, findings observed in the last days, how long "not eating" has
 * been seen). Facts already known in c are kept. Appends to explain (may be NULL) one line per
 * fact set, with the block's `because` text: "episodes_last_30_days = 2 (2 logged in the last
 * 30 days)".
 */
int scoot_journal_derive(scoot_journal *j, const char *cat, scoot_time now, scoot_case *c,
                         scoot_buf *explain, scoot_buf *err);

/*
 * What the journal says of the cat that calls for a vet, as of now: the triage rules at
 * vet_soon or urgent that fire on what the journal knows (scoot_journal_derive), and that some
 * entries bring: a rule that fires only with them (a second leak: "repeated"), or that they
 * make fire by themselves (a pain score of 4 or more, blood in a leak) when the profile alone
 * does not. The entries are:
 * - with event > 0, that entry of the cat, just logged or edited (kinds the derivation does
 *   not read, such as care or a medicine dose, bring nothing, and neither does an entry timed
 *   before the cat's last vet visit: the vet has seen the cat since);
 * - with event 0, what came since the cat was last looked at: the entries logged after its
 *   last assessment and timed after its last vet visit (all of them, if it has neither).
 * Appends a JSON array of those at the highest level among them (as a result's reasons are),
 * in that form: [{"rule","level","text","sources"}], [] when nothing calls for a vet; on
 * failure out is left as it was. SCOOT_ENOENT for an unknown cat, or an event that is not one of the cat's;
 * SCOOT_EINVAL for a negative event; SCOOT_EIO, SCOOT_ENOMEM. It reads the last 90 days of
 * the journal once (as scoot_journal_derive does) and assesses four cases.
 */
int scoot_journal_concerns(scoot_journal *j, const char *cat, scoot_time now, int64_t event,
                           scoot_buf *out, scoot_buf *err);
/* What entry event (> 0) brings into brought (as scoot_journal_concerns), and what is open into
 * open, in one read of the journal: the rules at vet_soon or urgent that fire on it now, but
 * those that fired on it as it stood at the cat's last vet visit (the vet has seen to them)
 * unless the entries timed after the visit bring them again (the same form, the highest level
 * among them). A check does not close what is open: it may not have been acted on. Either
 * both are appended or neither. cat NULL: the entry's own cat. */
int scoot_journal_entry_concerns(scoot_journal *j, const char *cat, scoot_time now, int64_t event,
                                 scoot_buf *brought, scoot_buf *open, scoot_buf *err);

/* Assesses c for the cat and stores the case, the result JSON and the KB id and version as
 * an assessment event at now; *id receives the event's id. */
int scoot_journal_assess(scoot_journal *j, const char *cat, scoot_time now, const scoot_case *c,
                         scoot_result *r, int64_t *id, scoot_buf *err);

/*
 * The care schedule: the latest assessment's care plan (items with a schedule, from the
 * assessment's day for their number of days; an item without one lasts as long as the plan's
 * longest, or with none until replaced), the active medicine courses, and the recheck a vet
 * visit booked. The plan ends at the first vet visit timed at or after the assessment: from
 * that visit's local day its items are not due (the vet's medicines and recheck are), and
 * scoot_journal_done says so for one of them. Appends a JSON array, for each item active on now's local day (cat NULL:
 * every cat), of {"cat","item","title","kind","planned_today","done_today","remaining_today",
 * "overdue"} and:
 * - kind "care" (item: the care id) and "medicine" (item: its name; "course": the medicine
 *   event's id): "day" of the plan or course, "days" it lasts, "adherence" (0..1);
 * - kind "recheck" (item "recheck"): "recheck" (its date), "days_late" (0 on its day) and
 *   "visit" (the id of the visit that booked it). A recheck is open from its visit until a
 *   later visit is on or after its date, says it was the recheck ("recheck_done"), or books
 *   another; a visit in between leaves it open. It is due from its day, for up to 60 days.
 */
int scoot_journal_due(scoot_journal *j, const char *cat, scoot_time now, scoot_buf *out,
                      scoot_buf *err);
/* Records that item (a care id, a medicine's name or course id, or "recheck") was done at t.
 * The open recheck may be done at any time after the visit that booked it, early too: that
 * logs a vet visit at the same clinic with "recheck_done". SCOOT_ENOENT when the item is not
 * due on t's day, or for "recheck" when none is open (as of now, or of t when later);
 * SCOOT_ERANGE for a recheck done before the visit that booked it. */
int scoot_journal_done(scoot_journal *j, const char *cat, const char *item, scoot_time t,
                       int64_t *id, scoot_buf *err);

/* Appends a summary of the cat as JSON: episodes per week (last 8 weeks), stool and weight
 * trends, the last assessment, the last vet visit ("last_vet_visit": {"id","t","clinic"}), the
 * open recheck ("recheck": {"date","visit","days_until" (from now's local day; negative when
 * late),"clinic"}), open care items and adherence, and what calls for a vet since the last
 * check or visit ("concerns"). */
int scoot_journal_summary(scoot_journal *j, const char *cat, scoot_time now, scoot_buf *out,
                          scoot_buf *err);

/* Export: every cat (or one) with its events. JSON round-trips through import without loss;
 * CSV has one row per event. A record that cannot be read (a damaged journal) fails the export
 * with SCOOT_EDAMAGED and a message that names it: nothing is left out silently. */
int scoot_journal_export_json(scoot_journal *j, const char *cat, scoot_buf *out, scoot_buf *err);
/* CSV (RFC 4180, CRLF): a header, then one row per entry: id, cat, kind, time_utc, time_local,
 * a column for each field of the table of entry kinds (in words: an option's words, a care
 * item's or cause's name, yes/no), then an assessment's level (its words) and leading cause (its
 * name), and the note. */
int scoot_journal_export_csv(scoot_journal *j, const char *cat, scoot_buf *out, scoot_buf *err);
/* Validates the whole export file first, then writes all of it in one transaction (or
 * nothing). Errors name the record and field: "x.json: events[12].data.score: 9 is out of
 * range 1..7". Cats that exist already are refused (SCOOT_EEXIST). */
int scoot_journal_import_json(scoot_journal *j, const char *json, size_t len, const char *name,
                              int *n_cats, int *n_events, scoot_buf *err);
/*
 * Checks the journal: SQLite's integrity check of every page (quick: its quick_check, which
 * skips the indexes' agreement with the tables), its foreign keys, and scoot's own: every row
 * can be read, every stored JSON parses to an object, every event refers to a cat of its
 * household, every cat's name has a key; two cats that a schema upgrade found to have one name
 * (see scoot_journal_open) are named, as a note. Appends one line per problem to report ("event
 * 12 (cat 'Mimi'): its data is not valid JSON: ..."). SCOOT_OK when the journal is sound (notes
 * may be there), SCOOT_EDAMAGED when it is not, or another error (with err) when it cannot be
 * checked.
 */
int scoot_journal_check(scoot_journal *j, int quick, scoot_buf *report, scoot_buf *err);

/* Copies the database to path with SQLite's online backup. */
int scoot_journal_backup(scoot_journal *j, const char *path, scoot_buf *err);

#ifdef __cplusplus
}
#endif
#endif
