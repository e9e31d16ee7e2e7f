// SPDX-License-Identifier: GPL-2.0
/*
 * The compiler's configuration (config.json): flag bits, object types,
 * predefined names, signature type codes, process-creation masks, groups.
 * Without --config and without ./config.json, the copy of the shipped one
 * that is built into excctl (data/config.json) is used.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compile.h"

/* data/config.json, embedded by ctl/default_config.c. */
extern const char excctl_default_config[];

static int cc_config_error(const char *path, const char *what)
{
	fprintf(stderr, "excctl compile: %s: %s\n", path, what);
	return -1;
}

static struct json_object *cc_config_get(struct json_object *obj, const char *key,
					 enum json_type type)
{
	struct json_object *v = NULL;

	if (!json_object_object_get_ex(obj, key, &v) || !json_object_is_type(v, type))
		return NULL;
	return v;
}

/* "Flags.<table>": names to bits written as strings, base auto-detected. */
static int cc_config_flags(struct cc_flag_table *t, struct json_object *obj,
			   const char *path)
{
	struct json_object_iterator it = json_object_iter_begin(obj);
	struct json_object_iterator end = json_object_iter_end(obj);
	struct json_object *v;
	int64_t bits;

	t->v = calloc(json_object_object_length(obj) + 1, sizeof(*t->v));
	if (!t->v)
		return cc_config_error(path, "out of memory");
	for (; !json_object_iter_equal(&it, &end); json_object_iter_next(&it)) {
		v = json_object_iter_peek_value(&it);
		if (!json_object_is_type(v, json_type_string) ||
		    cc_py_int_str(json_object_get_string(v), json_object_get_string_len(v),
				  0, &bits) || bits < 0 || bits > UINT32_MAX)
			return cc_config_error(path, "Flags: values must be 32-bit numbers in strings");
		t->v[t->n].name = json_object_iter_peek_name(&it);
		t->v[t->n++].bit = bits;
	}
	return 0;
}

static int cc_config_predefined(struct cc_config *cfg, struct json_object *obj,
				int which, const char *key, const char *path)
{
	struct json_object *table = cc_config_get(obj, key, json_type_object);
	struct json_object_iterator it, end;
	struct kvmexc_name_value *v;
	int64_t value;
	size_t n = 0;

	if (!table)
		return cc_config_error(path, "Predefined: missing a table");
	v = calloc(json_object_object_length(table) + 1, sizeof(*v));
	if (!v)
		return cc_config_error(path, "out of memory");
	cfg->predefined[which] = v;
	it = json_object_iter_begin(table);
	end = json_object_iter_end(table);
	for (; !json_object_iter_equal(&it, &end); json_object_iter_next(&it)) {
		if (!cc_json_int(json_object_iter_peek_value(&it), &value))
			return cc_config_error(path, "Predefined: values must be integers");
		v[n].name = json_object_iter_peek_name(&it);
		v[n++].value = (uint32_t)value;
	}
	return 0;
}

static int cc_config_parse(struct cc_config *cfg, const char *path)
{
	static const char *const flag_keys[CC_FLAGS_N] = {
		"common", "kernel-mode", "user-mode", "kernel-user-mode", "signatures",
	};
	struct json_object *r = cfg->root, *o;
	int64_t major, minor;
	int i;

	o = cc_config_get(r, "Version", json_type_object);
	if (!o || !cc_json_int(json_object_object_get(o, "Major"), &major) ||
	    !cc_json_int(json_object_object_get(o, "Minor"), &minor) ||
	    major < 0 || major > UINT16_MAX || minor < 0 || minor > UINT16_MAX)
		return cc_config_error(path, "Version: Major and Minor must be 16-bit numbers");
	cfg->version_major = major;
	cfg->version_minor = minor;
	o = cc_config_get(r, "Flags", json_type_object);
	for (i = 0; i < CC_FLAGS_N; i++) {
		struct json_object *t = o ? cc_config_get(o, flag_keys[i], json_type_object) : NULL;

		if (!t)
			return cc_config_error(path, "Flags: missing a table");
		if (cc_config_flags(&cfg->flags[i], t, path))
			return -1;
	}
	o = cc_config_get(r, "Types", json_type_object);
	cfg->types_kernel = o ? cc_config_get(o, "kernel-mode", json_type_object) : NULL;
	cfg->types_user = o ? cc_config_get(o, "user-mode", json_type_object) : NULL;
	cfg->types_kernel_user = o ? cc_config_get(o, "kernel-user-mode", json_type_object) : NULL;
	cfg->sig_types = cc_config_get(r, "SignatureType", json_type_object);
	cfg->process_creation = cc_config_get(r, "ProcessCreationFlags", json_type_object);
	cfg->groups = cc_config_get(r, "Groups", json_type_object);
	if (!cfg->types_kernel || !cfg->types_user || !cfg->types_kernel_user ||
	    !cfg->sig_types || !cfg->process_creation || !cfg->groups)
		return cc_config_error(path, "missing Types, SignatureType, ProcessCreationFlags or Groups");
	o = cc_config_get(r, "Predefined", json_type_object);
	if (!o || cc_config_predefined(cfg, o, 0, "kernel-mode", path) ||
	    cc_config_predefined(cfg, o, 1, "user-mode", path) ||
	    cc_config_predefined(cfg, o, 2, "signature", path))
		return o ? -1 : cc_config_error(path, "missing Predefined");
	cfg->tables.kernel = cfg->predefined[0];
	cfg->tables.user = cfg->predefined[1];
	cfg->tables.signature = cfg->predefined[2];
	return 0;
}

int cc_config_load(struct cc_config *cfg, const char *path)
{
	struct cc_file f;

	memset(cfg, 0, sizeof(*cfg));
	if (path) {
		if (cc_file_load(&f, path))
			return -1;
		cfg->root = json_object_get(f.root);
		cc_file_free(&f);
	} else {
		path = "built-in configuration";
		cfg->root = json_tokener_parse(excctl_default_config);
		if (!cfg->root)
			return cc_config_error(path, "invalid JSON");
	}
	return cc_config_parse(cfg, path);
}

void cc_config_free(struct cc_config *cfg)
{
	int i;

	for (i = 0; i < CC_FLAGS_N; i++)
		free(cfg->flags[i].v);
	for (i = 0; i < 3; i++)
		free(cfg->predefined[i]);
	json_object_put(cfg->root);
	memset(cfg, 0, sizeof(*cfg));
}
