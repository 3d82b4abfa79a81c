/* alloc.c: the allocation hook; every heap allocation in scoot passes through here. */
#include "setup.h"

#include <stdlib.h>

#include <jansson.h>

#include "scoot/alloc.h"

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

void *scoot_malloc(size_t size)
{
    if (size == 0)
        return NULL;
    return hook_fn(hook_ud, NULL, size);
}

void *scoot_calloc(size_t n, size_t size)
{
    if (n == 0 || size == 0 || n > SIZE_MAX / size)
        return NULL;
    void *p = hook_fn(hook_ud, NULL, n * size);
    if (p)
        memset(p, 0, n * size);
    return p;
}

void *scoot_realloc(void *ptr, size_t size)
{
    return hook_fn(hook_ud, ptr, size);
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
