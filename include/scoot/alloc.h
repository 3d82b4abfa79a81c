/* alloc.h: the one allocation hook all of scoot (and jansson inside it) goes through. */
#ifndef SCOOT_ALLOC_H
#define SCOOT_ALLOC_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Out-of-memory policy: every scoot function that allocates reports failure as
 * SCOOT_ENOMEM (or NULL) and leaves its outputs in a defined, freeable state; scoot never
 * aborts on a failed allocation.
 */

/* A realloc-like hook: (ptr NULL, size > 0) allocates, (ptr, 0) frees and returns NULL. */
typedef void *(*scoot_realloc_fn)(void *ud, void *ptr, size_t size);

/* Installs hook (NULL restores the C library's). Call before any other scoot function and
 * before threads start; the hook itself must be thread-safe. */
void scoot_alloc_set_hook(scoot_realloc_fn hook, void *ud);

/* Allocation functions: caller frees with scoot_free. Size 0 returns NULL. */
void *scoot_malloc(size_t size);
void *scoot_calloc(size_t n, size_t size);
void *scoot_realloc(void *ptr, size_t size);
/* scoot_free(NULL) does nothing. */
void scoot_free(void *ptr);
/*
 * For short-lived processes (the scoot command): serves allocations from one region of size
 * bytes, mapped and faulted in with a single system call, instead of taking a page fault per
 * page as the heap grows (a real cost on virtual machines). Memory freed inside the region is
 * not reused; when the region is full, the C library's allocator takes over. Installs its own
 * hook. Under valgrind it does nothing (memcheck then sees every block). Returns SCOOT_OK, or
 * SCOOT_ENOMEM and changes nothing.
 */
int scoot_alloc_use_region(size_t size);

/* Copies s (NUL-terminated); caller frees with scoot_free. NULL on OOM. */
char *scoot_strdup(const char *s);
/* Copies n bytes of s and adds a NUL; caller frees with scoot_free. NULL on OOM. */
char *scoot_strndup(const char *s, size_t n);

#ifdef __cplusplus
}
#endif
#endif
