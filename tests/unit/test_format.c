// SPDX-License-Identifier: GPL-2.0
/*
 * Parsing and validation of exceptions.bin: the shared vectors, and one
 * case per rejection.
 */
#include "core/store.h"
#include "rec.h"

#include "kselftest_harness.h"

static const char *const vectors[] = {
	"01_kernel", "02_user", "03_user_apc", "04_glob", "05_kernel_user",
	"06_signatures", "07_groups", "08_layout", "10_edge_names",
};

static struct kvmexc_set *load_vector(const char *name, struct kvmexc_err *err)
{
	char path[256];
	struct kvmexc_set *set;
	size_t len = 0;
	u8 *buf;

	snprintf(path, sizeof(path), "../shared/vectors/%s.bin", name);
	buf = read_file(path, &len);
	if (!buf)
		return NULL;
	set = kvmexc_set_build(buf, len, err);
	free(buf);
	return set;
}

TEST(every_vector_loads)
{
	struct kvmexc_err err = { 0 };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(vectors); i++) {
		struct kvmexc_set *set = load_vector(vectors[i], &err);
		struct kvmexc_set_stats st;

		ASSERT_NE(NULL, set) TH_LOG("%s: %s", vectors[i], err.msg);
		kvmexc_set_stats(set, &st);
		EXPECT_EQ(set->info.kernel_count + set->info.user_count + set->info.glob_count +
			  set->info.kernel_user_count, st.kernel + st.user + st.glob +
			  st.kernel_user + st.ignored);
		EXPECT_EQ(set->info.signature_count, st.signatures);
		EXPECT_LT(0, st.bytes);
		kvmexc_set_free(set);
	}
}

TEST(vector_counts)
{
	struct kvmexc_err err = { 0 };
	struct kvmexc_set_stats st;
	struct kvmexc_set *set;

	set = load_vector("01_kernel", &err);
	ASSERT_NE(NULL, set);
	kvmexc_set_stats(set, &st);
	EXPECT_EQ(29u, st.kernel);	/* 30 records, one with "ignore" */
	EXPECT_EQ(1u, st.ignored);
	EXPECT_EQ(3u, st.signatures);
	kvmexc_set_free(set);

	set = load_vector("04_glob", &err);
	ASSERT_NE(NULL, set) TH_LOG("%s", err.msg);
	kvmexc_set_stats(set, &st);
	EXPECT_EQ(15u, st.glob);
	kvmexc_set_free(set);

	set = load_vector("05_kernel_user", &err);
	ASSERT_NE(NULL, set);
	kvmexc_set_stats(set, &st);
	EXPECT_EQ(7u, st.kernel_user);	/* one with "ignore" */
	kvmexc_set_free(set);
}

/*
 * Walks @len bytes of @buf whole and, beside it, through windows that hold
 * the rest of the file from each record on, copied elsewhere (as excctl
 * dump reads a file): the same records at the same offsets, the same error.
 * Returns how the walk ended: 0, or the error.
 */
static int walk_in_windows(struct __test_metadata *_metadata, const u8 *buf, size_t len)
{
	struct kvmexc_err ea = { 0 }, eb = { 0 };
	struct kvmexc_walk whole, win;
	struct kvmexc_record a, b;
	u8 *copy = NULL;
	size_t rest;
	int ra, rb;

	kvmexc_walk_init(&whole, buf, len, sizeof(struct kvmexc_file_header));
	kvmexc_walk_init(&win, buf, len, sizeof(struct kvmexc_file_header));
	do {
		rest = len - win.origin - win.pos;
		free(copy);
		copy = malloc(rest + 1);
		EXPECT_NE(NULL, copy);
		if (!copy)
			return -ENOMEM;
		memcpy(copy, buf + len - rest, rest);
		kvmexc_walk_slide(&win, copy, rest);
		ra = kvmexc_walk_next(&whole, &a, &ea);
		rb = kvmexc_walk_next(&win, &b, &eb);
		EXPECT_EQ(ra, rb);
		EXPECT_EQ(a.index, b.index);
		EXPECT_EQ(a.offset, b.offset);
		if (ra > 0 && rb > 0) {
			EXPECT_EQ(a.size, b.size);
			EXPECT_EQ(0, memcmp(a.body, b.body, a.size));
		}
	} while (ra > 0);
	EXPECT_STREQ(ea.msg, eb.msg);
	free(copy);
	return ra;
}

TEST(walk_slides_over_windows)
{
	char path[256];
	size_t i, len;
	u8 *buf;

	for (i = 0; i < ARRAY_SIZE(vectors); i++) {
		snprintf(path, sizeof(path), "../shared/vectors/%s.bin", vectors[i]);
		buf = read_file(path, &len);
		ASSERT_NE(NULL, buf);
		EXPECT_EQ(0, walk_in_windows(_metadata, buf, len));
		/* cut inside the last record: the error names its offset in both */
		EXPECT_EQ(-EINVAL, walk_in_windows(_metadata, buf, len - 3));
		free(buf);
	}
}

TEST(only_signatures_is_rejected)
{
	struct kvmexc_err err = { 0 };

	EXPECT_EQ(NULL, load_vector("09_only_signatures", &err));
	EXPECT_EQ(-EINVAL, err.code);
	EXPECT_NE(NULL, strstr(err.msg, "no exception"));
}

/* Builds, expects a rejection with @code whose message contains @what. */
static void expect_reject(struct __test_metadata *_metadata, struct rec_buf *b, int code,
			  const char *what)
{
	struct kvmexc_err err = { 0 };
	struct kvmexc_set *set = kvmexc_set_build(rb_finish(b), b->len, &err);

	EXPECT_EQ(NULL, set);
	kvmexc_set_free(set);
	EXPECT_EQ(code, err.code);
	EXPECT_NE(NULL, strstr(err.msg, what)) TH_LOG("message: %s", err.msg);
	free(b->data);
}

static void one_km(struct rec_buf *b)
{
	rb_init(b);
	rb_exc(b, KVMEXC_REC_KERNEL, 0x1234, 0, 0, KVMEXC_FLAG_64 | KVMEXC_FLAG_WRITE,
	       KVMEXC_KM_OBJ_ANY, 0, NULL);
}

TEST(header_errors)
{
	struct kvmexc_err err = { 0 };
	struct rec_buf b;
	u8 *img;

	EXPECT_EQ(NULL, kvmexc_set_build(NULL, 0, &err));
	EXPECT_EQ(-EINVAL, err.code);

	one_km(&b);
	img = rb_finish(&b);
	EXPECT_EQ(NULL, kvmexc_set_build(img, 20, &err));
	EXPECT_NE(NULL, strstr(err.msg, "shorter than its header"));
	img[0] ^= 1;
	EXPECT_EQ(NULL, kvmexc_set_build(img, b.len, &err));
	EXPECT_NE(NULL, strstr(err.msg, "bad magic"));
	img[0] ^= 1;
	img[4] = 3;	/* major 3 */
	EXPECT_EQ(NULL, kvmexc_set_build(img, b.len, &err));
	EXPECT_EQ(-EOPNOTSUPP, err.code);
	img[4] = 2;
	img[6] = 1;	/* minor 1 */
	EXPECT_EQ(NULL, kvmexc_set_build(img, b.len, &err));
	EXPECT_EQ(-EOPNOTSUPP, err.code);
	free(b.data);
}

TEST(newer_minor_loads_with_warning)
{
	struct kvmexc_err err = { 0 };
	struct kvmexc_set *set;
	struct rec_buf b;
	u8 *img;

	one_km(&b);
	img = rb_finish(&b);
	img[6] = 3;
	set = kvmexc_set_build(img, b.len, &err);
	ASSERT_NE(NULL, set);
	EXPECT_TRUE(set->info.newer_minor);
	kvmexc_set_free(set);
	free(b.data);
}

TEST(header_count_mismatch)
{
	struct rec_buf b;

	one_km(&b);
	b.km = 2;
	expect_reject(_metadata, &b, -EINVAL, "header counts");
	one_km(&b);
	b.sig = 1;
	expect_reject(_metadata, &b, -EINVAL, "header counts");
}

TEST(truncated_records)
{
	struct rec_buf b;

	one_km(&b);
	rb_u8(&b, 1);		/* two bytes of a record header */
	rb_u8(&b, 0);
	expect_reject(_metadata, &b, -EINVAL, "record 1 at offset 0x3b: 2 bytes left");

	one_km(&b);
	rb_u8(&b, 77);		/* unknown type running past the end */
	rb_u16(&b, 10);
	rb_u32(&b, 0);
	expect_reject(_metadata, &b, -EINVAL, "runs past the end");
}

TEST(unknown_types_are_skipped)
{
	struct kvmexc_err err = { 0 };
	struct kvmexc_set *set;
	struct rec_buf b;
	size_t at;

	one_km(&b);
	at = rb_begin(&b, 7);
	rb_u32(&b, 0xdeadbeef);
	rb_end(&b, at);
	at = rb_begin(&b, 200);
	rb_end(&b, at);
	set = kvmexc_set_build(rb_finish(&b), b.len, &err);
	ASSERT_NE(NULL, set) TH_LOG("%s", err.msg);
	EXPECT_EQ(3u, set->record_count);
	EXPECT_EQ(1u, set->exc_count);
	kvmexc_set_free(set);
	free(b.data);
}

TEST(exception_size_errors)
{
	u32 id = KVMEXC_SIG_ID(KVMEXC_SIG_IDT, 1);
	struct rec_buf b;
	size_t at;

	rb_init(&b);
	at = rb_begin(&b, KVMEXC_REC_KERNEL);
	rb_u32(&b, 5);
	rb_end(&b, at);
	b.km = 1;
	expect_reject(_metadata, &b, -EINVAL, "record 0 at offset 0x24: kernel exception of 4 bytes");

	rb_init(&b);
	rb_exc(&b, KVMEXC_REC_KERNEL, 5, 0, 0, KVMEXC_FLAG_64, 1, 1, &id);
	b.data[b.len - 6] = 3;	/* sig_count 3 in a record with room for 1 */
	rb_idt(&b, id, KVMEXC_SIG_FLAG_64, 3);
	expect_reject(_metadata, &b, -EINVAL, "declares 3 signatures but its size is 24");

	rb_init(&b);
	rb_exc(&b, KVMEXC_REC_USER, 5, 0, 0, KVMEXC_FLAG_64, 1, 0, NULL);
	b.data[b.len - 1] = 0;
	b.data[b.len - 2] = 0;
	b.data[b.len - 3] = 16;	/* object type 16 > instrumentation-callback */
	expect_reject(_metadata, &b, -EINVAL, "user exception has object type 16");

	rb_init(&b);
	rb_exc(&b, KVMEXC_REC_KERNEL, 5, 0, 0, KVMEXC_FLAG_64, 26, 0, NULL);
	expect_reject(_metadata, &b, -EINVAL, "kernel exception has object type 26");

	rb_init(&b);
	rb_exc(&b, KVMEXC_REC_KERNEL_USER, 5, 0, 0, KVMEXC_FLAG_64, 5, 0, NULL);
	expect_reject(_metadata, &b, -EINVAL, "kernel-user exception has object type 5");
}

TEST(signature_reference_errors)
{
	u32 idt = KVMEXC_SIG_ID(KVMEXC_SIG_IDT, 1);
	u32 wrong = KVMEXC_SIG_ID(KVMEXC_SIG_CODEBLOCKS, 1);
	struct rec_buf b;

	/* an id that is not in the file */
	rb_init(&b);
	rb_exc(&b, KVMEXC_REC_KERNEL, 5, 0, 0, KVMEXC_FLAG_64, 1, 1, &idt);
	expect_reject(_metadata, &b, -EINVAL, "signature id 0x4b000001 (type 300) is not a signature");

	/* an id whose type bits name another type than the record it points at */
	rb_init(&b);
	rb_exc(&b, KVMEXC_REC_KERNEL, 5, 0, 0, KVMEXC_FLAG_64, 1, 1, &wrong);
	rb_idt(&b, wrong, KVMEXC_SIG_FLAG_64, 1);
	expect_reject(_metadata, &b, -EINVAL, "claims type 600 in a record of type 300");
}

TEST(glob_errors)
{
	char long_pat[80];
	struct rec_buf b;
	size_t at;

	memset(long_pat, 'a', 64);
	long_pat[64] = 0;
	rb_init(&b);
	rb_glob(&b, long_pat, "*", "*", KVMEXC_FLAG_64, 1, 0, NULL);
	expect_reject(_metadata, &b, -EINVAL, "glob originator pattern has 64 characters");

	rb_init(&b);
	rb_glob(&b, "a", "", "*", KVMEXC_FLAG_64, 1, 0, NULL);
	expect_reject(_metadata, &b, -EINVAL, "glob victim pattern is empty");

	rb_init(&b);
	at = rb_begin(&b, KVMEXC_REC_USER_GLOB);
	rb_u32(&b, KVMEXC_FLAG_64);
	rb_u32(&b, 0x00000100);	/* object any, no ids */
	rb_bytes(&b, "abc\0x\0pp", 8);	/* the process pattern has no NUL */
	rb_end(&b, at);
	b.glob = 1;
	expect_reject(_metadata, &b, -EINVAL, "glob process pattern is not NUL-terminated");

	rb_init(&b);
	rb_glob(&b, "a", "b", "c", KVMEXC_FLAG_64, 1, 0, NULL);
	b.data[b.len - 6 - 2] = 1;	/* sig_count 1 but no room for ids */
	expect_reject(_metadata, &b, -EINVAL, "declares 1 signatures but has 0 bytes");

	rb_init(&b);
	rb_glob(&b, "a", "b", "c", KVMEXC_FLAG_64, 16, 0, NULL);
	expect_reject(_metadata, &b, -EINVAL, "glob exception has object type 16");
}

TEST(signature_size_errors)
{
	u32 h = 1;
	u16 w[2] = { 0x90, 0x200 };
	struct rec_buf b;
	size_t at;

	one_km(&b);
	at = rb_cb(&b, KVMEXC_SIG_ID(600, 1), 3, 1, 2);
	rb_cb_list(&b, 1, &h);		/* a second list is missing */
	rb_end(&b, at);
	expect_reject(_metadata, &b, -EINVAL, "codeblocks list 1 starts past");

	one_km(&b);
	at = rb_cb(&b, KVMEXC_SIG_ID(600, 1), 3, 1, 1);
	rb_u8(&b, 3);			/* 3 hashes, only 1 present */
	rb_u32(&b, 1);
	rb_end(&b, at);
	expect_reject(_metadata, &b, -EINVAL, "codeblocks list 0 of 3 hashes ends past");

	one_km(&b);
	at = rb_cb(&b, KVMEXC_SIG_ID(600, 1), 3, 1, 1);
	rb_cb_list(&b, 1, &h);
	rb_u8(&b, 0);			/* trailing byte */
	rb_end(&b, at);
	expect_reject(_metadata, &b, -EINVAL, "codeblocks signature uses 15 of its 16 bytes");

	one_km(&b);
	rb_export(&b, KVMEXC_SIG_ID(100, 1), 3, 0, 0, 0);
	b.data[b.len - 12] = 2;		/* two entries declared, one present */
	expect_reject(_metadata, &b, -EINVAL, "type 100 declares 2 entries but its size is 24");

	one_km(&b);
	rb_value(&b, KVMEXC_SIG_ID(200, 1), 3, 1, 0, 4, 0);
	b.data[b.len - 15] = 0;		/* no entry declared, one present */
	expect_reject(_metadata, &b, -EINVAL, "type 200 declares 0 entries but its size is 24");

	one_km(&b);
	rb_value_code(&b, KVMEXC_SIG_ID(500, 1), 3, 0, 2, w);
	expect_reject(_metadata, &b, -EINVAL, "pattern word 1 is 0x200");

	one_km(&b);
	rb_value_code(&b, KVMEXC_SIG_ID(500, 1), 3, 0, 0, w);
	expect_reject(_metadata, &b, -EINVAL, "empty pattern");

	one_km(&b);
	at = rb_sig_begin(&b, KVMEXC_REC_SIG_IDT, KVMEXC_SIG_ID(300, 1), 3);
	rb_u32(&b, 1);
	rb_u32(&b, 0);			/* 16 bytes instead of 12 */
	rb_end(&b, at);
	expect_reject(_metadata, &b, -EINVAL, "type 300 has 16 bytes instead of 12");

	one_km(&b);
	at = rb_sig_begin(&b, KVMEXC_REC_SIG_VERSION_OS, KVMEXC_SIG_ID(50, 1), 3);
	rb_u64(&b, 0);
	rb_end(&b, at);
	expect_reject(_metadata, &b, -EINVAL, "type 50 has 16 bytes instead of 24");

	one_km(&b);
	at = rb_begin(&b, KVMEXC_REC_SIG_PROCESS_CREATION);
	rb_u32(&b, KVMEXC_SIG_ID(70, 1));
	rb_end(&b, at);
	b.sig++;
	expect_reject(_metadata, &b, -EINVAL, "has no id and flags");
}

TEST(failed_build_leaves_nothing)
{
	/* the set object is built completely or not at all: ASan sees any leak */
	struct kvmexc_err err = { 0 };
	u32 id = KVMEXC_SIG_ID(600, 9);
	struct rec_buf b;

	one_km(&b);
	rb_exc(&b, KVMEXC_REC_KERNEL, 6, 0, 0, KVMEXC_FLAG_64, 1, 1, &id);
	EXPECT_EQ(NULL, kvmexc_set_build(rb_finish(&b), b.len, &err));
	EXPECT_NE(NULL, strstr(err.msg, "record 1 at offset 0x3b"));
	free(b.data);
}

TEST_HARNESS_MAIN
