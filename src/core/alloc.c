/* alloc.c: the allocation hook; every heap allocation in scoot passes through here. */
#include "setup.h"

#include <stdlib.h>
#include <sys/mman.h>

#include <jansson.h>

#include "alloc_int.h"
#include "scoot/alloc.h"
#include "scoot/error.h"

/* Under valgrind the region is not used: memcheck sees only the C library's allocator, so a
 * block taken from the region could neither leak nor be read out of bounds in its eyes. */
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif

static void *libc_realloc(void *ud, void *ptr, size_t size)
{
    (void)ud;
    if (size == 0) {
        free(ptr); /* the one place the C library's allocator is called */
        return NULL;
    }
    return realloc(ptr, size);
}

static scoot_realloc_fn hook_fn = libc_realloc;
static void *hook_ud;

void scoot_alloc_set_hook(scoot_realloc_fn hook, void *ud)
{
    hook_fn = hook ? hook : libc_realloc;
    hook_ud = hook ? ud : NULL;
    /* jansson allocates through the same hook (its functions take no user data) */
    json_set_alloc_funcs(scoot_malloc, scoot_free);
}

/* The allocations of this thread that failed (see alloc_int.h). */
static _Thread_local unsigned long failures;

unsigned long scoot__alloc_failures(void)
{
    return failures;
}

void *scoot_malloc(size_t size)
{
    if (size == 0)
        return NULL;
    void *p = hook_fn(hook_ud, NULL, size);
    failures += !p;
    return p;
}

void *scoot_calloc(size_t n, size_t size)
{
    if (n == 0 || size == 0 || n > SIZE_MAX / size) {
        failures += n && size; /* (a size that does not fit fails as memory would) */
        return NULL;
    }
    void *p = hook_fn(hook_ud, NULL, n * size);
    if (p)
        memset(p, 0, n * size);
    failures += !p;
    return p;
}

void *scoot_realloc(void *ptr, size_t size)
{
    void *p = hook_fn(hook_ud, ptr, size);
    failures += size && !p;
    return p;
}

void scoot_free(void *ptr)
{
    if (ptr)
        hook_fn(hook_ud, ptr, 0);
}

char *scoot_strndup(const char *s, size_t n)
{
    char *p = scoot_malloc(n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *scoot_strdup(const char *s)
{
    return scoot_strndup(s, strlen(s));
}

/* ---- a pre-faulted region for short-lived processes ---- */

static unsigned char *region;
static size_t region_size, region_used;

/* Each block in the region starts with its size, so that realloc can copy it. */
typedef struct {
    size_t size;
    size_t pad; /* keeps the payload 16-byte aligned */
} region_hdr;

static int in_region(const void *p)
{
    return region && (const unsigned char *)p >= region &&
           (const unsigned char *)p < region + region_size;
}

static void *region_realloc(void *ud, void *ptr, size_t size)
{
    (void)ud;
    if (size == 0) {
        if (ptr && !in_region(ptr))
            free(ptr); /* memory inside the region is simply not reused */
        return NULL;
    }
    if (ptr && !in_region(ptr))
        return realloc(ptr, size);
    size_t need = sizeof(region_hdr) + ((size + 15) & ~(size_t)15);
    void *out;
    if (need <= region_size - region_used) {
        region_hdr *h = (region_hdr *)(region + region_used);
        h->size = size;
        region_used += need;
        out = h + 1;
    } else {
        out = realloc(NULL, size);
        if (!out)
            return NULL;
    }
    if (ptr) {
        size_t old = ((region_hdr *)ptr - 1)->size;
        memcpy(out, ptr, old < size ? old : size);
    }
    return out;
}

int scoot_alloc_use_region(size_t size)
{
    if (region || RUNNING_ON_VALGRIND)
        return SCOOT_OK;
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE,
                   -1, 0);
    if (p == MAP_FAILED)
        return SCOOT_ENOMEM;
    region = p;
    region_size = size;
    region_used = 0;
    scoot_alloc_set_hook(region_realloc, NULL);
    return SCOOT_OK;
}
