/* text.c: free text and names: control characters refused, names normalised (NFC) and keyed
 * (NFKC_Casefold) with utf8proc, any text escaped for a terminal. utf8proc's own allocating
 * calls are not used: its tables fill buffers from scoot's allocator. */
#include "setup.h"

#include <stdint.h>
#include <stdio.h>

#include <utf8proc.h>

#include "scoot/alloc.h"
#include "scoot/error.h"
#include "text.h"

/* The code point at s (n bytes left) into *cp; the bytes it takes, or -1 if not UTF-8. */
static int next_cp(const char *s, size_t n, int32_t *cp)
{
    utf8proc_int32_t c;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &c);
    if (k <= 0)
        return -1;
    *cp = c;
    return (int)k;
}

/* The short names of the control characters met most, for messages. */
static const char *control_name(int32_t cp)
{
    switch (cp) {
    case 0x07: return "bell";
    case 0x08: return "backspace";
    case 0x0B: return "vertical tab";
    case 0x0C: return "form feed";
    case 0x0D: return "carriage return";
    case 0x1B: return "escape";
    case 0x7F: return "delete";
    case 0x9B: return "control sequence introducer";
    default: return "control";
    }
}

int scoot__utf8_ok(const char *s, size_t *bad)
{
    size_t len = strlen(s), i = 0;
    int32_t cp;
    for (int k; i < len; i += (size_t)k)
        if ((k = next_cp(s + i, len - i, &cp)) < 0) {
            if (bad)
                *bad = i + 1;
            return 0;
        }
    return 1;
}

int scoot__text_ok(const char *s, char *why, size_t n)
{
    size_t len = strlen(s), i = 0, chars = 0;
    while (i < len) {
        int32_t cp = 0;
        int k = next_cp(s + i, len - i, &cp);
        chars++;
        if (k < 0) {
            if (why)
                snprintf(why, n, "is not valid UTF-8 (byte %zu)", i + 1);
            return 0;
        }
        if ((cp < 0x20 && cp != '\t' && cp != '\n') || (cp >= 0x7F && cp <= 0x9F)) {
            if (why)
                snprintf(why, n,
                         "holds the control character U+%04X (%s) at character %zu; text may "
                         "hold tabs and line breaks, no other control characters",
                         (unsigned)cp, control_name(cp), chars);
            return 0;
        }
        i += (size_t)k;
    }
    return 1;
}

static int is_space(int32_t cp)
{
    if ((cp >= 0x09 && cp <= 0x0D) || cp == 0x85)
        return 1;
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_ZS || c == UTF8PROC_CATEGORY_ZL || c == UTF8PROC_CATEGORY_ZP;
}

static int is_variation_selector(int32_t cp)
{
    return (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF);
}

/* A character that shows as something: not white space, not a mark, not default-ignorable. */
static int is_visible(int32_t cp)
{
    if (is_space(cp) || cp == 0x2800 /* braille blank */)
        return 0;
    utf8proc_category_t c = utf8proc_category(cp);
    if (c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_ME || c == UTF8PROC_CATEGORY_MC ||
        c == UTF8PROC_CATEGORY_CC || c == UTF8PROC_CATEGORY_CF || c == UTF8PROC_CATEGORY_CN)
        return 0;
    return !utf8proc_get_property(cp)->ignorable;
}

/* Maps s (len bytes) with utf8proc options into a new UTF-8 string (scoot_malloc'd); NULL on
 * out of memory, *bad set when s is not UTF-8 or holds an unassigned code point. */
static char *map(const char *s, size_t len, utf8proc_option_t opts, int *bad)
{
    *bad = 0;
    utf8proc_ssize_t need = utf8proc_decompose((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len,
                                               NULL, 0, opts);
    if (need < 0) {
        *bad = 1;
        return NULL;
    }
    /* (+1: re-encoding needs room for the final NUL; 4 bytes per code point at most) */
    utf8proc_int32_t *buf = scoot_malloc(((size_t)need + 1) * sizeof *buf);
    if (!buf)
        return NULL;
    utf8proc_ssize_t got = utf8proc_decompose((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len,
                                              buf, need, opts);
    if (got >= 0 && got <= need)
        got = utf8proc_normalize_utf32(buf, got, opts);
    if (got >= 0)
        got = utf8proc_reencode(buf, got, opts);
    if (got < 0) {
        scoot_free(buf);
        *bad = 1;
        return NULL;
    }
    return (char *)buf; /* the UTF-8 text, NUL-terminated, in place */
}

int scoot__name_normalize(const char *name, char **out, char *why, size_t n, int *reason)
{
    *out = NULL;
    int r_;
    if (!reason)
        reason = &r_;
    *reason = SCOOT_R_BAD_TEXT;
    int bad;
    char *nfc = map(name, strlen(name), UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_REJECTNA, &bad);
    if (!nfc) {
        if (!bad)
            return -1;
        if (why)
            snprintf(why, n, "%s", scoot__text_ok(name, NULL, 0)
                                       ? "holds a code point that Unicode has not assigned"
                                       : "is not valid UTF-8");
        return 0;
    }
    /* trim white space at both ends */
    size_t len = strlen(nfc), start = 0, end = len, i = 0;
    int seen_text = 0;
    while (i < len) {
        int32_t cp;
        int k = next_cp(nfc + i, len - i, &cp);
        if (k < 0)
            break;
        if (!is_space(cp)) {
            if (!seen_text)
                start = i;
            seen_text = 1;
            end = i + (size_t)k;
        }
        i += (size_t)k;
    }
    if (!seen_text) {
        scoot_free(nfc);
        if (why)
            snprintf(why, n, "a cat needs a name (this one is only white space)");
        *reason = SCOOT_R_REQUIRED;
        return 0;
    }
    memmove(nfc, nfc + start, end - start);
    nfc[end - start] = '\0';
    len = end - start;
    /* refuse what cannot be seen or changes the direction of the text */
    int32_t prev = 0;
    int visible = 0;
    size_t chars = 0;
    for (i = 0; i < len;) {
        int32_t cp = 0, after = 0;
        int k = next_cp(nfc + i, len - i, &cp);
        chars++;
        if (i + (size_t)k < len)
            next_cp(nfc + i + k, len - i - (size_t)k, &after);
        utf8proc_category_t c = utf8proc_category(cp);
        const char *what = NULL;
        if (c == UTF8PROC_CATEGORY_CC)
            what = "a control character";
        else if (c == UTF8PROC_CATEGORY_ZL || c == UTF8PROC_CATEGORY_ZP)
            what = "a line or paragraph separator";
        else if (cp == 0x200D) {
            if (!(prev && is_visible(prev) && after && is_visible(after)))
                what = "a zero-width joiner that joins nothing";
        } else if (c == UTF8PROC_CATEGORY_CF) {
            what = utf8proc_get_property(cp)->bidi_class == UTF8PROC_BIDI_CLASS_BN
                       ? "an invisible formatting character"
                       : "a character that changes the direction of the text";
        } else if (is_variation_selector(cp)) {
            if (!prev || !is_visible(prev))
                what = "a variation selector that selects nothing";
        } else if (utf8proc_get_property(cp)->ignorable || cp == 0x2800) {
            what = "an invisible character";
        }
        if (what) {
            scoot_free(nfc);
            if (why)
                snprintf(why, n,
                         "holds U+%04X, %s, at character %zu; a name cannot hold invisible, "
                         "formatting or direction characters",
                         (unsigned)cp, what, chars);
            *reason = SCOOT_R_NAME_INVISIBLE;
            return 0;
        }
        visible |= is_visible(cp);
        prev = cp;
        i += (size_t)k;
    }
    if (!visible) {
        scoot_free(nfc);
        if (why)
            snprintf(why, n, "a cat needs a name that can be seen");
        *reason = SCOOT_R_NAME_INVISIBLE;
        return 0;
    }
    *out = nfc;
    return 1;
}

char *scoot__name_key(const char *name)
{
    int bad;
    return map(name, strlen(name),
               UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
                   UTF8PROC_IGNORE,
               &bad);
}

/* 1 for the characters shown as \uNNNN: C1 controls, bidirectional controls, separators. */
static int hidden(int32_t cp)
{
    return (cp >= 0x80 && cp <= 0x9F) || cp == 0x061C || cp == 0x200E || cp == 0x200F ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 ||
           cp == 0x2029;
}

int scoot__text_escape(scoot_buf *out, const char *s, int mode)
{
    size_t len = strlen(s), i = 0, run = 0;
    int rc = SCOOT_OK;
    while (i < len && !rc) {
        int32_t cp = 0;
        int k = next_cp(s + i, len - i, &cp);
        int plain = k > 0 && cp >= 0x20 && cp != 0x7F && !hidden(cp);
        if (k > 0 && mode != SCOOT__ESC_LINE && (cp == '\n' || cp == '\t'))
            plain = 1;
        if (plain) {
            i += (size_t)k;
            continue;
        }
        rc = scoot_buf_add(out, s + run, i - run);
        if (!rc && (k < 0 || (cp < 0x80 && mode != SCOOT__ESC_JSON)))
            rc = scoot_buf_printf(out, "\\x%02x", (unsigned char)s[i]);
        else if (!rc)
            rc = scoot_buf_printf(out, "\\u%04x", (unsigned)cp);
        i += k < 0 ? 1 : (size_t)k;
        run = i;
    }
    if (!rc)
        rc = scoot_buf_add(out, s + run, len - run);
    return rc;
}

uint64_t scoot__hash_texts(const char *const *parts, int n)
{
    uint64_t h = 1469598103934665603ULL;
    for (int i = 0; i < n; i++) {
        for (const char *p = parts[i]; p && *p; p++) {
            h ^= (unsigned char)*p;
            h *= 1099511628211ULL;
        }
        h ^= 0xff; /* (the end of one text) */
        h *= 1099511628211ULL;
    }
    return h;
}
