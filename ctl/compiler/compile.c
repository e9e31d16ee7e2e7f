// SPDX-License-Identifier: GPL-2.0
/*
 * excctl compile [--config FILE] [--output FILE] [--verbose 0|1|2]
 *                [--build N] [--strict] PATH...
 *
 * The reference generator's command line and output bytes; see
 * Documentation/compiler.rst for where it does better.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compile.h"
#include "dump.h"
#include "cli/excctl.h"

struct cc_options {
	const char *config;
	const char *output;
	uint32_t build;
	int verbose;
	bool strict;
	char **paths;
	int npaths;
};

/* ---- inputs (spec 3, made deterministic) */

static bool cc_json_suffix(const char *name)
{
	size_t n = strlen(name);

	return n > 5 && !strcmp(name + n - 5, ".json");
}

static int cc_path_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in @dir, read to the end and closed: a walk holds no directory open. */
static int cc_dir_names(const char *dir, struct cc_vec *names)
{
	struct dirent *ent;
	char *name;
	DIR *d;
	int err = 0;

	d = opendir(dir);
	if (!d) {
		fprintf(stderr, "excctl compile: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	while (!err && (ent = readdir(d))) {
		if (!strcmp(ent->d_name, ".") || !strcmp(ent->d_name, ".."))
			continue;
		name = strdup(ent->d_name);
		err = !name || cc_vec_push(names, name) ? cc_error(NULL, "out of memory") : 0;
		if (err)
			free(name);
	}
	closedir(d);
	return err;
}

/* Every .json file under @dir; directories are entered, symlinks to them not. */
static int cc_walk(const char *dir, struct cc_vec *paths, int verbose)
{
	size_t dlen = strlen(dir), i;
	struct cc_vec names = { 0 };
	struct stat st;
	int err;

	err = cc_dir_names(dir, &names);
	for (i = 0; !err && i < names.n; i++) {
		const char *name = names.v[i];
		char *path;

		if (asprintf(&path, "%s%s%s", dir, dlen && dir[dlen - 1] == '/' ? "" : "/",
			     name) < 0) {
			err = cc_error(NULL, "out of memory");
			break;
		}
		if (!lstat(path, &st) && S_ISDIR(st.st_mode)) {
			err = cc_walk(path, paths, verbose);
			free(path);
		} else if (cc_json_suffix(name) && !stat(path, &st) && !S_ISDIR(st.st_mode)) {
			err = cc_vec_push(paths, path);
		} else {
			if (verbose)
				printf("ignoring %s: not a .json file\n", path);
			free(path);
		}
	}
	for (i = 0; i < names.n; i++)
		free(names.v[i]);
	free(names.v);
	return err;
}

struct cc_inputs {
	struct cc_vec files;		/* struct cc_file *, in compile order */
	struct cc_vec sig_files;	/* signature files found in directories */
	struct cc_arena arena;		/* their text and values */
	char *stdin_text;		/* "-": kept for the messages of its errors */
};

static int cc_add_file(struct cc_inputs *in, const char *path)
{
	struct cc_file *f = calloc(1, sizeof(*f));

	if (!f || cc_vec_push(&in->files, f)) {
		free(f);
		return cc_error(NULL, "out of memory");
	}
	return cc_file_load(f, path, &in->arena);
}

/* "-": the standard input, read once. */
static int cc_add_stdin(struct cc_inputs *in)
{
	struct cc_file *f;
	size_t len;

	if (in->stdin_text)
		return cc_error(NULL, "-: the standard input can be read only once");
	in->stdin_text = (char *)excctl_read_file("-", &len);
	if (!in->stdin_text)
		return -1;
	f = calloc(1, sizeof(*f));
	if (!f || cc_vec_push(&in->files, f)) {
		free(f);
		return cc_error(NULL, "out of memory");
	}
	return cc_file_from_text(f, "-", in->stdin_text, &in->arena);
}

/* A directory's files in path order, its signature files set apart. */
static int cc_add_dir(struct cc_inputs *in, const char *dir, int verbose)
{
	struct cc_vec paths = { 0 };
	size_t i;
	int err;

	err = cc_walk(dir, &paths, verbose);
	if (!err && paths.n)
		qsort(paths.v, paths.n, sizeof(void *), cc_path_cmp);
	for (i = 0; !err && i < paths.n; i++) {
		struct cc_file *f;

		err = cc_add_file(in, paths.v[i]);
		if (err)
			break;
		f = in->files.v[in->files.n - 1];
		if (jv_get(&f->root, "Signatures"))
			err = cc_vec_push(&in->sig_files, in->files.v[--in->files.n]);
	}
	for (i = 0; i < paths.n; i++)
		free(paths.v[i]);
	free(paths.v);
	return err;
}

/*
 * Files named on the command line keep their order. Signature files found
 * in directories come first, so that every exception can see them.
 */
static int cc_collect(struct cc_inputs *in, const struct cc_options *o)
{
	struct stat st;
	size_t i;
	int k;

	for (k = 0; k < o->npaths; k++) {
		if (!strcmp(o->paths[k], "-")) {
			if (cc_add_stdin(in))
				return -1;
			continue;
		}
		if (stat(o->paths[k], &st)) {
			fprintf(stderr, "excctl compile: %s: %s\n", o->paths[k], strerror(errno));
			return -1;
		}
		if (S_ISDIR(st.st_mode) ? cc_add_dir(in, o->paths[k], o->verbose) :
		    cc_add_file(in, o->paths[k]))
			return -1;
	}
	for (i = 0; i < in->files.n; i++)
		if (cc_vec_push(&in->sig_files, in->files.v[i]))
			return -1;
	free(in->files.v);
	in->files = in->sig_files;
	in->sig_files = (struct cc_vec){ 0 };
	return 0;
}

static void cc_inputs_free(struct cc_inputs *in)
{
	size_t i;

	for (i = 0; i < in->files.n; i++) {
		cc_file_free(in->files.v[i]);
		free(in->files.v[i]);
	}
	for (i = 0; i < in->sig_files.n; i++) {
		cc_file_free(in->sig_files.v[i]);
		free(in->sig_files.v[i]);
	}
	free(in->files.v);
	free(in->sig_files.v);
	cc_arena_free(&in->arena);
	free(in->stdin_text);
}

/* ---- one file (spec 3.5) */

static const char *const cc_types[] = {
	[CC_KERNEL] = "kernel", [CC_USER] = "user", [CC_APC] = "user-apc",
	[CC_GLOB] = "user-glob-match", [CC_KERNEL_USER] = "kernel-user",
};

/* One file's object: exceptions of a type, or signatures (spec 3.5). */
static int cc_compile_object(struct compiler *cc, const struct jv *root, const struct cc_path *at)
{
	static const char *const keys[] = { "Type", "Exceptions", "Signatures", NULL };
	const struct jv *type, *list;
	struct cc_path p;
	bool named;
	size_t k;

	if (cc_check_keys(root, keys, "a file of exceptions or signatures", at))
		return -1;
	type = jv_get(root, "Type");
	if (!type)
		return cc_error(at, "missing \"Type\": expected kernel, user, user-apc, user-glob-match or kernel-user");
	for (k = 0; k < ARRAY_SIZE(cc_types); k++) {
		list = jv_get(root, "Exceptions");
		if (!jv_is(type, JV_STRING) || strcmp(type->s, cc_types[k]) || !list)
			continue;
		p = cc_path_child(at, "Exceptions");
		return cc_build_exceptions(cc, k, list, &p);
	}
	list = jv_get(root, "Signatures");
	if (list) {
		p = cc_path_child(at, "Signatures");
		return cc_build_signatures(cc, list, &p);
	}
	p = cc_path_child(at, "Type");
	named = jv_is(type, JV_STRING);
	return cc_error(&p, "unknown type %s%s%s or no \"Exceptions\": expected kernel, user, user-apc, user-glob-match or kernel-user with \"Exceptions\", or \"Signatures\"",
			named ? "\"" : "", named ? type->s : jv_kind(type), named ? "\"" : "");
}

/*
 * A file is one object, or two in one: {"signatures": {...}, "exceptions":
 * {...}}, as excctl decode --exception --json prints what allows an alert.
 * The reference has no such file (it wants "Type").
 */
static int cc_compile_file(struct compiler *cc, struct cc_file *f)
{
	static const char *const parts[] = { "signatures", "exceptions", NULL };
	struct cc_path at = { .file = f }, p;
	const struct jv *part;
	int i;

	if (cc->verbose)
		printf("loading %s\n", f->path);
	if (jv_get(&f->root, "Type") ||
	    (!jv_get(&f->root, parts[0]) && !jv_get(&f->root, parts[1])))
		return cc_compile_object(cc, &f->root, &at);
	if (cc_check_keys(&f->root, parts, "a file of signatures and exceptions", &at))
		return -1;
	for (i = 0; parts[i]; i++) {
		part = jv_get(&f->root, parts[i]);
		p = cc_path_child(&at, parts[i]);
		if (part && !jv_is(part, JV_OBJECT))
			return cc_error(&p, "expected an object, got %s", jv_kind(part));
		if (part && cc_compile_object(cc, part, &p))
			return -1;
	}
	return 0;
}

/* ---- output: a temporary file renamed over the target */

static int cc_write(const char *path, const struct cc_output *o)
{
	char *tmp;
	mode_t mask;
	size_t done = 0;
	ssize_t n;
	int fd;

	if (!strcmp(path, "-")) {
		if (fwrite(o->buf, 1, o->len, stdout) != o->len || fflush(stdout))
			return cc_error(NULL, "standard output: %s", strerror(errno));
		return 0;
	}
	if (asprintf(&tmp, "%s.XXXXXX", path) < 0)
		return cc_error(NULL, "out of memory");
	fd = mkstemp(tmp);
	if (fd < 0) {
		fprintf(stderr, "excctl compile: %s: %s\n", path, strerror(errno));
		free(tmp);
		return -1;
	}
	mask = umask(0);
	umask(mask);
	while (done < o->len && (n = write(fd, o->buf + done, o->len - done)) > 0)
		done += n;
	if (done < o->len || fchmod(fd, 0666 & ~mask) || close(fd) || rename(tmp, path)) {
		fprintf(stderr, "excctl compile: %s: %s\n", path, strerror(errno));
		if (done < o->len)
			close(fd);
		unlink(tmp);
		free(tmp);
		return -1;
	}
	free(tmp);
	return 0;
}

/* ---- the command */

static int cc_run(const struct cc_options *o)
{
	struct compiler cc = { .verbose = o->verbose, .strict = o->strict };
	struct cc_output out = { 0 };
	struct cc_inputs in = { 0 };
	int err = -1;
	size_t i;

	/* no ./config.json: what is compiled depends on what is named alone */
	if (cc_config_load(&cc.cfg, o->config) || cc_collect(&in, o))
		goto out;
	if (!in.files.n) {
		fprintf(stderr, "excctl compile: no input: expected at least one JSON file or a directory with some\n");
		err = -2;
		goto out;
	}
	for (i = 0; i < in.files.n; i++)
		if (cc_compile_file(&cc, in.files.v[i]))
			goto out;
	if (cc_expand_groups(&cc) || cc_emit(&cc, o->build, &out) || cc_write(o->output, &out))
		goto out;
	if (o->verbose >= 2)
		excctl_dump_buffer(out.buf, out.len, o->output, stdout, false);
	err = 0;
out:
	free(out.buf);
	free(cc.excs.v);
	free(cc.sigs.v);
	cc_strmap_free(&cc.sig_ids);
	cc_arena_free(&cc.arena);
	cc_inputs_free(&in);
	cc_config_free(&cc.cfg);
	return err;
}

/* Standard input can be read once: by --config - or by a PATH -. */
static bool cc_stdin_twice(const struct cc_options *o)
{
	int k;

	for (k = 0; o->config && !strcmp(o->config, "-") && k < o->npaths; k++)
		if (!strcmp(o->paths[k], "-"))
			return true;
	return false;
}

int excctl_cmd_compile(int argc, char **argv)
{
	struct cc_options o = { .output = "exceptions.bin" };
	struct excctl_opts opts;
	unsigned long long v;
	int err;

	if (excctl_opts_parse(&opts, argc, argv))
		return opts.status;
	o.config = excctl_opt_str(&opts, "--config");
	if (excctl_opt_str(&opts, "--output"))
		o.output = excctl_opt_str(&opts, "--output");
	if (excctl_opt_number(&opts, "--verbose", &v))
		o.verbose = v > 2 ? 2 : v;
	if (excctl_opt_number(&opts, "--build", &v))
		o.build = v;
	o.strict = excctl_opt_flag(&opts, "--strict");
	o.paths = opts.many;
	o.npaths = opts.nmany;
	if (!o.npaths) {
		fprintf(stderr, "excctl compile: no input: expected at least one JSON file or a directory with some\n");
		return 2;
	}
	if (cc_stdin_twice(&o))
		return excctl_opts_usage(&opts, "--config - and PATH - both read standard input");
	err = cc_run(&o);
	return err == -2 ? 2 : err ? 1 : 0;
}
