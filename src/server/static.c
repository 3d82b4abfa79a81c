/* static.c: the web app's files, built into the binary from web/ (cmake/embed_web.cmake). */
#include "../core/setup.h"

#include "static.h"

typedef struct {
    const char *path; /* "/index.html" */
    const unsigned char *data;
    size_t len;
} scoot__web_file;

extern const scoot__web_file scoot__web_files[];
extern const int scoot__n_web_files;

static const char *type_of(const char *path)
{
    static const struct {
        const char *ext, *type;
    } types[] = {{".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
                 {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
                 {".svg", "image/svg+xml"},                {".png", "image/png"},
                 {".json", "application/json"},             {".ico", "image/x-icon"},
                 {".txt", "text/plain; charset=utf-8"},     {".webmanifest", "application/manifest+json"}};
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot && i < SCOOT_ARRAY_LEN(types); i++)
        if (!strcmp(dot, types[i].ext))
            return types[i].type;
    return "application/octet-stream";
}

int scoot__static(scoot__req *q)
{
    const char *path = q->url;
    if (!strcmp(path, "/"))
        path = "/index.html";
    for (int i = 0; i < scoot__n_web_files; i++) {
        if (strcmp(scoot__web_files[i].path, path))
            continue;
        scoot_buf_add(&q->out, scoot__web_files[i].data, scoot__web_files[i].len);
        q->content_type = type_of(path);
        q->cache = "no-cache";
        return 200;
    }
    return scoot__error(q, 404, "not_found", NULL, "no page %s", q->url);
}
