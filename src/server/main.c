/* main.c: scoot-server, the program behind `scoot serve`. */
#include "../core/setup.h"

#include "../cli/cli.h"

int main(int argc, char **argv)
{
    cli_prog = "scoot serve";
    return cmd_serve(argc, argv);
}
