/* scoot.h: the whole public API of libscoot. */
#ifndef SCOOT_SCOOT_H
#define SCOOT_SCOOT_H

#include "scoot/alloc.h"
#include "scoot/buf.h"
#include "scoot/engine.h"
#include "scoot/error.h"
#include "scoot/journal.h"
#include "scoot/kb.h"
#include "scoot/render.h"
#include "scoot/time.h"

#endif
