/* static.h: the web app's files, built into the program from web/ (cmake/embed_web.cmake). */
#ifndef SCOOT_SERVER_STATIC_H
#define SCOOT_SERVER_STATIC_H

#include "request.h"

/* Answers a GET of q->url with the file of web/ at that path ("/" is /index.html): 200, or
 * 404 if there is none. */
int scoot__static(scoot__req *q);

#endif
