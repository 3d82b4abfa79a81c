/*
 * kbimage.c: the build-time tool that compiles a KB file into the image built into the
 * library (src/kb/image.c), written as C.
 * Usage: scoot-kbimage KB_FILE NAME OUT.c
 * NAME is the file name the loaded KB gives in messages ("<built-in>/feline-anal-sac.kb").
 * Every check runs (the "can never apply" search too): the build fails on a KB with errors,
 * each printed as KB_FILE:LINE:COL: message. Two checks of the writer, each failing the build:
 * the text compiled twice gives the same image (a pointer the writer missed would differ:
 * the two KBs are at different addresses), and the image loaded back gives the same image.
 */
#include "../src/core/setup.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "../src/kb/kb_int.h"
#include "scoot/alloc.h"
#include "scoot/error.h"

/* The allocation hook of the tool: memory comes zeroed, so that the padding inside the KB's
 * structs is the same from one compile to the next. */
static void *zeroing(void *ud, void *ptr, size_t size)
{
    enum { HDR = 16 };
    unsigned char *p = ptr ? (unsigned char *)ptr - HDR : NULL;
    size_t old = 0;
    if (p)
        memcpy(&old, p, sizeof old);
    if (size == 0) {
        free(p);
        return NULL;
    }
    if (size > SIZE_MAX - HDR)
        return NULL;
    unsigned char *q = realloc(p, size + HDR);
    if (!q)
        return NULL;
    if (size > old)
        memset(q + HDR + old, 0, size - old);
    memcpy(q, &size, sizeof size);
    return q + HDR;
}

static int read_file(const char *path, scoot_buf *b)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "scoot-kbimage: %s: %s\n", path, strerror(errno));
        return -1;
    }
    char chunk[65536];
    size_t n;
    int rc = 0;
    while (!rc && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        rc = scoot_buf_add(b, chunk, n);
    if (!rc && ferror(f))
        rc = SCOOT_EIO;
    fclose(f);
    if (rc)
        fprintf(stderr, "scoot-kbimage: %s: %s\n", path, scoot_strerror(rc));
    return rc ? -1 : 0;
}

static int write_c(const char *src, const char *out, const scoot_buf *img)
{
    char tmp[4096];
    if (snprintf(tmp, sizeof tmp, "%s.tmp", out) >= (int)sizeof tmp)
        return -1;
    FILE *f = fopen(tmp, "w");
    if (!f) {
        fprintf(stderr, "scoot-kbimage: %s: %s\n", tmp, strerror(errno));
        return -1;
    }
    fprintf(f,
            "/* Generated from %s by scoot-kbimage (tools/kbimage.c); do not edit. */\n"
            "#include <stddef.h>\n"
            "extern const unsigned char scoot__default_kb_image[];\n"
            "extern const size_t scoot__default_kb_image_len;\n"
            "_Alignas(64) const unsigned char scoot__default_kb_image[] = {\n",
            src);
    const unsigned char *p = (const unsigned char *)img->data;
    for (size_t i = 0; i < img->len; i++)
        fprintf(f, "%u,%s", p[i], i % 24 == 23 ? "\n" : "");
    fprintf(f, "};\nconst size_t scoot__default_kb_image_len = %zu;\n", img->len);
    int bad = ferror(f) != 0;
    bad |= fclose(f) != 0;
    if (bad || rename(tmp, out) != 0) {
        fprintf(stderr, "scoot-kbimage: cannot write %s\n", out);
        remove(tmp);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: scoot-kbimage KB_FILE NAME OUT.c\n");
        return 2;
    }
    scoot_alloc_set_hook(zeroing, NULL);
    int status = 1;
    scoot_buf text, err, img, twice, again;
    scoot_buf_init(&text, 0);
    scoot_buf_init(&err, 0);
    scoot_buf_init(&img, 0);
    scoot_buf_init(&twice, 0);
    scoot_buf_init(&again, 0);
    scoot_kb *kb = NULL, *kb2 = NULL, *back = NULL;
    if (read_file(argv[1], &text))
        goto out;
    /* every check, with the messages naming the file */
    int rc = scoot_kb_load(scoot_buf_str(&text), text.len, argv[1], &kb, &err);
    fputs(scoot_buf_str(&err), stderr);
    if (rc) {
        fprintf(stderr, "scoot-kbimage: %s: %s\n", argv[1], scoot_strerror(rc));
        goto out;
    }
    scoot_kb_free(kb);
    kb = NULL;
    /* the KB as it is built in, under its built-in name */
    if ((rc = scoot_kb_load(scoot_buf_str(&text), text.len, argv[2], &kb, NULL)) ||
        (rc = scoot__kb_image_write(kb, &img)) ||
        (rc = scoot_kb_load(scoot_buf_str(&text), text.len, argv[2], &kb2, NULL)) ||
        (rc = scoot__kb_image_write(kb2, &twice)) ||
        (rc = scoot__kb_image_load(img.data, img.len, &back)) ||
        (rc = scoot__kb_image_write(back, &again))) {
        fprintf(stderr, "scoot-kbimage: %s: %s\n", argv[1], scoot_strerror(rc));
        goto out;
    }
    if (img.len != twice.len || memcmp(img.data, twice.data, img.len)) {
        fprintf(stderr, "scoot-kbimage: %s: compiled twice, the images differ (a pointer the "
                        "writer in src/kb/image.c does not copy?)\n",
                argv[1]);
        goto out;
    }
    if (img.len != again.len || memcmp(img.data, again.data, img.len)) {
        fprintf(stderr, "scoot-kbimage: %s: the image loaded back is not the same image\n",
                argv[1]);
        goto out;
    }
    if (write_c(argv[1], argv[3], &img))
        goto out;
    status = 0;
out:
    scoot_kb_free(kb);
    scoot_kb_free(kb2);
    scoot_kb_free(back);
    scoot_buf_free(&text);
    scoot_buf_free(&err);
    scoot_buf_free(&img);
    scoot_buf_free(&twice);
    scoot_buf_free(&again);
    return status;
}
