/* arena.h: a bump allocator for scoped lifetimes (one per compiled KB, request or report). */
#ifndef SCOOT_ARENA_H
#define SCOOT_ARENA_H

#include <stddef.h>

typedef struct scoot__arena_block scoot__arena_block;

typedef struct scoot_arena {
    scoot__arena_block *head;
    size_t block_size;
    size_t total; /* bytes handed out */
    int failed;   /* set when an allocation failed (sticky until scoot_arena_free) */
} scoot_arena;

/* Initialises a empty; blocks of block_size bytes (0 = 16 KiB) are taken as needed. */
void scoot_arena_init(scoot_arena *a, size_t block_size);
/* Frees every block; a is empty and reusable. */
void scoot_arena_free(scoot_arena *a);
/* Returns size bytes aligned for any type, valid until scoot_arena_free; NULL on OOM. */
void *scoot_arena_alloc(scoot_arena *a, size_t size);
/* Same, zeroed. */
void *scoot_arena_zalloc(scoot_arena *a, size_t size);
/* Copies n bytes of s plus a NUL into the arena; NULL on OOM. */
char *scoot_arena_strndup(scoot_arena *a, const char *s, size_t n);
char *scoot_arena_strdup(scoot_arena *a, const char *s);

#endif
