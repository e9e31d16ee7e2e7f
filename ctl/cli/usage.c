// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>

#include "excctl.h"

int excctl_cmd_usage(const char *cmd, const char *usage)
{
	fprintf(stderr, "usage: excctl %s %s\n", cmd, usage);
	return 2;
}
