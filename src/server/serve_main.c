/* serve_main.c: scoot-server, the program behind `scoot serve` (which the scoot command runs
 * from its own directory): its options, then the server. */
#define _GNU_SOURCE 1 /* sched_getaffinity */
#include "../core/setup.h"

#include <fcntl.h>
#include <getopt.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "../core/text.h"
#include "routes.h"
#include "scoot/error.h"
#include "scoot/journal.h"
#include "server.h"

/* The exit statuses, as the scoot command documents them (scoot.1). */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2, EXIT_INPUT = 3 };

/* s with control characters made visible, for a message on a terminal (a static buffer:
 * one message at a time). */
static const char *shown(const char *s)
{
    static scoot_buf b;
    scoot_buf_free(&b);
    scoot_buf_init(&b, 0);
    return scoot__text_escape(&b, s, SCOOT__ESC_LINE) == SCOOT_OK ? scoot_buf_str(&b)
                                                                 : "(out of memory)";
}

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
               "                   [--timeout SECONDS] [--header-timeout SECONDS] [--body-timeout SECONDS]\n"
               "                   [--max-per-client N] [--max-connections N]\n"
               "                   [--access-log FILE|-|off] [--access-log-buffer BYTES]\n"
               "                   [--access-log-flush SECONDS] [--allow-host NAME]... [--routes]\n"
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
               "  --header-timeout SECONDS\n"
               "                         a request's headers must be in this long after the\n"
               "                         connection opened (or, for a later request on it, after\n"
               "                         its first line), however steadily they trickle in;\n"
               "                         else 408 and the connection is closed (default 10)\n"
               "  --body-timeout SECONDS the same for the headers and body together, and for\n"
               "                         sending the answer (default 30)\n"
               "  --max-per-client N     connections open at once from one address (default 64;\n"
               "                         0: no cap); more are closed at once. Behind a reverse\n"
               "                         proxy on the same machine every client has its address:\n"
               "                         raise it there\n"
               "  --max-connections N    connections open at once (default: what the descriptor\n"
               "                         limit, raised to its hard value, leaves room for, at\n"
               "                         most 10000); more get 503 and are closed at once\n"
               "  --access-log FILE      one line per request (default - : standard error; off)\n"
               "  --access-log-buffer BYTES\n"
               "                         each worker gathers its lines and writes them when this\n"
               "                         much is gathered (default 65536; 0: each line at once,\n"
               "                         the default when the log is a terminal)\n"
               "  --access-log-flush SECONDS\n"
               "                         the longest a line waits to be written (default 1)\n"
               "  --allow-host NAME      also answer requests for Host NAME (repeatable; a name\n"
               "                         the server is reached by, e.g. behind a reverse proxy).\n"
               "                         Loopback names and the address a client connected to\n"
               "                         are always answered; other names get 421, so that a web\n"
               "                         page cannot reach the journal by pointing its own DNS\n"
               "                         name at this machine\n"
               "  --routes               print the routes and exit\n"
               "SIGINT or SIGTERM stop it after the requests in flight.\n");
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {{"listen", required_argument, NULL, 'l'},
                                         {"db", required_argument, NULL, 'd'},
                                         {"kb", required_argument, NULL, 'k'},
                                         {"threads", required_argument, NULL, 't'},
                                         {"timeout", required_argument, NULL, 'T'},
                                         {"header-timeout", required_argument, NULL, 'E'},
                                         {"body-timeout", required_argument, NULL, 'B'},
                                         {"max-per-client", required_argument, NULL, 'P'},
                                         {"max-connections", required_argument, NULL, 'C'},
                                         {"access-log", required_argument, NULL, 'a'},
                                         {"access-log-buffer", required_argument, NULL, 'b'},
                                         {"access-log-flush", required_argument, NULL, 'f'},
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
    long threads = 2 * processors(), timeout = 30, header_timeout = 10, body_timeout = 30;
    long per_client = 64, max_conns = 0, log_buffer = -1, log_flush = 1;
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
        case 'E':
        case 'B': {
            long v = strtol(optarg, &end, 10);
            if (!*optarg || *end || v < 1 || v > 3600) {
                fprintf(stderr, "scoot serve: --%s must be 1 to 3600 seconds\n",
                        c == 'E' ? "header-timeout" : "body-timeout");
                return EXIT_USAGE;
            }
            *(c == 'E' ? &header_timeout : &body_timeout) = v;
            break;
        }
        case 'P':
        case 'C': {
            long v = strtol(optarg, &end, 10);
            if (!*optarg || *end || v < (c == 'P' ? 0 : 1) || v > 1000000) {
                fprintf(stderr, "scoot serve: --%s must be a whole number from %d to 1000000\n",
                        c == 'P' ? "max-per-client" : "max-connections", c == 'P' ? 0 : 1);
                return EXIT_USAGE;
            }
            *(c == 'P' ? &per_client : &max_conns) = v;
            break;
        }
        case 'a': log = optarg; break;
        case 'b':
            log_buffer = strtol(optarg, &end, 10);
            if (!*optarg || *end || log_buffer < 0 || log_buffer > 16L << 20) {
                fprintf(stderr, "scoot serve: --access-log-buffer must be 0 to 16777216 bytes\n");
                return EXIT_USAGE;
            }
            break;
        case 'f':
            log_flush = strtol(optarg, &end, 10);
            if (!*optarg || *end || log_flush < 1 || log_flush > 3600) {
                fprintf(stderr, "scoot serve: --access-log-flush must be 1 to 3600 seconds\n");
                return EXIT_USAGE;
            }
            break;
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
                    (int)SCOOT_ARRAY_LEN(hosts), shown(optarg));
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
        fprintf(stderr, "scoot serve: unexpected argument '%s'\n", shown(argv[optind]));
        return EXIT_USAGE;
    }
    if (body_timeout < header_timeout) {
        fprintf(stderr, "scoot serve: --body-timeout (%ld s) cannot be shorter than --header-timeout (%ld s): "
                        "the body's deadline includes the headers\n",
                body_timeout, header_timeout);
        return EXIT_USAGE;
    }
    if (threads < 1)
        threads = 2;
    if (threads > 64)
        threads = 64;
    scoot_kb *kb;
    scoot_buf kberr;
    scoot_buf_init(&kberr, 0);
    int rc = kbpath ? scoot_kb_load_file(kbpath, &kb, &kberr) : scoot_kb_load_default(&kb, &kberr);
    if (rc)
        fprintf(stderr, "%sscoot serve: %s\n", scoot_buf_str(&kberr),
                rc == SCOOT_EKB ? "the knowledge base has errors (see above)" : scoot_strerror(rc));
    scoot_buf_free(&kberr);
    if (rc)
        return rc == SCOOT_EKB ? EXIT_INPUT : EXIT_FAIL;
    scoot_buf path;
    scoot_buf_init(&path, 0);
    if (db)
        scoot_buf_adds(&path, db);
    else
        scoot_journal_default_path(&path);
    int logfd = -1;
    if (!strcmp(log, "-"))
        logfd = STDERR_FILENO;
    else if (strcmp(log, "off")) {
        logfd = open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
        if (logfd < 0) {
            perror(log);
            scoot_buf_free(&path);
            scoot_kb_free(kb);
            return EXIT_FAIL;
        }
    }
    /* a person watching the log on a terminal sees each line at once */
    if (log_buffer < 0)
        log_buffer = logfd >= 0 && isatty(logfd) ? 0 : 64 * 1024;
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
                    shown(scoot_buf_str(&path)));
            scoot_buf lines;
            scoot_buf_init(&lines, 0);
            if (scoot__text_escape(&lines, scoot_buf_str(&report), SCOOT__ESC_LINES) == SCOOT_OK)
                fputs(scoot_buf_str(&lines), stderr);
            scoot_buf_free(&lines);
        }
        scoot_buf_free(&report);
        scoot_journal_close(jc);
    }
    scoot_server_config cfg = {listen,
                               scoot_buf_str(&path),
                               kb,
                               (int)threads,
                               (unsigned)timeout,
                               (unsigned)header_timeout,
                               (unsigned)body_timeout,
                               (unsigned)per_client,
                               (unsigned)max_conns,
                               logfd,
                               (size_t)log_buffer,
                               (unsigned)log_flush * 1000u,
                               hosts,
                               n_hosts};
    scoot_server *srv;
    int st = EXIT_FAIL;
    if (scoot_server_new(&cfg, &srv))
        fprintf(stderr, "scoot serve: out of memory\n");
    else {
        st = scoot_server_run(srv);
        scoot_server_free(srv); /* (writes the access log out, closes the journals) */
        if (st == EXIT_OK)
            fprintf(stderr, "scoot serve: stopped cleanly\n");
    }
    if (logfd > STDERR_FILENO)
        close(logfd);
    scoot_buf_free(&path);
    scoot_kb_free(kb);
    return st;
}
