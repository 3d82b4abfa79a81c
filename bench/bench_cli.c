/*
 * bench_cli.c: wall time of whole `scoot assess --case FILE --format json` processes (median
 * of many runs), beside /bin/true started the same way in the same run: the machine's own
 * cost of starting a process.
 * Usage: bench_cli SCOOT GOLDEN.json
 */
#include "../src/core/setup.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench_common.h"

#define RUNS 201

extern char **environ;

static double run_once(char *const argv[])
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    double t0 = now_s();
    pid_t pid;
    if (posix_spawn(&pid, argv[0], &fa, NULL, argv, environ) != 0) {
        perror(argv[0]);
        exit(1);
    }
    int st;
    waitpid(pid, &st, 0);
    double t = now_s() - t0;
    posix_spawn_file_actions_destroy(&fa);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        fprintf(stderr, "bench_cli: %s failed\n", argv[0]);
        exit(1);
    }
    return t;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: bench_cli SCOOT GOLDEN.json\n");
        return 2;
    }
    char *json[1];
    if (load_cases(argv[2], json, 1) != 1)
        return 1;
    char path[] = "/tmp/scoot-bench-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0 || write(fd, json[0], strlen(json[0])) < 0) {
        perror("bench_cli: temp file");
        return 1;
    }
    close(fd);
    free(json[0]); /* json_dumps output */
    char *scoot[] = {argv[1], "assess", "--case", path, "--format", "json", NULL};
    char *truth[] = {"/bin/true", NULL};
    double a[RUNS], b[RUNS];
    for (int i = 0; i < 5; i++)
        run_once(scoot); /* warm the page cache */
    for (int i = 0; i < RUNS; i++) {
        a[i] = run_once(scoot);
        b[i] = run_once(truth);
    }
    unlink(path);
    printf("cli.assess_process %.3f ms\n", median(a, RUNS) * 1e3);
    printf("cli.true_process %.3f ms\n", median(b, RUNS) * 1e3);
    return 0;
}
