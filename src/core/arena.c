/* arena.c: bump allocation in linked blocks; everything is freed at once. */
#include "setup.h"

#include "arena.h"
#include "scoot/alloc.h"

struct scoot__arena_block {
    scoot__arena_block *next;
    size_t used, size;
    _Alignas(16) unsigned char data[];
};

void scoot_arena_init(scoot_arena *a, size_t block_size)
{
    a->head = NULL;
    a->block_size = block_size ? block_size : 16384;
    a->total = 0;
    a->failed = 0;
}

void scoot_arena_free(scoot_arena *a)
{
    scoot__arena_block *b = a->head;
    while (b) {
        scoot__arena_block *next = b->next;
        scoot_free(b);
        b = next;
    }
    a->head = NULL;
    a->total = 0;
    a->failed = 0;
}

void *scoot_arena_alloc(scoot_arena *a, size_t size)
{
    size = (size + 15) & ~(size_t)15;
    if (size == 0)
        size = 16;
    scoot__arena_block *b = a->head;
    if (!b || b->size - b->used < size) {
        size_t n = size > a->block_size ? size : a->block_size;
        b = scoot_malloc(sizeof *b + n);
        if (!b) {
            a->failed = 1;
            return NULL;
        }
        b->size = n;
        b->used = 0;
        b->next = a->head;
        a->head = b;
    }
    void *p = b->data + b->used;
    b->used += size;
    a->total += size;
    return p;
}

void *scoot_arena_zalloc(scoot_arena *a, size_t size)
{
    void *p = scoot_arena_alloc(a, size);
    if (p)
        memset(p, 0, size);
    return p;
}

char *scoot_arena_strndup(scoot_arena *a, const char *s, size_t n)
{
    char *p = scoot_arena_alloc(a, n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *scoot_arena_strdup(scoot_arena *a, const char *s)
{
    return scoot_arena_strndup(a, s, strlen(s));
}
