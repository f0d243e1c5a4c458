#include <stdio.h>

#include "cmd_test.h"

int cmd_test(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "racetest: the test command is not built yet\n");
    return 2;
}
