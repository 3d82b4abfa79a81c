/* image.c: a compiled KB as a relocatable image, so that the built-in KB starts without being
 * parsed: written at build time (tools/kbimage.c), loaded with one copy and pointer fix-ups.
 *
 * An image is a header, a body and a relocation table. The body holds the KB struct at
 * offset 0 and, after it, everything the KB points to, each pointer replaced by the offset of
 * its target in the body; the table lists the offsets of those pointer slots (uint32_t).
 * Loading copies the body into one arena block of the new KB and adds the block's address to
 * every slot of the table. The image itself stays read-only data; the loaded KB is the same
 * immutable KB that compiling the text gives.
 *
 * The writer knows every pointer of the KB's structs. A struct that grows a field fails the
 * size checks below (on LP64) until the writer knows of it: a pointer it missed would point
 * into the build tool's memory. tests/unit/test_kb.c checks that an image and the text give
 * the same KB (its JSON, its text, every golden case's result).
 */
#include "../core/setup.h"

#include <limits.h>
#include <stdalign.h>
#include <stddef.h>

#include "entries.h"
#include "kb_int.h"
#include "scoot/alloc.h"
#include "scoot/error.h"

#define IMAGE_MAGIC "scootKB"
#define IMAGE_FORMAT 1u
#define IMAGE_ALIGN 64 /* the fact lookup table is cache-line aligned */

/* The structs an image holds, with their sizes on LP64 when the writer was last brought up to
 * date: a new field (above all a pointer) must be copied by scoot__kb_image_write. */
#define IMAGE_STRUCTS(X)                                                                       \
    X(scoot_kb, 784)                                                                           \
    X(scoot__level, 32)                                                                        \
    X(scoot__source, 40)                                                                       \
    X(scoot__fact, 160)                                                                        \
    X(scoot__unit, 32)                                                                         \
    X(scoot__scale, 72)                                                                        \
    X(scoot__define, 24)                                                                       \
    X(scoot__group, 40)                                                                        \
    X(scoot__evidence, 32)                                                                     \
    X(scoot__cause, 104)                                                                       \
    X(scoot__rule, 56)                                                                         \
    X(scoot__unless, 16)                                                                       \
    X(scoot__care, 104)                                                                        \
    X(scoot__checkitem, 32)                                                                    \
    X(scoot__checklist, 40)                                                                    \
    X(scoot__jcond, 48)                                                                        \
    X(scoot__jtext, 16)                                                                        \
    X(scoot__jfrom, 40)                                                                        \
    X(scoot__jkindtext, 32)                                                                    \
    X(scoot__jhold, 24)                                                                        \
    X(scoot__notice, 32)                                                                       \
    X(scoot__journal, 312)                                                                     \
    X(scoot__srcs, 16)                                                                         \
    X(scoot__fast, 344)                                                                        \
    X(scoot__litindex, 32)                                                                     \
    X(scoot__fkey, 64)                                                                         \
    X(scoot__insn, 16)                                                                         \
    X(scoot__atom, 16)                                                                         \
    X(scoot__node, 32)                                                                         \
    X(scoot__mword, 16)                                                                        \
    X(scoot__test, 16)                                                                         \
    X(scoot__cfast, 16)                                                                        \
    X(scoot__redflag, 8)                                                                       \
    X(scoot__factbit, 16)

#if UINTPTR_MAX == UINT64_MAX && INT_MAX == 2147483647
#define SIZE_CHECK(T, n)                                                                       \
    _Static_assert(sizeof(T) == (n), #T " changed: copy its new fields in image.c (writer), "  \
                                        "then update its size there");
IMAGE_STRUCTS(SIZE_CHECK)
#endif

typedef struct {
    char magic[8];
    uint32_t format;
    uint32_t byte_order; /* 0x01020304 as written */
    uint64_t layout;     /* layout_stamp() of the build that wrote it */
    uint64_t body_len;
    uint64_t n_rel;
} image_header;

/* A fingerprint of the layout an image depends on: the sizes of its structs, of a pointer, and
 * the number of entry kinds (the journal plan's arrays). */
static uint64_t layout_stamp(void)
{
    uint64_t h = 0xcbf29ce484222325u;
#define STAMP(T, n) h = (h ^ sizeof(T)) * 0x100000001b3u;
    IMAGE_STRUCTS(STAMP)
#undef STAMP
    h = (h ^ sizeof(void *)) * 0x100000001b3u;
    h = (h ^ (uint64_t)scoot__n_ekinds) * 0x100000001b3u;
    return h;
}

/* ---- writing ---- */

typedef struct {
    scoot_buf body, rel;
    /* what has been copied already (strings, conditions): source address -> body offset */
    const void **mkey;
    size_t *mval, mcap, mn;
    int err;
} writer;

/* Appends n bytes of src at an offset aligned to align; returns the offset. */
static size_t put(writer *w, const void *src, size_t n, size_t align)
{
    static const unsigned char zeros[IMAGE_ALIGN];
    size_t pad = (align - w->body.len % align) % align;
    int rc = pad ? scoot_buf_add(&w->body, zeros, pad) : SCOOT_OK;
    if (!rc && n)
        rc = scoot_buf_add(&w->body, src, n);
    if (rc && !w->err)
        w->err = rc;
    return w->err ? 0 : w->body.len - n;
}

/* Makes the pointer slot at offset slot point to offset target. */
static void set_ptr(writer *w, size_t slot, size_t target)
{
    if (w->err)
        return;
    if (slot > UINT32_MAX - sizeof(void *)) {
        w->err = SCOOT_ETOOBIG;
        return;
    }
    uintptr_t t = (uintptr_t)target;
    memcpy(w->body.data + slot, &t, sizeof t);
    uint32_t s = (uint32_t)slot;
    int rc = scoot_buf_add(&w->rel, &s, sizeof s);
    if (rc)
        w->err = rc;
}

static int memo_get(const writer *w, const void *p, size_t *off)
{
    if (!w->mcap)
        return 0;
    for (size_t h = ((uintptr_t)p >> 3) * 0x9e3779b97f4a7c15u & (w->mcap - 1); w->mkey[h];
         h = (h + 1) & (w->mcap - 1))
        if (w->mkey[h] == p) {
            *off = w->mval[h];
            return 1;
        }
    return 0;
}

static void memo_put(writer *w, const void *p, size_t off)
{
    if (w->err)
        return;
    if (2 * (w->mn + 1) > w->mcap) {
        size_t cap = w->mcap ? 2 * w->mcap : 1024;
        const void **k = scoot_calloc(cap, sizeof *k);
        size_t *v = scoot_calloc(cap, sizeof *v);
        if (!k || !v) {
            scoot_free(k);
            scoot_free(v);
            w->err = SCOOT_ENOMEM;
            return;
        }
        for (size_t i = 0; i < w->mcap; i++)
            if (w->mkey[i]) {
                size_t h = ((uintptr_t)w->mkey[i] >> 3) * 0x9e3779b97f4a7c15u & (cap - 1);
                while (k[h])
                    h = (h + 1) & (cap - 1);
                k[h] = w->mkey[i];
                v[h] = w->mval[i];
            }
        scoot_free(w->mkey);
        scoot_free(w->mval);
        w->mkey = k;
        w->mval = v;
        w->mcap = cap;
    }
    size_t h = ((uintptr_t)p >> 3) * 0x9e3779b97f4a7c15u & (w->mcap - 1);
    while (w->mkey[h])
        h = (h + 1) & (w->mcap - 1);
    w->mkey[h] = p;
    w->mval[h] = off;
    w->mn++;
}

/* A string (each copied once, so that pointers equal in the KB stay equal). */
static void str(writer *w, size_t slot, const char *s)
{
    if (!s || w->err)
        return;
    size_t off;
    if (!memo_get(w, s, &off)) {
        off = put(w, s, strlen(s) + 1, 1);
        memo_put(w, s, off);
    }
    set_ptr(w, slot, off);
}

/* An array of n elements of elem bytes with no pointers in them; returns its offset. */
static size_t arr(writer *w, size_t slot, const void *p, size_t n, size_t elem, size_t align)
{
    if (!p || w->err)
        return 0;
    size_t off = put(w, p, n * elem, align);
    set_ptr(w, slot, off);
    return off;
}
#define ARR(slot, p, n) arr(w, (slot), (p), (size_t)(n), sizeof *(p), 16)

/* An array of n strings. */
static void strs(writer *w, size_t slot, const char *const *v, int n)
{
    size_t off = ARR(slot, v, n);
    for (int i = 0; v && i < n; i++)
        str(w, off + (size_t)i * sizeof *v, v[i]);
}

/* A journal condition tree (each node copied once). */
static void jcond(writer *w, size_t slot, const scoot__jcond *c)
{
    if (!c || w->err)
        return;
    size_t off;
    if (!memo_get(w, c, &off)) {
        off = put(w, c, sizeof *c, alignof(scoot__jcond));
        memo_put(w, c, off);
        str(w, off + offsetof(scoot__jcond, field), c->field);
        str(w, off + offsetof(scoot__jcond, word), c->word);
        jcond(w, off + offsetof(scoot__jcond, l), c->l);
        jcond(w, off + offsetof(scoot__jcond, r), c->r);
    }
    set_ptr(w, slot, off);
}

/* The slot of field f of element i of an array of T at offset base. */
#define AT(base, T, i, f) ((base) + (size_t)(i) * sizeof(T) + offsetof(T, f))
#define KB(f) offsetof(scoot_kb, f)
#define FX(f) (offsetof(scoot_kb, fx) + offsetof(scoot__fast, f))

static void srcs(writer *w, size_t slot, const scoot__srcs *s)
{
    ARR(slot + offsetof(scoot__srcs, idx), s->idx, s->n);
}

static void litindex(writer *w, size_t slot, const scoot__litindex *ix, int n_lwords)
{
    size_t n_first = (size_t)n_lwords * 64 + 1;
    ARR(slot + offsetof(scoot__litindex, lits), ix->lits, n_lwords);
    ARR(slot + offsetof(scoot__litindex, first), ix->first, n_first);
    if (ix->first)
        ARR(slot + offsetof(scoot__litindex, list), ix->list, ix->first[n_first - 1]);
}

static void write_journal(writer *w, const scoot_kb *kb)
{
    size_t base = ARR(KB(journal), kb->journal, kb->n_journal);
    for (int i = 0; kb->journal && i < kb->n_journal; i++) {
        const scoot__journal *jd = &kb->journal[i];
#define J(f) AT(base, scoot__journal, i, f)
        str(w, J(fact_name), jd->fact_name);
        size_t fo = ARR(J(from), jd->from, jd->n_from);
        for (int k = 0; jd->from && k < jd->n_from; k++) {
            str(w, AT(fo, scoot__jfrom, k, kind), jd->from[k].kind);
            jcond(w, AT(fo, scoot__jfrom, k, where), jd->from[k].where);
            str(w, AT(fo, scoot__jfrom, k, because.text), jd->from[k].because.text);
        }
        jcond(w, J(take), jd->take);
        str(w, J(field), jd->field);
        str(w, J(profile_name), jd->profile_name);
        jcond(w, J(when), jd->when);
        jcond(w, J(yes_if), jd->yes_if);
        str(w, J(needs.kind), jd->needs.kind);
        jcond(w, J(needs.where), jd->needs.where);
        str(w, J(needs.because.text), jd->needs.because.text);
        str(w, J(because.text), jd->because.text);
        str(w, J(because_yes.text), jd->because_yes.text);
        str(w, J(because_no.text), jd->because_no.text);
        size_t ko = ARR(J(kind_because), jd->kind_because, jd->n_kind_because);
        for (int k = 0; jd->kind_because && k < jd->n_kind_because; k++) {
            str(w, AT(ko, scoot__jkindtext, k, kind), jd->kind_because[k].kind);
            str(w, AT(ko, scoot__jkindtext, k, text.text), jd->kind_because[k].text.text);
        }
        ARR(J(hold), jd->hold, kb->n_facts);
        size_t ho = ARR(J(holds), jd->holds, jd->n_holds);
        for (int k = 0; jd->holds && k < jd->n_holds; k++)
            str(w, AT(ho, scoot__jhold, k, fact), jd->holds[k].fact);
        size_t no = ARR(J(notice), jd->notice, jd->n_notice);
        for (int k = 0; jd->notice && k < jd->n_notice; k++) {
            str(w, AT(no, scoot__notice, k, name), jd->notice[k].name);
            str(w, AT(no, scoot__notice, k, text), jd->notice[k].text);
        }
        srcs(w, J(src), &jd->src);
#undef J
    }
    int nk = scoot__n_ekinds;
    ARR(KB(jdefs_first), kb->jdefs_first, nk + 1);
    if (kb->jdefs_first)
        ARR(KB(jdefs), kb->jdefs, kb->jdefs_first[nk]);
    ARR(KB(jkind_any_age), kb->jkind_any_age, nk);
}

static void write_fast(writer *w, const scoot_kb *kb)
{
    const scoot__fast *fx = &kb->fx;
    int nl = fx->n_lwords;
    ARR(FX(atoms), fx->atoms, fx->n_atoms);
    ARR(FX(tmpl_lt), fx->tmpl_lt, nl);
    ARR(FX(tmpl_lf), fx->tmpl_lf, nl);
    ARR(FX(fact_bits_first), fx->fact_bits_first, kb->n_facts + 1);
    if (fx->fact_bits_first)
        ARR(FX(fact_bits), fx->fact_bits, fx->fact_bits_first[kb->n_facts]);
    ARR(FX(define_atom), fx->define_atom, kb->n_defines);
    ARR(FX(late_atoms), fx->late_atoms, fx->n_late);
    ARR(FX(nodes), fx->nodes, fx->n_nodes);
    ARR(FX(words), fx->words, fx->n_words);
    ARR(FX(kids), fx->kids, fx->n_kids);
    ARR(FX(node_of_code), fx->node_of_code, kb->n_code);
    ARR(FX(ev_test), fx->ev_test, kb->n_evidence);
    ARR(FX(ev_weight), fx->ev_weight, kb->n_evidence);
    litindex(w, FX(ev_index), &fx->ev_index, nl);
    litindex(w, FX(rule_index), &fx->rule_index, nl);
    ARR(FX(rule_test), fx->rule_test, kb->n_rules);
    ARR(FX(rule_level), fx->rule_level, kb->n_rules);
    ARR(FX(rule_watch), fx->rule_watch, kb->n_rules);
    ARR(FX(cause), fx->cause, kb->n_causes);
    ARR(FX(care_test), fx->care_test, kb->n_cares);
    ARR(FX(unless_first), fx->unless_first, kb->n_cares + 1);
    if (fx->unless_first)
        ARR(FX(unless_test), fx->unless_test, fx->unless_first[kb->n_cares]);
    ARR(FX(redflags), fx->redflags, fx->n_redflags);
    ARR(FX(cause_facts_first), fx->cause_facts_first, kb->n_causes + 1);
    if (fx->cause_facts_first)
        ARR(FX(cause_facts), fx->cause_facts, fx->cause_facts_first[kb->n_causes]);
    ARR(FX(askif_facts), fx->askif_facts, fx->n_askif);
    ARR(FX(define_for_level), fx->define_for_level, kb->n_defines);
    ARR(FX(ask_val_pairs), fx->ask_val_pairs, nl);
    ARR(FX(ask_known_pairs), fx->ask_known_pairs, nl);
    ARR(FX(open_can), fx->open_can, nl);
    ARR(FX(askable), fx->askable, kb->n_facts);
}

static void write_body(writer *w, const scoot_kb *kb)
{
    scoot_kb top = *kb;
    memset(&top.arena, 0, sizeof top.arena);
    top.lazy = NULL;
    put(w, &top, sizeof top, IMAGE_ALIGN);
    str(w, KB(file), kb->file);
    str(w, KB(id), kb->id);
    str(w, KB(version), kb->version);
    str(w, KB(title), kb->title);
    str(w, KB(disclaimer), kb->disclaimer);
    str(w, KB(default_reason), kb->default_reason);
    str(w, KB(open_reason), kb->open_reason);
    for (int l = 0; l < 3; l++) {
        size_t lo = KB(levels) + (size_t)l * sizeof(scoot__level);
        str(w, lo + offsetof(scoot__level, label), kb->levels[l].label);
        str(w, lo + offsetof(scoot__level, advice), kb->levels[l].advice);
        strs(w, lo + offsetof(scoot__level, now), kb->levels[l].now, kb->levels[l].n_now);
    }
    size_t o = ARR(KB(sources), kb->sources, kb->n_sources);
    for (int i = 0; kb->sources && i < kb->n_sources; i++) {
        str(w, AT(o, scoot__source, i, id), kb->sources[i].id);
        str(w, AT(o, scoot__source, i, cite), kb->sources[i].cite);
        str(w, AT(o, scoot__source, i, url), kb->sources[i].url);
    }
    o = ARR(KB(facts), kb->facts, kb->n_facts);
    for (int i = 0; kb->facts && i < kb->n_facts; i++) {
        const scoot__fact *f = &kb->facts[i];
        str(w, AT(o, scoot__fact, i, id), f->id);
        str(w, AT(o, scoot__fact, i, unit), f->unit);
        strs(w, AT(o, scoot__fact, i, options), f->options, f->n_options);
        strs(w, AT(o, scoot__fact, i, option_text), f->option_text, f->n_options);
        str(w, AT(o, scoot__fact, i, ask), f->ask);
        str(w, AT(o, scoot__fact, i, help), f->help);
        ARR(AT(o, scoot__fact, i, label_value), f->label_value, f->n_labels);
        strs(w, AT(o, scoot__fact, i, label_text), f->label_text, f->n_labels);
        str(w, AT(o, scoot__fact, i, scale_name), f->scale_name);
        srcs(w, AT(o, scoot__fact, i, src), &f->src);
    }
    o = ARR(KB(scales), kb->scales, kb->n_scales);
    for (int i = 0; kb->scales && i < kb->n_scales; i++) {
        const scoot__scale *s = &kb->scales[i];
        str(w, AT(o, scoot__scale, i, id), s->id);
        str(w, AT(o, scoot__scale, i, title), s->title);
        str(w, AT(o, scoot__scale, i, about), s->about);
        size_t uo = ARR(AT(o, scoot__scale, i, units), s->units, s->n_units);
        for (int u = 0; s->units && u < s->n_units; u++) {
            str(w, AT(uo, scoot__unit, u, id), s->units[u].id);
            str(w, AT(uo, scoot__unit, u, name), s->units[u].name);
            strs(w, AT(uo, scoot__unit, u, score_text), s->units[u].score_text,
                 s->units[u].n_scores);
        }
        srcs(w, AT(o, scoot__scale, i, src), &s->src);
    }
    o = ARR(KB(defines), kb->defines, kb->n_defines);
    for (int i = 0; kb->defines && i < kb->n_defines; i++) {
        str(w, AT(o, scoot__define, i, id), kb->defines[i].id);
        str(w, AT(o, scoot__define, i, text), kb->defines[i].text);
    }
    o = ARR(KB(groups), kb->groups, kb->n_groups);
    for (int i = 0; kb->groups && i < kb->n_groups; i++) {
        str(w, AT(o, scoot__group, i, id), kb->groups[i].id);
        str(w, AT(o, scoot__group, i, name), kb->groups[i].name);
        srcs(w, AT(o, scoot__group, i, src), &kb->groups[i].src);
    }
    o = ARR(KB(causes), kb->causes, kb->n_causes);
    for (int i = 0; kb->causes && i < kb->n_causes; i++) {
        const scoot__cause *c = &kb->causes[i];
        str(w, AT(o, scoot__cause, i, id), c->id);
        str(w, AT(o, scoot__cause, i, name), c->name);
        str(w, AT(o, scoot__cause, i, about), c->about);
        str(w, AT(o, scoot__cause, i, group_name), c->group_name);
        strs(w, AT(o, scoot__cause, i, ask_vet), c->ask_vet, c->n_ask_vet);
        srcs(w, AT(o, scoot__cause, i, src), &c->src);
    }
    o = ARR(KB(evidence), kb->evidence, kb->n_evidence);
    for (int i = 0; kb->evidence && i < kb->n_evidence; i++)
        str(w, AT(o, scoot__evidence, i, text), kb->evidence[i].text);
    o = ARR(KB(rules), kb->rules, kb->n_rules);
    for (int i = 0; kb->rules && i < kb->n_rules; i++) {
        str(w, AT(o, scoot__rule, i, id), kb->rules[i].id);
        str(w, AT(o, scoot__rule, i, reason), kb->rules[i].reason);
        str(w, AT(o, scoot__rule, i, watch), kb->rules[i].watch);
        srcs(w, AT(o, scoot__rule, i, src), &kb->rules[i].src);
    }
    o = ARR(KB(cares), kb->cares, kb->n_cares);
    for (int i = 0; kb->cares && i < kb->n_cares; i++) {
        const scoot__care *c = &kb->cares[i];
        str(w, AT(o, scoot__care, i, id), c->id);
        str(w, AT(o, scoot__care, i, title), c->title);
        str(w, AT(o, scoot__care, i, short_title), c->short_title);
        size_t uo = ARR(AT(o, scoot__care, i, unless), c->unless, c->n_unless);
        for (int u = 0; c->unless && u < c->n_unless; u++)
            str(w, AT(uo, scoot__unless, u, reason), c->unless[u].reason);
        strs(w, AT(o, scoot__care, i, steps), c->steps, c->n_do);
        strs(w, AT(o, scoot__care, i, cautions), c->cautions, c->n_caution);
        srcs(w, AT(o, scoot__care, i, src), &c->src);
    }
    o = ARR(KB(checklists), kb->checklists, kb->n_checklists);
    for (int i = 0; kb->checklists && i < kb->n_checklists; i++) {
        const scoot__checklist *c = &kb->checklists[i];
        str(w, AT(o, scoot__checklist, i, id), c->id);
        str(w, AT(o, scoot__checklist, i, ask), c->ask);
        size_t io = ARR(AT(o, scoot__checklist, i, items), c->items, c->n_items);
        for (int k = 0; c->items && k < c->n_items; k++) {
            str(w, AT(io, scoot__checkitem, k, text), c->items[k].text);
            str(w, AT(io, scoot__checkitem, k, name), c->items[k].name);
        }
    }
    ARR(KB(fact_checklist), kb->fact_checklist, kb->n_facts);
    write_journal(w, kb);
    ARR(KB(ask_order), kb->ask_order, kb->n_ask);
    ARR(KB(text_facts), kb->text_facts, kb->n_text_facts);
    if (kb->fact_keys)
        arr(w, KB(fact_keys), kb->fact_keys, (size_t)kb->fact_keys_mask + 1, sizeof(scoot__fkey),
            IMAGE_ALIGN);
    ARR(KB(code), kb->code, kb->n_code);
    write_fast(w, kb);
}

int scoot__kb_image_write(const scoot_kb *kb, scoot_buf *out)
{
    writer w;
    memset(&w, 0, sizeof w);
    scoot_buf_init(&w.body, (size_t)UINT32_MAX);
    scoot_buf_init(&w.rel, (size_t)UINT32_MAX);
    write_body(&w, kb);
    int rc = w.err;
    if (!rc) {
        image_header h;
        memset(&h, 0, sizeof h);
        memcpy(h.magic, IMAGE_MAGIC, sizeof IMAGE_MAGIC);
        h.format = IMAGE_FORMAT;
        h.byte_order = 0x01020304u;
        h.layout = layout_stamp();
        h.body_len = w.body.len;
        h.n_rel = w.rel.len / sizeof(uint32_t);
        rc = scoot_buf_add(out, &h, sizeof h);
        if (!rc)
            rc = scoot_buf_add(out, w.body.data, w.body.len);
        if (!rc)
            rc = scoot_buf_add(out, w.rel.data, w.rel.len);
    }
    scoot_buf_free(&w.body);
    scoot_buf_free(&w.rel);
    scoot_free(w.mkey);
    scoot_free(w.mval);
    return rc;
}

/* ---- loading ---- */

int scoot__kb_image_load(const void *img, size_t len, scoot_kb **out)
{
    *out = NULL;
    const unsigned char *p = img;
    image_header h;
    if (len < sizeof h)
        return SCOOT_EKB;
    memcpy(&h, p, sizeof h);
    if (memcmp(h.magic, IMAGE_MAGIC, sizeof IMAGE_MAGIC) || h.format != IMAGE_FORMAT ||
        h.byte_order != 0x01020304u || h.layout != layout_stamp() ||
        h.body_len < sizeof(scoot_kb) || h.body_len > len - sizeof h ||
        h.n_rel > (len - sizeof h - h.body_len) / sizeof(uint32_t))
        return SCOOT_EKB;
    const unsigned char *body = p + sizeof h, *rel = body + h.body_len;
    scoot_kb *kb = scoot__kb_new();
    if (!kb)
        return SCOOT_ENOMEM;
    /* one arena block for the whole body, aligned as the writer laid it out */
    unsigned char *raw = scoot_arena_alloc(&kb->arena, (size_t)h.body_len + IMAGE_ALIGN);
    if (!raw) {
        scoot_kb_free(kb);
        return SCOOT_ENOMEM;
    }
    unsigned char *base = raw + (IMAGE_ALIGN - (uintptr_t)raw % IMAGE_ALIGN) % IMAGE_ALIGN;
    memcpy(base, body, (size_t)h.body_len);
    for (uint64_t i = 0; i < h.n_rel; i++) {
        uint32_t slot;
        uintptr_t target;
        memcpy(&slot, rel + i * sizeof slot, sizeof slot);
        if (slot % sizeof(void *) || slot > h.body_len - sizeof target) {
            scoot_kb_free(kb);
            return SCOOT_EKB;
        }
        memcpy(&target, base + slot, sizeof target);
        if (target > h.body_len) {
            scoot_kb_free(kb);
            return SCOOT_EKB;
        }
        unsigned char *ptr = base + target;
        memcpy(base + slot, &ptr, sizeof ptr);
    }
    /* the KB struct itself: everything but its own arena and cache block */
    scoot_arena arena = kb->arena;
    scoot__kb_lazy *lazy = kb->lazy;
    memcpy(kb, base, sizeof *kb);
    kb->arena = arena;
    kb->lazy = lazy;
    *out = kb;
    return SCOOT_OK;
}
