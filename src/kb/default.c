/* default.c: the KB built into the library: its text, and the image of it compiled at build
 * time (tools/kbimage.c), which is what loads. */
#include "../core/setup.h"

#include "kb_int.h"
#include "scoot/error.h"

extern const char scoot__default_kb[];
extern const size_t scoot__default_kb_len;
extern const unsigned char scoot__default_kb_image[];
extern const size_t scoot__default_kb_image_len;

const char *scoot_kb_default_text(size_t *len)
{
    *len = scoot__default_kb_len;
    return scoot__default_kb;
}

int scoot_kb_load_default(scoot_kb **out, scoot_buf *errors)
{
    int rc = scoot__kb_image_load(scoot__default_kb_image, scoot__default_kb_image_len, out);
    if (rc == SCOOT_EKB && errors) /* a build that mixed the objects of two layouts */
        scoot_buf_printf(errors,
                         "<built-in>/feline-anal-sac.kb: the built-in image was made by "
                         "another build of scoot; rebuild\n");
    return rc;
}
