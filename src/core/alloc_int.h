/* alloc_int.h: what scoot's own layers know of the allocation hook beyond alloc.h. */
#ifndef SCOOT_ALLOC_INT_H
#define SCOOT_ALLOC_INT_H

/* How many allocations of the calling thread have failed so far (scoot's and jansson's). A
 * library that reports running out of memory as something else (jansson reports it as a syntax
 * error, or not at all) is told apart by comparing this before and after the call. */
unsigned long scoot__alloc_failures(void);

#endif
