/* kb_json.h: JSON of the KB's parts, shared by the KB's JSON (kb_show.c) and the result's
 * (engine/result_json.c), which quotes the KB's texts. */
#ifndef SCOOT_KB_JSON_H
#define SCOOT_KB_JSON_H

#include "kb_int.h"
#include "scoot/buf.h"

/* Each returns 0 or a nonzero error (they OR together). */
int scoot__json_sources(scoot_buf *o, const scoot_kb *kb, const scoot__srcs *s);
/* ["\"key\":" value] with a leading comma when comma; val NULL gives null. */
int scoot__json_kv(scoot_buf *o, const char *key, const char *val, int comma);
/* ,"key":[strings] */
int scoot__json_strs(scoot_buf *o, const char *key, const char *const *v, int n);
/* ,"schedule":{...} with the fields the care item gives */
int scoot__json_schedule(scoot_buf *o, const scoot__care *k);

#endif
