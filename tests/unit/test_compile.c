// SPDX-License-Identifier: GPL-2.0
/*
 * excctl compile in-process, under ASan and UBSan: the golden vectors, and
 * the pieces that read the input the way Python does (the JSON reader and
 * int()).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../ctl/compiler/compile.h"
#include "../../ctl/cli/excctl.h"

#include "kselftest_harness.h"

#define VECTORS "../shared/vectors"

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;

	*len = 0;
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	*len = ftell(f);
	rewind(f);
	buf = malloc(*len + 1);
	if (buf && fread(buf, 1, *len, f) != *len) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

static int compile_vector(const char *name, const char *out)
{
	char dir[256];
	char *argv[] = {
		"compile", "--config", VECTORS "/config.json", "--build", "7",
		"--output", (char *)out, dir, NULL,
	};

	snprintf(dir, sizeof(dir), VECTORS "/%s", name);
	return excctl_cmd_compile(8, argv);
}

TEST(golden_vectors)
{
	static const char *const vectors[] = {
		"01_kernel", "02_user", "03_user_apc", "04_glob", "05_kernel_user",
		"06_signatures", "07_groups", "08_layout", "09_only_signatures",
		"10_edge_names",
	};
	char out[] = "/tmp/test_compile.XXXXXX", want_path[256];
	size_t i, got_len, want_len;
	char *got, *want;
	int fd = mkstemp(out);

	ASSERT_LE(0, fd);
	close(fd);
	for (i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		snprintf(want_path, sizeof(want_path), VECTORS "/%s.bin", vectors[i]);
		EXPECT_EQ(0, compile_vector(vectors[i], out));
		got = read_all(out, &got_len);
		want = read_all(want_path, &want_len);
		ASSERT_NE(NULL, got);
		ASSERT_NE(NULL, want);
		EXPECT_EQ(want_len, got_len);
		EXPECT_EQ(0, memcmp(want, got, got_len < want_len ? got_len : want_len))
			TH_LOG("%s differs", vectors[i]);
		free(got);
		free(want);
	}
	unlink(out);
}

static int parse(const char *text, struct jv *root, struct cc_arena *a, const char **err)
{
	char *copy = cc_arena_strndup(a, text, strlen(text));
	size_t at;

	return jv_parse(copy, strlen(text), a, root, &at, err);
}

TEST(json_dialect)
{
	struct cc_arena a = { 0 };
	const char *err;
	struct jv root;

	ASSERT_EQ(0, parse("{\"a\": 1, \"b\": [\"x\\u00e9\\ud83d\\ude00\",], \"a\": 2, // c\n"
			   " /* d */ \"n\": NaN, \"big\": 123456789012345678901234567890}",
			   &root, &a, &err));
	ASSERT_EQ(JV_OBJECT, root.type);
	EXPECT_EQ(4, root.len);			/* the duplicate "a" keeps its place */
	EXPECT_EQ(2, jv_get(&root, "a")->i);
	EXPECT_STREQ("x\xc3\xa9\xf0\x9f\x98\x80", jv_get(&root, "b")->items[0].s);
	EXPECT_TRUE(jv_get(&root, "big")->big);
	EXPECT_EQ(JV_DOUBLE, jv_get(&root, "n")->type);
	EXPECT_EQ(-1, parse("{\"a\": \"x\ty\"}", &root, &a, &err));
	EXPECT_STREQ("control character in a string", err);
	EXPECT_EQ(-1, parse("{\"a\": 01}", &root, &a, &err));
	EXPECT_EQ(-1, parse("{\"a\": \"\xff\"}", &root, &a, &err));
	EXPECT_STREQ("not valid UTF-8", err);
	EXPECT_EQ(-1, parse("[1, 2] 3", &root, &a, &err));
	cc_arena_free(&a);
}

TEST(python_int)
{
	int64_t v;

	EXPECT_EQ(0, cc_py_int_str(" +1_000 ", 8, 10, &v));
	EXPECT_EQ(1000, v);
	EXPECT_EQ(0, cc_py_int_str("0x_1F", 5, 16, &v));
	EXPECT_EQ(31, v);
	EXPECT_EQ(0, cc_py_int_str("0b1", 3, 16, &v));	/* hex digits, not a prefix */
	EXPECT_EQ(0xB1, v);
	EXPECT_EQ(0, cc_py_int_str("0o17", 4, 0, &v));
	EXPECT_EQ(15, v);
	EXPECT_EQ(-EINVAL, cc_py_int_str("0x10", 4, 10, &v));
	EXPECT_EQ(-EINVAL, cc_py_int_str("010", 3, 0, &v));
	EXPECT_EQ(-EINVAL, cc_py_int_str("1__0", 4, 10, &v));
	EXPECT_EQ(-EINVAL, cc_py_int_str("", 0, 10, &v));
	EXPECT_EQ(-ERANGE, cc_py_int_str("99999999999999999999", 20, 10, &v));
}

TEST_HARNESS_MAIN
