/* kb_cmd.c: `scoot kb check FILE…` and `scoot kb show`. */
#include "../core/setup.h"

#include <getopt.h>
#include <stdio.h>

#include "cli.h"

static void usage(FILE *f)
{
    fprintf(f, "Usage: scoot kb check FILE...\n"
               "       scoot kb show [--kb FILE] [--format text|json]\n"
               "\n"
               "check   validate knowledge-base files; every problem is printed as\n"
               "        FILE:LINE:COL: message (exit 3 when any file has errors)\n"
               "show    print the knowledge base (the built-in one unless --kb): a summary,\n"
               "        or with --format json everything a front end needs\n"
               "\n"
               "  --kb FILE          use this knowledge base instead of the built-in one\n"
               "  --format FORMAT    text (default) or json\n"
               "  -h, --help         show this help\n"
               "\n"
               "The language is described in docs/kb-language.md.\n");
}

static int check(int argc, char **argv)
{
    /* only files (a file named like an option comes after "--"): an option is not taken for
     * a file that cannot be opened ("kb check --kb my.kb") */
    int nfiles = 0;
    for (int i = 1, opts = 1; i < argc; i++) {
        if (opts && !strcmp(argv[i], "--")) {
            opts = 0;
        } else if (opts && (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))) {
            usage(stdout);
            return EXIT_OK;
        } else if (opts && argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr,
                    "scoot kb check: unknown option '%s' (it takes only FILEs; put '--' before "
                    "a file whose name starts with '-')\n",
                    cli_text(argv[i]));
            return EXIT_USAGE;
        } else {
            nfiles++;
        }
    }
    if (!nfiles) {
        fprintf(stderr, "scoot kb check: name at least one FILE\n");
        return EXIT_USAGE;
    }
    int worst = EXIT_OK;
    for (int i = 1, opts = 1; i < argc; i++) {
        if (opts && !strcmp(argv[i], "--")) {
            opts = 0;
            continue;
        }
        scoot_kb *kb = NULL;
        scoot_buf err;
        scoot_buf_init(&err, 0);
        int rc = scoot_kb_load_file(argv[i], &kb, &err);
        cli_print_text(stderr, scoot_buf_str(&err)); /* (it names the file, as given) */
        scoot_buf_free(&err);
        if (rc == SCOOT_OK) {
            printf("%s: ok (%s %s)\n", cli_text(argv[i]), scoot_kb_id(kb), scoot_kb_version(kb));
            scoot_kb_free(kb);
        } else if (rc == SCOOT_EKB || rc == SCOOT_ETOOBIG) {
            worst = EXIT_INPUT;
        } else {
            if (rc != SCOOT_EIO)
                fprintf(stderr, "%s: %s\n", cli_text(argv[i]), scoot_strerror(rc));
            if (worst == EXIT_OK)
                worst = EXIT_FAIL;
        }
    }
    return worst;
}

static int show(int argc, char **argv)
{
    static const struct option opts[] = {{"kb", required_argument, NULL, 'k'},
                                         {"format", required_argument, NULL, 'f'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *kbpath = NULL;
    int json = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'k': kbpath = optarg; break;
        case 'f':
            if (!strcmp(optarg, "json"))
                json = 1;
            else if (strcmp(optarg, "text")) {
                fprintf(stderr, "scoot kb show: --format must be text or json, not '%s'\n",
                        cli_text(optarg));
                return EXIT_USAGE;
            }
            break;
        case 'h': usage(stdout); return EXIT_OK;
        default: return EXIT_USAGE;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "scoot kb show: unexpected argument '%s'\n", cli_text(argv[optind]));
        return EXIT_USAGE;
    }
    scoot_kb *kb;
    int rc = cli_load_kb(kbpath, &kb);
    if (rc)
        return rc == SCOOT_EKB ? EXIT_INPUT : EXIT_FAIL;
    scoot_buf out;
    scoot_buf_init(&out, 0);
    rc = json ? scoot_kb_to_json(kb, &out) : scoot_kb_to_text(kb, &out);
    if (!rc)
        fwrite(out.data, 1, out.len, stdout);
    scoot_buf_free(&out);
    scoot_kb_free(kb);
    return rc ? EXIT_FAIL : EXIT_OK;
}

int cmd_kb(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? EXIT_USAGE : EXIT_OK;
    }
    if (!strcmp(argv[1], "check"))
        return check(argc - 1, argv + 1);
    if (!strcmp(argv[1], "show"))
        return show(argc - 1, argv + 1);
    fprintf(stderr, "scoot kb: unknown subcommand '%s' (expected check or show)\n",
            cli_text(argv[1]));
    return EXIT_USAGE;
}
