/* server_int.h: the server's state, shared by the files of src/server (an object: nothing of it
 * is a global). */
#ifndef SCOOT_SERVER_INT_H
#define SCOOT_SERVER_INT_H

#include <stdatomic.h>

#include "accesslog.h"
#include "api.h"
#include "metrics.h"
#include "parse.h"
#include "server.h"
#include "worker.h"

struct MHD_Daemon;
typedef struct scoot__conns scoot__conns;

struct scoot_server {
    scoot_server_config cfg; /* copied; what it points to is borrowed */
    char listen_host[128];   /* the address of --listen, once run has read it */
    scoot__hosts hosts;      /* the names it answers for (parse.h), without a connection */
    scoot__metrics metrics;
    scoot__log log;
    scoot__workers workers;
    scoot__api api;
    scoot__conns *conns;       /* the guard on connections, while it serves; NULL otherwise */
    struct MHD_Daemon *daemon; /* while it serves */
    atomic_int stopping;       /* SIGINT/SIGTERM came: every answer closes its connection */
    atomic_int in_flight;      /* requests begun and not completed */
};

#endif
