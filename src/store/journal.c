/* journal.c: the journal API over a backend: cats, events, scans, assessments, backup. */
#include "../core/setup.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>

#include "../core/alloc_int.h"
#include "../core/text.h"
#include "journal_int.h"
#include "scoot/alloc.h"
#include "scoot/error.h"
#include "scoot/time.h"

void scoot__iso(scoot_time t, char *buf, size_t n)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int scoot__dump(json_t *json, scoot_buf *out)
{
    char *s = json_dumps(json, JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(15));
    if (!s)
        return SCOOT_ENOMEM;
    int rc = scoot_buf_adds(out, s);
    scoot_free(s); /* jansson allocates through scoot's hook */
    return rc;
}

void scoot__j_enter(scoot_journal *j)
{
    if (j->depth++ == 0)
        j->alloc_mark = scoot__alloc_failures();
}

int scoot__j_leave(scoot_journal *j, int rc, scoot_buf *err, size_t err_mark)
{
    if (--j->depth == 0 && rc != SCOOT_ENOMEM && scoot__alloc_failures() != j->alloc_mark) {
        if (err) {
            scoot_buf_truncate(err, err_mark);
            memset(&err->why, 0, sizeof err->why);
            scoot_err(err, SCOOT_ENOMEM, SCOOT_R_NONE, NULL, "out of memory");
        }
        return SCOOT_ENOMEM;
    }
    return rc;
}

int scoot__j_begin(scoot_journal *j)
{
    return j->be->begin(j->db);
}

int scoot__j_commit(scoot_journal *j)
{
    if (j->depth > 0 && scoot__alloc_failures() != j->alloc_mark)
        return SCOOT_ENOMEM;
    return j->be->commit(j->db);
}

int scoot__j_fail(scoot_journal *j, int rc, const char *what, scoot_buf *err)
{
    const char *m = j->be->last_error(j->db);
    scoot_err(err, rc, SCOOT_R_NONE, NULL, "%s: %s", what, m && *m ? m : scoot_strerror(rc));
    return rc;
}

int scoot__cat_find(scoot_journal *j, const char *name, scoot__cat_row *row)
{
    char *norm = NULL;
    int ok = scoot__name_normalize(name, &norm, NULL, 0, NULL);
    if (ok < 0)
        return SCOOT_ENOMEM;
    const char *as = ok ? norm : name;
    char *key = scoot__name_key(as);
    int rc = key ? j->be->cat_find(j->db, j->hh, as, key, row)
                 : scoot__text_ok(name, NULL, 0) ? SCOOT_ENOMEM : SCOOT_ENOENT;
    scoot_free(key);
    scoot_free(norm);
    return rc;
}

int scoot__j_cat(scoot_journal *j, const char *name, scoot__cat_row *row, scoot_buf *err)
{
    int rc = scoot__cat_find(j, name, row);
    if (rc == SCOOT_ENOENT) {
        scoot_err(err, rc, SCOOT_R_NO_CAT, NULL, "no cat named '%s'", name);
        scoot_err_arg(err, SCOOT_R_NO_CAT, name);
    }
    else if (rc)
        scoot__j_fail(j, rc, "reading the cat", err);
    return rc;
}

int scoot_journal_default_path(scoot_buf *out)
{
    const char *p = getenv("SCOOT_DB");
    if (p && *p)
        return scoot_buf_adds(out, p);
    const char *xdg = getenv("XDG_DATA_HOME");
    if (xdg && *xdg)
        return scoot_buf_printf(out, "%s/scoot/scoot.db", xdg);
    const char *home = getenv("HOME");
    return scoot_buf_printf(out, "%s/.local/share/scoot/scoot.db", home && *home ? home : ".");
}

/* mkdir -p of the directory above path. */
static int make_parent(const char *path, scoot_buf *err)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir)
        return SCOOT_OK;
    *slash = '\0';
    for (char *p = dir + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(dir, 0700) != 0 && errno != EEXIST)
            goto fail;
        *p = '/';
    }
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        goto fail;
    return SCOOT_OK;
fail:
    if (err)
        scoot_buf_printf(err, "%s: cannot create the directory: %s\n", dir, strerror(errno));
    return SCOOT_EIO;
}

int scoot__is_pg_target(const char *target)
{
    return !strncmp(target, "postgresql://", 13) || !strncmp(target, "postgres://", 11);
}

const scoot__backend *scoot__backend_for(const char *target)
{
    return scoot__is_pg_target(target) ? &scoot__pg_backend : &scoot__sqlite_backend;
}

int scoot__journal_open_backend_mode(const scoot__backend *be, const char *path,
                                     const scoot_kb *kb, scoot_journal_mode mode,
                                     scoot_journal **out, scoot_buf *err)
{
    *out = NULL;
    int rc;
    if (scoot__is_pg_target(path)) {
        /* a database: the backend says whether a journal is there */
    } else if (mode != SCOOT_JOURNAL_CREATE) {
        struct stat st;
        if (stat(path, &st) != 0) {
            if (err)
                scoot_buf_printf(err, "%s: no journal there (%s); a command that writes, such as "
                                      "'scoot cat add NAME', starts one\n",
                                 path, strerror(errno));
            return SCOOT_ENOENT;
        }
        if (!S_ISREG(st.st_mode)) {
            if (err)
                scoot_buf_printf(err, "%s: not a journal file\n", path);
            return SCOOT_EIO;
        }
        if (st.st_size == 0) {
            /* (SQLite takes an empty file for an empty database, and an upgrade would write
             * a whole journal into it: a command that only reads would change a file) */
            if (err)
                scoot_buf_printf(err,
                                 "%s: an empty file, not a journal; a command that writes, "
                                 "such as 'scoot cat add NAME', starts one\n",
                                 path);
            return SCOOT_ENOENT;
        }
    } else if ((rc = make_parent(path, err)) != SCOOT_OK) {
        return rc;
    }
    scoot_journal *j = scoot_calloc(1, sizeof *j);
    if (!j)
        return SCOOT_ENOMEM;
    j->be = be;
    j->kb = kb;
    j->hh = SCOOT__HOUSEHOLD;
    rc = j->be->open(path, (int)mode, &j->db, err);
    if (rc) {
        scoot_free(j);
        return rc;
    }
    *out = j;
    return SCOOT_OK;
}

int scoot__journal_open_backend(const scoot__backend *be, const char *path, const scoot_kb *kb,
                                scoot_journal **out, scoot_buf *err)
{
    return scoot__journal_open_backend_mode(be, path, kb, SCOOT_JOURNAL_CREATE, out, err);
}

int scoot_journal_open(const char *path, const scoot_kb *kb, scoot_journal **out,
                       scoot_buf *err)
{
    return scoot__journal_open_backend(scoot__backend_for(path), path, kb, out, err);
}

int scoot_journal_open_mode(const char *path, const scoot_kb *kb, scoot_journal_mode mode,
                            scoot_journal **out, scoot_buf *err)
{
    return scoot__journal_open_backend_mode(scoot__backend_for(path), path, kb, mode, out, err);
}

void scoot_journal_close(scoot_journal *j)
{
    if (!j)
        return;
    j->be->close(j->db);
    scoot_free(j);
}

int scoot_journal_schema_version(const scoot_journal *j)
{
    return j->be->schema_version(j->db);
}

/* ---- cats ---- */

/* Parses json into *out: SCOOT_OK; SCOOT_ECASE with where and why in err; SCOOT_ENOMEM when
 * jansson ran out of memory (which is not the text's fault). */
static int parse(const char *json, const char *what, json_t **out, scoot_buf *err)
{
    json_error_t je;
    unsigned long failed = scoot__alloc_failures();
    *out = json_loads(json ? json : "", JSON_REJECT_DUPLICATES, &je);
    if (*out)
        return SCOOT_OK;
    /* (jansson reports running out of memory as a syntax error, or says nothing) */
    if (scoot__alloc_failures() != failed)
        return SCOOT_ENOMEM;
    scoot_err_json(err, what, je.line, je.column, je.text);
    return SCOOT_ECASE;
}

/* The age in years as of now: from the birth date, else the stored age plus time since. */
static double age_now(const scoot__cat_row *row, scoot_time now)
{
    if (row->birth_date) {
        int y, m, d;
        if (scoot_date_parse(row->birth_date, &y, &m, &d, NULL) == SCOOT_OK) {
            double born = (double)scoot_time_local_date(y, m, d, 12);
            double a = ((double)now - born) / (365.2425 * 86400.0);
            return a < 0 ? 0 : floor(a * 10) / 10;
        }
    }
    if (!isnan(row->age_years))
        return floor((row->age_years + ((double)now - (double)row->created) / (365.2425 * 86400.0)) *
                     10) / 10;
    return NAN;
}

json_t *scoot__cat_json(const scoot__cat_row *row, scoot_time now, int stored)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    char iso[32];
    int bad = 0; /* (a value that could not be made: set_new fails, and frees nothing else) */
    if (!stored)
        bad |= json_object_set_new(o, "id", json_integer(row->id));
    bad |= json_object_set_new(o, "name", json_string(row->name));
    if (row->birth_date)
        bad |= json_object_set_new(o, "birth_date", json_string(row->birth_date));
    double age = stored ? row->age_years : age_now(row, now);
    if (!isnan(age))
        bad |= json_object_set_new(o, "age_years", json_real(age));
    if (row->sex)
        bad |= json_object_set_new(o, "sex", json_string(row->sex));
    if (row->neutered >= 0)
        bad |= json_object_set_new(o, "neutered", json_boolean(row->neutered));
    if (row->coat)
        bad |= json_object_set_new(o, "coat", json_string(row->coat));
    if (row->breed)
        bad |= json_object_set_new(o, "breed", json_string(row->breed));
    if (!isnan(row->weight_kg))
        bad |= json_object_set_new(o, "weight_kg", json_real(row->weight_kg));
    if (row->bcs > 0)
        bad |= json_object_set_new(o, "body_condition_9pt", json_integer(row->bcs));
    scoot__iso(row->created, iso, sizeof iso);
    bad |= json_object_set_new(o, "created", json_string(iso));
    if (!stored) {
        scoot__iso(row->updated, iso, sizeof iso);
        bad |= json_object_set_new(o, "updated", json_string(iso));
    }
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* A cat's age comes from its birth date when it has one: an age given beside one (in the same
 * body, or for a cat that has a birth date) would be dropped without a word, so it is refused. */
static int age_conflict(json_t *o, const scoot__cat_row *row, scoot_buf *err)
{
    json_t *age = json_object_get(o, "age_years");
    if (!age || json_is_null(age) || !row->birth_date)
        return SCOOT_OK;
    return scoot_err(err, SCOOT_ECASE, SCOOT_R_NONE, "cat.age_years",
                     "the age is worked out from the birth date (%s); give one or the other (a "
                     "null birth_date clears it)",
                     row->birth_date);
}

static int cat_add_impl(scoot_journal *j, const char *json, int64_t *id, scoot_buf *err)
{
    json_t *o;
    int prc = parse(json, "cat", &o, err);
    if (prc)
        return prc;
    scoot__cat_row row;
    memset(&row, 0, sizeof row);
    row.age_years = NAN;
    row.weight_kg = NAN;
    row.neutered = -1;
    scoot_time now = scoot_time_now();
    row.created = row.updated = now;
    int rc = scoot__cat_validate(o, 0, &row, now, "cat", err);
    if (!rc)
        rc = scoot__cat_check_birth(o, now, "cat", err);
    if (!rc)
        rc = age_conflict(o, &row, err);
    if (!rc && (rc = scoot__j_begin(j)) != SCOOT_OK)
        scoot__j_fail(j, rc, "starting the write", err);
    else if (!rc) {
        scoot__cat_row other;
        char *key = scoot__name_key(row.name);
        row.key = key;
        if (!key) {
            rc = SCOOT_ENOMEM;
        } else if (j->be->cat_find(j->db, j->hh, row.name, key, &other) == SCOOT_OK) {
            rc = scoot_err(err, SCOOT_EEXIST, SCOOT_R_NAME_TAKEN, "cat.name",
                           "there is already a cat named '%s'", other.name);
            scoot_err_arg(err, SCOOT_R_NAME_TAKEN, other.name);
        } else if ((rc = j->be->cat_insert(j->db, j->hh, &row)) != SCOOT_OK) {
            scoot__j_fail(j, rc, "adding the cat", err);
        } else if ((rc = scoot__j_commit(j)) != SCOOT_OK) {
            scoot__j_fail(j, rc, "saving", err);
        }
        if (rc)
            j->be->rollback(j->db);
        scoot_free(key);
    }
    if (!rc && id)
        *id = row.id;
    json_decref(o);
    return rc;
}

/* Copies the borrowed strings of row into o's storage (a JSON object that owns them), so
 * that the row survives further backend calls. */
static int keep_strings(scoot__cat_row *row, json_t *keep)
{
    if (!keep)
        return SCOOT_ENOMEM;
    const char **s[] = {&row->name, &row->birth_date, &row->sex, &row->coat, &row->breed, &row->key};
    for (size_t i = 0; i < SCOOT_ARRAY_LEN(s); i++) {
        if (!*s[i])
            continue;
        /* (storage only: the text is kept as it is, checked or not) */
        json_t *v = json_stringn_nocheck(*s[i], strlen(*s[i]));
        char key[8];
        snprintf(key, sizeof key, "%zu", i);
        if (!v || json_object_set_new(keep, key, v)) /* (set_new frees v when it fails) */
            return SCOOT_ENOMEM;
        *s[i] = json_string_value(v);
    }
    return SCOOT_OK;
}

static int cat_edit_impl(scoot_journal *j, const char *name, const char *json, scoot_buf *err)
{
    json_t *o;
    int prc = parse(json, "cat", &o, err);
    if (prc)
        return prc;
    json_t *keep = json_object();
    int rc = scoot__j_begin(j);
    if (rc) {
        json_decref(o);
        json_decref(keep);
        return scoot__j_fail(j, rc, "starting the write", err);
    }
    scoot__cat_row row;
    char *key = NULL;
    const char *old_name = NULL;
    rc = scoot__j_cat(j, name, &row, err);
    if (!rc)
        rc = keep_strings(&row, keep);
    if (!rc) {
        old_name = row.name;
        scoot_time now = scoot_time_now();
        rc = scoot__cat_validate(o, 1, &row, now, "cat", err);
        if (!rc)
            rc = scoot__cat_check_birth(o, now, "cat", err);
        if (!rc)
            rc = age_conflict(o, &row, err);
        row.updated = now;
        /* a new name has a new key; the name kept keeps its key (even one of its own, that a
         * migration gave it: see sqlite.c) */
        if (!rc && strcmp(row.name, old_name) != 0) {
            scoot__cat_row other;
            int64_t self = row.id;
            if (!(key = scoot__name_key(row.name)))
                rc = SCOOT_ENOMEM;
            else if (j->be->cat_find(j->db, j->hh, row.name, key, &other) == SCOOT_OK &&
                     other.id != self) {
                rc = scoot_err(err, SCOOT_EEXIST, SCOOT_R_NAME_TAKEN, "cat.name",
                               "there is already a cat named '%s'", other.name);
                scoot_err_arg(err, SCOOT_R_NAME_TAKEN, other.name);
            }
            row.key = key;
        }
        if (!rc && (rc = j->be->cat_update(j->db, j->hh, &row)) != SCOOT_OK)
            scoot__j_fail(j, rc, "changing the cat", err);
        if (!rc && (rc = scoot__j_commit(j)) != SCOOT_OK)
            scoot__j_fail(j, rc, "saving", err);
    }
    if (rc)
        j->be->rollback(j->db);
    scoot_free(key);
    json_decref(o);
    json_decref(keep);
    return rc;
}

static int cat_remove_impl(scoot_journal *j, const char *name, scoot_buf *err)
{
    int rc = scoot__j_begin(j);
    if (rc)
        return scoot__j_fail(j, rc, "starting the write", err);
    scoot__cat_row row;
    rc = scoot__j_cat(j, name, &row, err);
    if (!rc && (rc = j->be->cat_delete(j->db, j->hh, row.id)) != SCOOT_OK)
        scoot__j_fail(j, rc, "removing the cat", err);
    if (!rc && (rc = scoot__j_commit(j)) != SCOOT_OK)
        scoot__j_fail(j, rc, "saving", err);
    if (rc)
        j->be->rollback(j->db);
    return rc;
}

static int cat_get_impl(scoot_journal *j, const char *name, scoot_buf *out, scoot_buf *err)
{
    scoot__cat_row row;
    int rc = scoot__j_cat(j, name, &row, err);
    if (rc)
        return rc;
    json_t *o = scoot__cat_json(&row, scoot_time_now(), 0);
    rc = o ? scoot__dump(o, out) : SCOOT_ENOMEM;
    json_decref(o);
    return rc;
}

static int list_cb(void *ud, const scoot__cat_row *row)
{
    json_t *arr = ud;
    json_t *o = scoot__cat_json(row, scoot_time_now(), 0);
    return o && json_array_append_new(arr, o) == 0 ? 0 : SCOOT_ENOMEM;
}

static int cat_list_impl(scoot_journal *j, scoot_buf *out, scoot_buf *err)
{
    json_t *arr = json_array();
    if (!arr)
        return SCOOT_ENOMEM;
    int rc = j->be->cat_scan(j->db, j->hh, list_cb, arr);
    if (rc && rc != SCOOT_ENOMEM)
        scoot__j_fail(j, rc, "listing cats", err);
    if (!rc)
        rc = scoot__dump(arr, out);
    json_decref(arr);
    return rc;
}

/* ---- events ---- */

json_t *scoot__event_json(const scoot__event_row *row, const char *cat)
{
    json_t *data = json_loads(row->data, 0, NULL);
    if (!data)
        return NULL;
    json_t *o = json_object();
    if (!o) {
        json_decref(data);
        return NULL;
    }
    int bad = 0;
    char iso[32];
    scoot__iso(row->t, iso, sizeof iso);
    bad |= json_object_set_new(o, "id", json_integer(row->id));
    if (cat)
        bad |= json_object_set_new(o, "cat", json_string(cat));
    bad |= json_object_set_new(o, "kind", json_string(row->kind));
    bad |= json_object_set_new(o, "t", json_string(iso));
    bad |= json_object_set_new(o, "data", data);
    bad |= json_object_set_new(o, "note", row->note ? json_string(row->note) : json_null());
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* Stores one event whose data is already checked, as text: its own durable write. */
static int event_store(scoot_journal *j, const char *cat, const char *kind, scoot_time t,
                       json_t *data, const char *text, const char *note, int64_t *id,
                       scoot_buf *err)
{
    scoot_time now = scoot_time_now();
    int rc = scoot__j_begin(j);
    if (rc)
        return scoot__j_fail(j, rc, "starting the write", err);
    scoot__cat_row cr;
    rc = scoot__j_cat(j, cat, &cr, err);
    if (!rc && data)
        rc = scoot__event_validate(j, cr.id, kind, data, "event", err);
    if (!rc && data)
        rc = scoot__event_check_time(kind, data, t, "event", err);
    char *dumped = NULL;
    if (!rc && data && !(text = dumped = json_dumps(data, JSON_COMPACT | JSON_REAL_PRECISION(15))))
        rc = SCOOT_ENOMEM;
    scoot__event_row row = {0, cr.id, t, kind, text, note && *note ? note : NULL, now, 0};
    if (!rc && (rc = j->be->event_insert(j->db, j->hh, &row)) != SCOOT_OK)
        scoot__j_fail(j, rc, "adding the event", err);
    if (!rc && (rc = scoot__j_commit(j)) != SCOOT_OK)
        scoot__j_fail(j, rc, "saving", err);
    if (rc)
        j->be->rollback(j->db);
    else if (id)
        *id = row.id;
    scoot_free(dumped);
    return rc;
}

static int event_add_impl(scoot_journal *j, const char *cat, const char *kind, scoot_time t,
                          const char *data_json, const char *note, int64_t *id,
                          scoot_buf *err)
{
    scoot_time now = scoot_time_now();
    if (t > now + SCOOT__MAX_FUTURE) {
        char iso[32];
        scoot__iso(t, iso, sizeof iso);
        return scoot_err(err, SCOOT_ERANGE, SCOOT_R_IN_FUTURE, "event.t",
                         "%s is more than a day in the future", iso);
    }
    if (t < now - SCOOT__MAX_PAST) {
        char iso[32];
        scoot__iso(t, iso, sizeof iso);
        return scoot_err_num(err, SCOOT_ERANGE, SCOOT_R_TOO_OLD, "event.t", SCOOT_WHY_MAX, 0, 0, 40,
                             "%s is more than 40 years ago (a cat's life)", iso);
    }
    int rc = scoot__note_check(note, "event", err);
    if (rc)
        return rc;
    json_t *data;
    rc = parse(data_json ? data_json : "{}", "event.data", &data, err);
    if (rc)
        return rc;
    rc = event_store(j, cat, kind, t, data, NULL, note, id, err);
    json_decref(data);
    return rc;
}

static int event_edit_impl(scoot_journal *j, int64_t id, const scoot_time *t,
                           const char *data_json, const char *note, scoot_buf *err)
{
    json_t *changes = NULL;
    int prc = data_json ? parse(data_json, "event.data", &changes, err) : SCOOT_OK;
    if (prc)
        return prc;
    if (changes && !json_is_object(changes)) {
        scoot_err(err, SCOOT_ECASE, SCOOT_R_NOT_OBJECT, "event.data", "expected an object");
        json_decref(changes);
        return SCOOT_ECASE;
    }
    scoot_time now = scoot_time_now();
    if (t && *t > now + SCOOT__MAX_FUTURE) {
        scoot_err(err, SCOOT_ERANGE, SCOOT_R_IN_FUTURE, "event.t", "more than a day in the future");
        json_decref(changes);
        return SCOOT_ERANGE;
    }
    if (t && *t < now - SCOOT__MAX_PAST) {
        scoot_err_num(err, SCOOT_ERANGE, SCOOT_R_TOO_OLD, "event.t", SCOOT_WHY_MAX, 0, 0, 40,
                      "more than 40 years ago (a cat's life)");
        json_decref(changes);
        return SCOOT_ERANGE;
    }
    int rc = scoot__note_check(note, "event", err);
    if (rc) {
        json_decref(changes);
        return rc;
    }
    rc = scoot__j_begin(j);
    if (rc) {
        json_decref(changes);
        return scoot__j_fail(j, rc, "starting the write", err);
    }
    scoot__event_row row;
    json_t *data = NULL;
    char *text = NULL, *kind = NULL, *old_note = NULL;
    rc = j->be->event_get(j->db, j->hh, id, &row);
    if (rc == SCOOT_ENOENT) {
        scoot_err(err, rc, SCOOT_R_NO_ENTRY, NULL, "no event with id %lld", (long long)id);
    } else if (rc) {
        scoot__j_fail(j, rc, "reading the event", err);
    } else {
        data = json_loads(row.data, 0, NULL);
        kind = scoot_strdup(row.kind);
        old_note = row.note ? scoot_strdup(row.note) : NULL;
        if (!data || !kind)
            rc = SCOOT_ENOMEM;
        if (!rc)
            rc = scoot__event_upgrade(kind, data);
        if (!rc && changes) {
            const char *key;
            json_t *v;
            json_object_foreach(changes, key, v)
            {
                if (json_is_null(v))
                    json_object_del(data, key);
                else if (json_object_set(data, key, v))
                    rc = SCOOT_ENOMEM; /* (a change left out would be saved as made) */
            }
            if (!strcmp(kind, "pain"))
                json_object_del(data, "score"); /* recomputed */
        }
        if (!rc)
            rc = scoot__event_validate(j, row.cat_id, kind, data, "event", err);
        /* (only when the time or the recheck changes: an entry imported from an older journal,
         * or logged under another time zone, keeps its note editable) */
        if (!rc && (t || (changes && json_object_get(changes, "recheck"))))
            rc = scoot__event_check_time(kind, data, t ? *t : row.t, "event", err);
        if (!rc && !(text = json_dumps(data, JSON_COMPACT | JSON_REAL_PRECISION(15))))
            rc = SCOOT_ENOMEM;
        if (!rc) {
            row.kind = kind;
            row.data = text;
            row.note = note ? (*note ? note : NULL) : old_note;
            if (t)
                row.t = *t;
            row.updated = now;
            if ((rc = j->be->event_update(j->db, j->hh, &row)) != SCOOT_OK)
                scoot__j_fail(j, rc, "changing the event", err);
        }
        if (!rc && (rc = scoot__j_commit(j)) != SCOOT_OK)
            scoot__j_fail(j, rc, "saving", err);
    }
    if (rc)
        j->be->rollback(j->db);
    scoot_free(text);
    scoot_free(kind);
    scoot_free(old_note);
    json_decref(data);
    json_decref(changes);
    return rc;
}

static int event_delete_impl(scoot_journal *j, int64_t id, scoot_buf *err)
{
    int rc = scoot__j_begin(j);
    if (rc)
        return scoot__j_fail(j, rc, "starting the write", err);
    rc = j->be->event_delete(j->db, j->hh, id);
    if (rc == SCOOT_ENOENT)
        scoot_err(err, rc, SCOOT_R_NO_ENTRY, NULL, "no event with id %lld", (long long)id);
    else if (rc)
        scoot__j_fail(j, rc, "deleting the event", err);
    if (!rc && (rc = scoot__j_commit(j)) != SCOOT_OK)
        scoot__j_fail(j, rc, "saving", err);
    if (rc)
        j->be->rollback(j->db);
    return rc;
}

static int event_get_impl(scoot_journal *j, int64_t id, scoot_buf *out, scoot_buf *err)
{
    scoot__event_row row;
    int rc = j->be->event_get(j->db, j->hh, id, &row);
    if (rc == SCOOT_ENOENT)
        return scoot_err(err, rc, SCOOT_R_NO_ENTRY, NULL, "no event with id %lld", (long long)id);
    if (rc)
        return scoot__j_fail(j, rc, "reading the event", err);
    json_t *o = scoot__event_json(&row, NULL);
    int64_t cat_id = row.cat_id;
    scoot__cat_row cr;
    if (o && j->be->cat_get(j->db, j->hh, cat_id, &cr) == SCOOT_OK &&
        json_object_set_new(o, "cat", json_string(cr.name))) {
        json_decref(o);
        o = NULL;
    }
    rc = o ? scoot__dump(o, out) : SCOOT_ENOMEM;
    json_decref(o);
    return rc;
}

typedef struct {
    scoot_event_fn fn;
    void *ud;
} scan_ctx;

static int scan_cb(void *ud, const scoot__event_row *row)
{
    scan_ctx *s = ud;
    scoot_event e = {row->id, row->t, row->kind, row->data, row->note,
                     (scoot_event_kind)scoot_event_kind_find(row->kind)};
    assert(e.kind_id >= 0); /* the store holds only the table's kinds */
    return s->fn(s->ud, &e);
}

const char *scoot_journal_event_kinds(void)
{
    return scoot__event_kinds();
}

/* paged: after, newest_first and limit; else every event of the window, oldest first (one
 * page without a key or a limit) */
static int scan_impl(scoot_journal *j, const char *cat, scoot_time since, scoot_time until,
                     const char *kind, int paged, const scoot_event_key *after, int newest_first,
                     long limit, scoot_event_fn fn, void *ud, scoot_buf *err)
{
    if (kind && !scoot__event_kind_ok(kind)) {
        scoot__event_kind_unknown(err, "kind", kind);
        return SCOOT_EUNKNOWN;
    }
    scoot__cat_row row;
    int rc = scoot__j_cat(j, cat, &row, err);
    if (rc)
        return rc;
    scan_ctx s = {fn, ud};
    if (!paged) {
        after = NULL;
        newest_first = 0;
        limit = 0;
    }
    rc = j->be->event_page(j->db, j->hh, row.id, since, until, kind, after, newest_first, limit,
                           scan_cb, &s);
    if (rc < 0 && rc != SCOOT_ENOMEM && err && !err->len)
        scoot__j_fail(j, rc, "reading events", err);
    return rc;
}

/* The assessment entry is written as the engine's own JSON texts put together, with no parse
 * or dump between: {"case": …, "result": …, "kb_id": …, "kb_version": …}. */
static int assess_impl(scoot_journal *j, const char *cat, scoot_time now, const scoot_case *c,
                       scoot_result *r, int64_t *id, scoot_buf *err)
{
    int rc = scoot_assess(j->kb, c, r);
    if (rc)
        return rc;
    scoot_buf d;
    scoot_buf_init(&d, 0);
    rc = scoot_buf_adds(&d, "{\"case\":");
    if (!rc)
        rc = scoot_case_to_json(c, &d);
    if (!rc)
        rc = scoot_buf_adds(&d, ",\"result\":");
    if (!rc)
        rc = scoot_result_to_json(r, &d);
    if (!rc)
        rc = scoot_buf_adds(&d, ",\"kb_id\":");
    if (!rc)
        rc = scoot_buf_add_json_str(&d, scoot_kb_id(j->kb));
    if (!rc)
        rc = scoot_buf_adds(&d, ",\"kb_version\":");
    if (!rc)
        rc = scoot_buf_add_json_str(&d, scoot_kb_version(j->kb));
    if (!rc)
        rc = scoot_buf_addc(&d, '}');
    if (!rc && now > scoot_time_now() + SCOOT__MAX_FUTURE)
        rc = scoot_err(err, SCOOT_ERANGE, SCOOT_R_IN_FUTURE, "event.t",
                       "more than a day in the future");
    else if (!rc)
        rc = event_store(j, cat, "assessment", now, NULL, d.data, NULL, id, err);
    scoot_buf_free(&d);
    return rc;
}

static int check_impl(scoot_journal *j, int quick, scoot_buf *report, scoot_buf *err)
{
    int rc = j->be->check(j->db, quick, report);
    if (rc && rc != SCOOT_EDAMAGED)
        scoot__j_fail(j, rc, "checking the journal", err);
    return rc;
}

static int backup_impl(scoot_journal *j, const char *path, scoot_buf *err)
{
    return j->be->backup(j->db, path, err);
}

int scoot_journal_cat_add(scoot_journal *j, const char *json, int64_t *id, scoot_buf *err)
{
    SCOOT__GUARDED(j, err, cat_add_impl(j, json, id, err));
}

int scoot_journal_cat_edit(scoot_journal *j, const char *name, const char *json, scoot_buf *err)
{
    SCOOT__GUARDED(j, err, cat_edit_impl(j, name, json, err));
}

int scoot_journal_cat_remove(scoot_journal *j, const char *name, scoot_buf *err)
{
    SCOOT__GUARDED(j, err, cat_remove_impl(j, name, err));
}

int scoot_journal_cat_get(scoot_journal *j, const char *name, scoot_buf *out, scoot_buf *err)
{
    SCOOT__GUARDED(j, err, cat_get_impl(j, name, out, err));
}

int scoot_journal_cat_list(scoot_journal *j, scoot_buf *out, scoot_buf *err)
{
    SCOOT__GUARDED(j, err, cat_list_impl(j, out, err));
}

int scoot_journal_event_add(scoot_journal *j, const char *cat, const char *kind, scoot_time t,
                            const char *data_json, const char *note, int64_t *id,
                            scoot_buf *err)
{
    SCOOT__GUARDED(j, err, event_add_impl(j, cat, kind, t, data_json, note, id, err));
}

int scoot_journal_event_edit(scoot_journal *j, int64_t id, const scoot_time *t,
                             const char *data_json, const char *note, scoot_buf *err)
{
    SCOOT__GUARDED(j, err, event_edit_impl(j, id, t, data_json, note, err));
}

int scoot_journal_event_delete(scoot_journal *j, int64_t id, scoot_buf *err)
{
    SCOOT__GUARDED(j, err, event_delete_impl(j, id, err));
}

int scoot_journal_event_get(scoot_journal *j, int64_t id, scoot_buf *out, scoot_buf *err)
{
    SCOOT__GUARDED(j, err, event_get_impl(j, id, out, err));
}

int scoot_journal_scan(scoot_journal *j, const char *cat, scoot_time since, scoot_time until,
                       const char *kind, scoot_event_fn fn, void *ud, scoot_buf *err)
{
    SCOOT__GUARDED(j, err, scan_impl(j, cat, since, until, kind, 0, NULL, 0, 0, fn, ud, err));
}

int scoot_journal_scan_page(scoot_journal *j, const char *cat, scoot_time since, scoot_time until,
                            const char *kind, const scoot_event_key *after, int newest_first,
                            long limit, scoot_event_fn fn, void *ud, scoot_buf *err)
{
    SCOOT__GUARDED(j, err, scan_impl(j, cat, since, until, kind, 1, after, newest_first, limit, fn,
                                     ud, err));
}

int scoot_journal_assess(scoot_journal *j, const char *cat, scoot_time now, const scoot_case *c,
                         scoot_result *r, int64_t *id, scoot_buf *err)
{
    SCOOT__GUARDED(j, err, assess_impl(j, cat, now, c, r, id, err));
}

int scoot_journal_check(scoot_journal *j, int quick, scoot_buf *report, scoot_buf *err)
{
    SCOOT__GUARDED(j, err, check_impl(j, quick, report, err));
}

int scoot_journal_backup(scoot_journal *j, const char *path, scoot_buf *err)
{
    SCOOT__GUARDED(j, err, backup_impl(j, path, err));
}

void scoot_journal_target_shown(const char *target, char *out, size_t n)
{
    const char *scheme = strstr(target, "://");
    const char *user = scheme ? scheme + 3 : NULL;
    const char *at = user ? strchr(user, '@') : NULL;
    const char *colon = user ? strchr(user, ':') : NULL;
    if (at && colon && colon < at)
        snprintf(out, n, "%.*s***%s", (int)(colon + 1 - target), target, at);
    else
        snprintf(out, n, "%s", target);
}
