// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: any buffer is parsed as a raw alert blob and as base64
 * text as people paste it (wrapped, several blobs); a blob that parses is
 * printed, turned into JSON and into an exception.
 * ASan and UBSan watch every read.
 *
 *	make fuzz && build/tests/fuzz/fuzz_decode -max_total_time=60 \
 *		tests/fuzz/corpus/fuzz_decode/
 */
#include "../../ctl/decoder/decode.h"

static void fuzz_use(const struct excctl_blob *b)
{
	static FILE *null;
	struct json_object *exc, *sigs, *j;
	char err[256];

	if (!null)
		null = fopen("/dev/null", "w");
	excctl_blob_print(b, null);
	j = excctl_blob_json(b);
	json_object_to_json_string(j);
	json_object_put(j);
	if (!excctl_blob_exception(b, &exc, &sigs, err, sizeof(err))) {
		json_object_put(exc);
		json_object_put(sigs);
	}
}

static void fuzz_parse(const u8 *data, size_t size, bool binary)
{
	struct excctl_blobs bl;
	char err[256];
	size_t i;

	if (excctl_blobs_parse((const char *)data, size, binary, &bl, err, sizeof(err)))
		return;
	for (i = 0; i < bl.n; i++)
		fuzz_use(&bl.v[i]);
	excctl_blobs_free(&bl);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	fuzz_parse(data, size, true);
	fuzz_parse(data, size, false);
	return 0;
}
