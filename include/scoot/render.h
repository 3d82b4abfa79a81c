/* render.h: documents made from results (and, above the journal, from a cat's record) for
 * people to read. */
#ifndef SCOOT_RENDER_H
#define SCOOT_RENDER_H

#include "scoot/buf.h"
#include "scoot/engine.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Text output options. */
enum { SCOOT_TEXT_COLOR = 1 };
/* Appends the result as readable text (headings; ANSI colour with SCOOT_TEXT_COLOR). */
int scoot_result_to_text(const scoot_result *r, scoot_buf *out, int flags);

#ifdef __cplusplus
}
#endif
#endif
