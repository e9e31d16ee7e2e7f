// SPDX-License-Identifier: GPL-2.0
/*
 * excctl decode (--alert | --exception | --event) and excctl add-from-alert:
 * a serialized alert blob read, shown, or turned into an exception.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/kvmexc.h>
#include <netlink/attr.h>

#include "core/crc32.h"
#include "decoder/decode.h"
#include "cli/excctl.h"
#include "cli/json.h"
#include "cli/nl.h"

int excctl_blobs_load(const char *arg, const char *file, bool binary, struct excctl_blobs *bl)
{
	unsigned char *buf = NULL;
	char err[256];
	size_t len;
	int ret;

	if (file || !strcmp(arg, "-")) {
		buf = excctl_read_file(file ? file : "-", &len);
		if (!buf)
			return -1;
		arg = (const char *)buf;
	} else {
		len = strlen(arg);
	}
	ret = excctl_blobs_parse(arg, len, binary, bl, err, sizeof(err));
	free(buf);
	if (ret)
		fprintf(stderr, "excctl: alert blob: %s\n", err);
	return ret;
}

struct excctl_decode_args {
	const char *mode;	/* decode: --alert, --exception or --event */
	const char *blob;	/* B64 or - */
	const char *file;
	bool binary;
	bool json;
	unsigned long long context;
	bool has_context;
	unsigned long long alert_seq;	/* add-from-alert: the guest's alert, 0 none */
	unsigned int guest;
};

/* What both commands take: the blob, --file, --binary and --json. */
static void excctl_decode_opts(const struct excctl_opts *o, struct excctl_decode_args *a)
{
	memset(a, 0, sizeof(*a));
	a->blob = excctl_opt_str(o, "B64");
	a->file = excctl_opt_str(o, "--file");
	a->binary = excctl_opt_flag(o, "--binary");
	a->json = o->json;
}

/* Text for people: indented as the reference deserializer prints it. */
static void excctl_print_json(struct json_object *j)
{
	puts(json_object_to_json_string_ext(j, JSON_C_TO_STRING_PRETTY |
					    JSON_C_TO_STRING_SPACED));
}

static int excctl_decode_exception(const struct excctl_blob *b, bool json)
{
	struct json_object *exc, *sigs, *both;
	char err[256];

	if (excctl_blob_exception(b, &exc, &sigs, err, sizeof(err))) {
		fprintf(stderr, "excctl decode: %s\n", err);
		return 1;
	}
	if (json) {
		both = json_object_new_object();
		json_object_object_add(both, "exceptions", exc);
		json_object_object_add(both, "signatures", sigs);
		excctl_json_print(stdout, both);
		return 0;
	}
	puts("-------------------- Exception JSON --------------------");
	excctl_print_json(exc);
	puts("-------------------- Signature JSON --------------------");
	excctl_print_json(sigs);
	json_object_put(exc);
	json_object_put(sigs);
	return 0;
}

static int excctl_decode_event(const struct excctl_blob *b, bool json)
{
	struct json_object *ev;
	char err[256];

	if (excctl_blob_event(b, &ev, err, sizeof(err))) {
		fprintf(stderr, "excctl decode: %s\n", err);
		return 1;
	}
	if (json) {
		excctl_json_print(stdout, ev);
		return 0;
	}
	excctl_print_json(ev);
	json_object_put(ev);
	return 0;
}

static int excctl_decode_one(const struct excctl_blob *b, const struct excctl_decode_args *a)
{
	if (!strcmp(a->mode, "--exception"))
		return excctl_decode_exception(b, a->json);
	if (!strcmp(a->mode, "--event"))
		return excctl_decode_event(b, a->json);
	if (!a->json) {
		excctl_blob_print(b, stdout);
		return 0;
	}
	excctl_json_print(stdout, excctl_blob_json(b));
	return 0;
}

/* Several blobs are decoded in turn; text apart by a blank line, JSON a line each. */
int excctl_cmd_decode(int argc, char **argv)
{
	static const char *const modes[] = { "--alert", "--exception", "--event" };
	struct excctl_decode_args a;
	struct excctl_blobs bl;
	struct excctl_opts o;
	int ret = 0;
	size_t i;

	if (excctl_opts_parse(&o, argc, argv))
		return o.status;
	excctl_decode_opts(&o, &a);
	for (i = 0; i < ARRAY_SIZE(modes); i++)
		if (excctl_opt_flag(&o, modes[i]))
			a.mode = modes[i];
	if (excctl_blobs_load(a.blob, a.file, a.binary, &bl))
		return 1;
	for (i = 0; !ret && i < bl.n; i++) {
		if (i && (!a.json || !strcmp(a.mode, "--event")))
			putchar('\n');
		ret = excctl_decode_one(&bl.v[i], &a);
	}
	excctl_blobs_free(&bl);
	return ret;
}

static const char * const excctl_derived_files[] = { "exception.json", "signatures.json" };

/* Writes @j to @dir/@name; 0 or -1. */
static int excctl_write_json(const char *dir, const char *name, struct json_object *j)
{
	char path[64];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (json_object_to_file_ext(path, j, JSON_C_TO_STRING_PRETTY)) {
		fprintf(stderr, "excctl add-from-alert: %s: %s\n", path, json_util_get_last_err());
		return -1;
	}
	return 0;
}

/* The exception and its signatures in a directory, compiled and added. */
static int excctl_add_derived(struct json_object *exc, struct json_object *sigs,
			      const struct excctl_decode_args *a)
{
	char dir[] = "/tmp/excctl-alert-XXXXXX", path[64];
	int ret = 1;
	size_t i;

	if (!mkdtemp(dir)) {
		perror("excctl add-from-alert");
		return 1;
	}
	if (!excctl_write_json(dir, excctl_derived_files[0], exc) &&
	    !excctl_write_json(dir, excctl_derived_files[1], sigs))
		ret = excctl_add_exception(dir, "the alert", a->context, a->guest, a->json);
	for (i = 0; i < ARRAY_SIZE(excctl_derived_files); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, excctl_derived_files[i]);
		unlink(path);
	}
	rmdir(dir);
	return ret;
}

static int excctl_alert_blob_attr(struct nlmsghdr *nlh, struct nlattr **tb, void *arg)
{
	struct excctl_blob *b = arg;
	char err[256];

	(void)nlh;
	if (!tb[KVMEXC_A_EVENT_BLOB]) {
		fprintf(stderr, "excctl add-from-alert: the alert has no blob\n");
		return -ENODATA;
	}
	if (excctl_blob_parse(nla_data(tb[KVMEXC_A_EVENT_BLOB]), nla_len(tb[KVMEXC_A_EVENT_BLOB]),
			      true, b, err, sizeof(err))) {
		fprintf(stderr, "excctl add-from-alert: alert blob: %s\n", err);
		return -EINVAL;
	}
	return 0;
}

/* The blob of alert @seq of @guest, which the module keeps for a while. */
static int excctl_blob_of_alert(unsigned int guest, unsigned long long seq, struct excctl_blob *b)
{
	struct excctl_nl *nl = excctl_nl_open();
	int ret;

	if (!nl)
		return -1;
	memset(b, 0, sizeof(*b));
	ret = excctl_nl_get_alert(nl, guest, seq, excctl_alert_blob_attr, b);
	excctl_nl_close(nl);
	if (!ret && !b->raw)
		ret = -1;
	return ret;
}

/* The blobs named on the command line, or that of alert --alert-seq. */
static int excctl_add_from_alert_blobs(const struct excctl_decode_args *a,
				       struct excctl_blobs *bl)
{
	if (!a->alert_seq)
		return excctl_blobs_load(a->blob, a->file, a->binary, bl);
	bl->v = calloc(1, sizeof(*bl->v));
	bl->n = bl->v && !excctl_blob_of_alert(a->guest, a->alert_seq, bl->v);
	if (!bl->n)
		free(bl->v);
	return bl->n ? 0 : -1;
}

/* The exception of @b added, with the context of @a or, without, its own. */
static int excctl_add_blob(const struct excctl_blob *b, const struct excctl_decode_args *a)
{
	struct excctl_decode_args one = *a;
	struct json_object *exc, *sigs;
	char err[256];
	int ret;

	/* Without a sequence number, the blob names itself. */
	if (!a->has_context)
		one.context = a->alert_seq ? a->alert_seq :
			      kvmexc_crc32(b->raw, b->len, 0xFFFFFFFF);
	if (excctl_blob_exception(b, &exc, &sigs, err, sizeof(err))) {
		fprintf(stderr, "excctl add-from-alert: %s\n", err);
		return 1;
	}
	ret = excctl_add_derived(exc, sigs, &one);
	json_object_put(exc);
	json_object_put(sigs);
	return ret;
}

/* Several blobs are added in turn, each with its own context. */
int excctl_cmd_add_from_alert(int argc, char **argv)
{
	struct excctl_decode_args a;
	struct excctl_blobs bl = { 0 };
	unsigned long long guest = 0;
	struct excctl_opts o;
	int ret = 0;
	size_t i;

	if (excctl_opts_parse(&o, argc, argv))
		return o.status;
	excctl_decode_opts(&o, &a);
	a.has_context = excctl_opt_number(&o, "--context", &a.context);
	excctl_opt_number(&o, "--alert-seq", &a.alert_seq);
	excctl_opt_number(&o, "--guest", &guest);
	a.guest = guest;
	if (a.alert_seq && !a.guest)
		return excctl_opts_usage(&o, "--alert-seq needs --guest");
	if (excctl_add_from_alert_blobs(&a, &bl))
		return 1;
	if (bl.n > 1 && a.has_context) {
		fprintf(stderr, "excctl add-from-alert: --context gives one exception its context, and there are %zu blobs: leave it out, each gets its blob's CRC\n",
			bl.n);
		ret = 2;
	}
	for (i = 0; !ret && i < bl.n; i++)
		ret = excctl_add_blob(&bl.v[i], &a);
	excctl_blobs_free(&bl);
	return ret;
}
