/* serve_cmd.c: `scoot serve`: options, then the server (src/server). */
#define _GNU_SOURCE 1 /* sched_getaffinity */
#include "../core/setup.h"

#include <getopt.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "../server/server.h"
#include "cli.h"
#include "scoot/journal.h"

/* The processors this process may run on: its affinity mask (which a container's cpuset
 * narrows), else all that are online. */
static long processors(void)
{
#ifdef __linux__
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
        return CPU_COUNT(&set);
#endif
    return sysconf(_SC_NPROCESSORS_ONLN);
}

static void usage(FILE *f)
{
    fprintf(f, "Usage: scoot serve [--listen ADDRESS:PORT] [--db PATH] [--kb FILE] [--threads N]\n"
               "                   [--timeout SECONDS] [--access-log FILE|-|off] [--allow-host NAME]...\n"
               "                   [--routes]\n"
               "\n"
               "Serves the web app at / and the JSON API at /api/v1 (docs/openapi.yaml).\n"
               "\n"
               "  --listen ADDRESS:PORT  where to listen (default 127.0.0.1:8080, loopback only;\n"
               "                         port 0 picks a free one)\n"
               "  --db PATH              the journal (default $SCOOT_DB or ~/.local/share/scoot)\n"
               "  --kb FILE              a knowledge base instead of the built-in one\n"
               "  --threads N            worker threads, each with its own database connection\n"
               "                         (default: two per processor it may run on, at most 64)\n"
               "  --timeout SECONDS      close idle connections after this long (default 30)\n"
               "  --access-log FILE      one line per request (default - : standard error; off)\n"
               "  --allow-host NAME      also answer requests for Host NAME (repeatable; a name\n"
               "                         the server is reached by, e.g. behind a reverse proxy).\n"
               "                         Loopback names and the address a client connected to\n"
               "                         are always answered; other names get 421, so that a web\n"
               "                         page cannot reach the journal by pointing its own DNS\n"
               "                         name at this machine\n"
               "  --routes               print the routes and exit\n"
               "SIGINT or SIGTERM stop it after the requests in flight.\n");
}

int cmd_serve(int argc, char **argv)
{
    static const struct option opts[] = {{"listen", required_argument, NULL, 'l'},
                                         {"db", required_argument, NULL, 'd'},
                                         {"kb", required_argument, NULL, 'k'},
                                         {"threads", required_argument, NULL, 't'},
                                         {"timeout", required_argument, NULL, 'T'},
                                         {"access-log", required_argument, NULL, 'a'},
                                         {"allow-host", required_argument, NULL, 'H'},
                                         {"routes", no_argument, NULL, 'r'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *listen = "127.0.0.1:8080", *db = NULL, *kbpath = NULL, *log = "-";
    /* Two workers per processor: a worker that waits on the disk (a journal write's fsync) or
     * has its processor taken by another process leaves its connections waiting, unless another
     * worker can run in the meantime. Against one per processor, a brief assess went from
     * 75,500 to 82,500 requests/s (medians) at 64 connections on 2 cores with wrk beside the
     * server, and /healthz from 97,000 to 93,000 (README, "Speed"). */
    long threads = 2 * processors(), timeout = 30;
    const char *hosts[16];
    int n_hosts = 0;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        char *end;
        switch (c) {
        case 'l': listen = optarg; break;
        case 'd': db = optarg; break;
        case 'k': kbpath = optarg; break;
        case 't':
            threads = strtol(optarg, &end, 10);
            if (*end || threads < 1 || threads > 64) {
                fprintf(stderr, "scoot serve: --threads must be 1 to 64\n");
                return EXIT_USAGE;
            }
            break;
        case 'T':
            timeout = strtol(optarg, &end, 10);
            if (*end || timeout < 1 || timeout > 3600) {
                fprintf(stderr, "scoot serve: --timeout must be 1 to 3600 seconds\n");
                return EXIT_USAGE;
            }
            break;
        case 'a': log = optarg; break;
        case 'H':
            /* a name: letters, digits, dots and hyphens (no port, space or control character,
             * which the Host header it is compared with cannot hold either) */
            if (!*optarg ||
                strspn(optarg,
                       "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_") !=
                    strlen(optarg) ||
                n_hosts == (int)SCOOT_ARRAY_LEN(hosts)) {
                fprintf(
                    stderr,
                    "scoot serve: --allow-host takes a host name without port (at most %d): '%s'\n",
                    (int)SCOOT_ARRAY_LEN(hosts), cli_text(optarg));
                return EXIT_USAGE;
            }
            hosts[n_hosts++] = optarg;
            break;
        case 'r': scoot_server_print_routes(stdout); return EXIT_OK;
        case 'h': usage(stdout); return EXIT_OK;
        default: fprintf(stderr, "Try 'scoot serve --help'.\n"); return EXIT_USAGE;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "scoot serve: unexpected argument '%s'\n", cli_text(argv[optind]));
        return EXIT_USAGE;
    }
    if (threads < 1)
        threads = 2;
    if (threads > 64)
        threads = 64;
    scoot_kb *kb;
    int rc = cli_load_kb(kbpath, &kb);
    if (rc)
        return rc == SCOOT_EKB ? EXIT_INPUT : EXIT_FAIL;
    scoot_buf path;
    scoot_buf_init(&path, 0);
    if (db)
        scoot_buf_adds(&path, db);
    else
        scoot_journal_default_path(&path);
    FILE *logf = NULL;
    if (!strcmp(log, "-"))
        logf = stderr;
    else if (strcmp(log, "off")) {
        logf = fopen(log, "a");
        if (!logf) {
            perror(log);
            scoot_buf_free(&path);
            scoot_kb_free(kb);
            return EXIT_FAIL;
        }
        setvbuf(logf, NULL, _IOLBF, 0);
    }
    /* a journal that is there is checked once at start (quickly): a damaged one is served all
     * the same (what can be read is), /healthz says so */
    scoot_journal *jc;
    if (!access(scoot_buf_str(&path), F_OK) &&
        scoot_journal_open_mode(scoot_buf_str(&path), kb, SCOOT_JOURNAL_READ, &jc, NULL) == SCOOT_OK) {
        scoot_buf report;
        scoot_buf_init(&report, 0);
        if (scoot_journal_check(jc, 1, &report, NULL) == SCOOT_EDAMAGED) {
            fprintf(stderr, "scoot serve: the journal %s is damaged (/healthz answers 503; "
                            "'scoot check' says how to recover):\n",
                    cli_text(scoot_buf_str(&path)));
            cli_print_text(stderr, scoot_buf_str(&report));
        }
        scoot_buf_free(&report);
        scoot_journal_close(jc);
    }
    scoot_server_config cfg = {listen, scoot_buf_str(&path), kb, (int)threads, (unsigned)timeout,
                               logf, hosts, n_hosts};
    int st = scoot_server_run(&cfg);
    if (logf && logf != stderr)
        fclose(logf);
    scoot_buf_free(&path);
    scoot_kb_free(kb);
    return st;
}
