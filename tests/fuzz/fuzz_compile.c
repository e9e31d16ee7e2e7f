// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: excctl compile, the whole command. A buffer is up to
 * eight JSON files separated by NUL bytes (so that signatures of one file
 * can be used by the next); they are written to a scratch directory and
 * compiled in that order with the built-in configuration, and the output
 * is dumped (--verbose 2) through excctl's dump.
 *
 *	build/tests/fuzz/fuzz_compile -close_fd_mask=3 tests/fuzz/corpus/fuzz_compile
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl/cli/excctl.h"

#define MAX_FILES 8

/* tmpfs: a compile writes its output through a renamed temporary file */
static char dir[] = "/dev/shm/fuzz_compile.XXXXXX";
static char paths[MAX_FILES + 1][sizeof(dir) + 16];

static void cleanup(void)
{
	int i;

	for (i = 0; i <= MAX_FILES; i++)
		unlink(paths[i]);
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	int i;

	(void)argc;
	(void)argv;
	if (!mkdtemp(dir))
		abort();
	for (i = 0; i < MAX_FILES; i++)
		snprintf(paths[i], sizeof(paths[i]), "%s/%d.json", dir, i);
	snprintf(paths[MAX_FILES], sizeof(paths[MAX_FILES]), "%s/out.bin", dir);
	atexit(cleanup);
	return 0;
}

static void write_file(const char *path, const unsigned char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(data, 1, len, f) != len || fclose(f))
		abort();
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	char *argv[8 + MAX_FILES] = {
		"compile", "--verbose", "2", "--build", "7", "--output", paths[MAX_FILES],
	};
	int argc = 7, n = 0;
	const unsigned char *end = data + size, *nul;

	while (n < MAX_FILES) {
		nul = memchr(data, 0, end - data);
		write_file(paths[n], data, (nul ? nul : end) - data);
		argv[argc++] = paths[n++];
		if (!nul)
			break;
		data = nul + 1;
	}
	excctl_cmd_compile(argc, argv);
	return 0;
}
