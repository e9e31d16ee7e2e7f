// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: any buffer is loaded as exceptions.bin; a set that loads
 * is matched against a few violations of every kind, and the buffer is also
 * offered as an added exception. ASan and UBSan watch every read.
 *
 *	make fuzz && build/tests/fuzz/fuzz_load -max_total_time=60 ../shared/vectors/
 */
#include "core/match.h"

static void fuzz_match(const struct kvmexc_set *set, const struct kvmexc_added *added,
		       const u8 *data, size_t size)
{
	static const u32 blocks[] = { 1, 2, 3, 0x10000001, 0x20000002, 0x30000003 };
	struct kvmexc_violation v;
	struct kvmexc_decision d;
	u8 kind;

	for (kind = KVMEXC_EXC_KM; kind <= KVMEXC_EXC_KUM; kind++) {
		memset(&v, 0, sizeof(v));
		v.kind = kind;
		v.flags = size > 4 ? get_unaligned_le32(data) : KVMEXC_V_GUEST64;
		v.zone = KVMEXC_ZONE_EPT + (size % 7);
		v.zone_flags = KVMEXC_ZF_WRITE | KVMEXC_ZF_READ | KVMEXC_ZF_EXEC | (size & 0x3ff);
		v.object = size % 42;
		v.originator = size > 40 ? get_unaligned_le32(data + 36) : KVMEXC_NAME_EMPTY;
		v.return_originator = v.originator;
		v.orig.rip = 0x1000;
		v.orig.blocks = blocks;
		v.orig.block_count = ARRAY_SIZE(blocks);
		v.orig.bytes = data;
		v.orig.bytes_len = size;
		v.orig.rip_offset = size / 2;
		v.ret = v.orig;
		v.originator_name = "a.exe";
		v.victim_name = "b.dll";
		v.process_name = "c.exe";
		v.cmdline = "x y";
		v.data = data;
		v.data_len = size;
		v.export.known = true;
		v.size = 8;
		v.new_value[0] = 1;
		kvmexc_match(set, added, &v, &d);
		if (d.exc)
			kvmexc_set_hits(d.from_added ? kvmexc_added_set(added) : set, d.exc);
	}
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct kvmexc_err err;
	struct kvmexc_added *added;
	struct kvmexc_set *set;

	set = kvmexc_set_build(data, size, &err);
	added = kvmexc_added_insert(NULL, 1, data, size, &err);
	if (set || added)
		fuzz_match(set, added, data, size);
	kvmexc_added_free(added);
	kvmexc_set_free(set);
	return 0;
}
