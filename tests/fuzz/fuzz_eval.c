// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: any buffer is an EVAL request's attributes, parsed as
 * netlink attributes with no policy (the module's policies refuse more, so
 * the core must cope with anything), turned into a violation by the core's
 * conversion (core/violation.c, the module's own) and decided against every
 * golden vector that loads.
 *
 *	build/tests/fuzz/fuzz_eval tests/fuzz/corpus/fuzz_eval
 *
 * The vectors are read from $KVMEXC_VECTORS, ../shared/vectors by default.
 */
#include <stdio.h>
#include <stdlib.h>

#include <netlink/attr.h>

#include "core/violation.h"
#include "ctl/cli/excctl.h"

static const char *const vectors[] = {
	"01_kernel", "02_user", "03_user_apc", "04_glob", "05_kernel_user",
	"06_signatures", "07_groups", "08_layout", "10_edge_names",
};

static struct kvmexc_set *sets[ARRAY_SIZE(vectors)];

static struct kvmexc_set *load_vector(const char *dir, const char *name)
{
	struct kvmexc_err err = { 0 };
	struct kvmexc_set *set;
	char path[512];
	size_t len;
	u8 *buf;

	snprintf(path, sizeof(path), "%s/%s.bin", dir, name);
	buf = excctl_read_file(path, &len);
	if (!buf)
		exit(1);
	set = kvmexc_set_build(buf, len, &err);
	if (!set) {
		fprintf(stderr, "%s: %s\n", path, err.msg);
		exit(1);
	}
	free(buf);
	return set;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *dir = getenv("KVMEXC_VECTORS");
	size_t i;

	(void)argc;
	(void)argv;
	for (i = 0; i < ARRAY_SIZE(vectors); i++)
		sets[i] = load_vector(dir ? dir : "../shared/vectors", vectors[i]);
	return 0;
}

/* Each attribute of @tb as the core reads it. */
static void attrs_from(struct nlattr **tb, int max, struct kvmexc_attr *out)
{
	int i;

	for (i = 0; i <= max; i++)
		if (tb[i])
			out[i] = (struct kvmexc_attr){
				.data = nla_data(tb[i]), .len = nla_len(tb[i]), .origin = tb[i],
			};
}

/* EXPORT is the larger nest */
_Static_assert(KVMEXC_A_CODE_MAX <= KVMEXC_A_EXPORT_MAX, "nest sizes");

static void nest_from(struct nlattr *nest, int max, struct kvmexc_attr *out)
{
	struct nlattr *tb[KVMEXC_A_EXPORT_MAX + 1];

	if (nest && !nla_parse_nested(tb, max, nest, NULL))
		attrs_from(tb, max, out);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static struct kvmexc_eval_attrs a;
	struct nlattr *tb[KVMEXC_A_EVAL_MAX + 1];
	struct kvmexc_attr_err err;
	struct kvmexc_violation v;
	struct kvmexc_decision d;
	size_t i;

	/* libnl's parser walks a mutable head; it writes nothing */
	if (nla_parse(tb, KVMEXC_A_EVAL_MAX, (struct nlattr *)data, size, NULL))
		return 0;
	memset(&a, 0, sizeof(a));
	attrs_from(tb, KVMEXC_A_EVAL_MAX, a.eval);
	nest_from(tb[KVMEXC_A_EVAL_CODE], KVMEXC_A_CODE_MAX, a.code);
	nest_from(tb[KVMEXC_A_EVAL_RETURN_CODE], KVMEXC_A_CODE_MAX, a.return_code);
	nest_from(tb[KVMEXC_A_EVAL_EXPORT], KVMEXC_A_EXPORT_MAX, a.export);
	if (kvmexc_violation_from_attrs(&a, &v, &err)) {
		/* every refusal names its reason */
		if (!err.msg || !*err.msg)
			abort();
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(sets); i++)
		kvmexc_match(sets[i], NULL, &v, &d);
	return 0;
}
