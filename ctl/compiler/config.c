// SPDX-License-Identifier: GPL-2.0
/*
 * The compiler's configuration (config.json): flag bits, object types,
 * predefined names, signature type codes, process-creation masks, groups.
 * Without --config, the copy of the shipped one that is built into excctl
 * (data/config.json) is used.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compile.h"
#include "cli/excctl.h"

/* data/config.json, embedded by ctl/default_config.c. */
extern const char excctl_default_config[];

/* The tables of "Flags", in enum cc_flag_tables order. */
static const char *const cc_config_flag_keys[CC_FLAGS_N + 1] = {
	"common", "kernel-mode", "user-mode", "kernel-user-mode", "signatures", NULL,
};

static int cc_config_error(const char *path, const char *what)
{
	fprintf(stderr, "excctl compile: %s: %s\n", path, what);
	return -1;
}

static const struct jv *cc_config_get(const struct jv *obj, const char *key,
				      enum jv_type type)
{
	const struct jv *v = jv_get(obj, key);

	return jv_is(v, type) ? v : NULL;
}

/* "Flags.<table>": names to bits written as strings, base auto-detected. */
static int cc_config_flags(struct cc_flag_table *t, const struct jv *obj, const char *path)
{
	const struct jv *v;
	int64_t bits;
	size_t i;

	t->v = calloc(obj->len + 1, sizeof(*t->v));
	if (!t->v)
		return cc_config_error(path, "out of memory");
	for (i = 0; i < obj->len; i++) {
		v = &obj->members[i].value;
		if (!jv_is(v, JV_STRING) || cc_py_int_str(v->s, v->len, 0, &bits) ||
		    bits < 0 || bits > UINT32_MAX)
			return cc_config_error(path, "Flags: values must be 32-bit numbers in strings");
		t->v[t->n].name = obj->members[i].key;
		t->v[t->n++].bit = bits;
	}
	return 0;
}

static int cc_config_predefined(struct cc_config *cfg, const struct jv *obj,
				int which, const char *key, const char *path)
{
	const struct jv *table = cc_config_get(obj, key, JV_OBJECT);
	struct kvmexc_name_value *v;
	int64_t value;
	size_t i;

	if (!table)
		return cc_config_error(path, "Predefined: missing a table");
	v = calloc(table->len + 1, sizeof(*v));
	if (!v)
		return cc_config_error(path, "out of memory");
	cfg->predefined[which] = v;
	for (i = 0; i < table->len; i++) {
		if (!cc_json_int(&table->members[i].value, &value))
			return cc_config_error(path, "Predefined: values must be integers");
		v[i].name = table->members[i].key;
		v[i].value = (uint32_t)value;
	}
	return 0;
}

static void cc_config_groups(struct cc_config *cfg)
{
	const struct jv_member *m;
	unsigned char c;
	size_t i;

	cfg->group_min = SIZE_MAX;
	for (i = 0; i < cfg->groups->len; i++) {
		m = &cfg->groups->members[i];
		if (m->klen < cfg->group_min)
			cfg->group_min = m->klen;
		if (m->klen > cfg->group_max)
			cfg->group_max = m->klen;
		c = m->klen ? m->key[0] : 0;
		cfg->group_first[c / 64] |= 1ull << (c % 64);
	}
}

/*
 * The configuration's own keys, where its tables hold no names: a typo
 * there would leave out a table the operator meant to change.
 */
static int cc_config_keys(const struct cc_config *cfg)
{
	static const char *const top[] = {
		"Type", "Version", "Flags", "Types", "SignatureType", "ProcessCreationFlags",
		"Groups", "Predefined", NULL,
	};
	static const char *const version[] = { "Major", "Minor", NULL };
	static const char *const modes[] = {
		"kernel-mode", "user-mode", "kernel-user-mode", NULL,
	};
	static const char *const predefined[] = {
		"kernel-mode", "user-mode", "kernel-user-mode", "signature", NULL,
	};
	static const struct {
		const char *key;
		const char *const *keys;
	} tables[] = {
		{ "Version", version }, { "Flags", cc_config_flag_keys }, { "Types", modes },
		{ "Predefined", predefined },
	};
	struct cc_path at = { .file = &cfg->file }, p;
	const struct jv *o;
	size_t i;

	if (cc_check_keys(&cfg->file.root, top, "the configuration", &at))
		return -1;
	for (i = 0; i < ARRAY_SIZE(tables); i++) {
		o = cc_config_get(&cfg->file.root, tables[i].key, JV_OBJECT);
		p = cc_path_child(&at, tables[i].key);
		if (o && cc_check_keys(o, tables[i].keys, "the configuration", &p))
			return -1;
	}
	return 0;
}

static int cc_config_parse(struct cc_config *cfg, const char *path)
{
	const struct jv *r = &cfg->file.root, *o;
	int64_t major, minor;
	int i;

	if (cc_config_keys(cfg))
		return -1;

	o = cc_config_get(r, "Version", JV_OBJECT);
	if (!o || !cc_json_int(jv_get(o, "Major"), &major) ||
	    !cc_json_int(jv_get(o, "Minor"), &minor) ||
	    major < 0 || major > UINT16_MAX || minor < 0 || minor > UINT16_MAX)
		return cc_config_error(path, "Version: Major and Minor must be 16-bit numbers");
	cfg->version_major = major;
	cfg->version_minor = minor;
	o = cc_config_get(r, "Flags", JV_OBJECT);
	for (i = 0; i < CC_FLAGS_N; i++) {
		const struct jv *t = cc_config_get(o, cc_config_flag_keys[i], JV_OBJECT);

		if (!t)
			return cc_config_error(path, "Flags: missing a table");
		if (cc_config_flags(&cfg->flags[i], t, path))
			return -1;
	}
	o = cc_config_get(r, "Types", JV_OBJECT);
	cfg->types_kernel = cc_config_get(o, "kernel-mode", JV_OBJECT);
	cfg->types_user = cc_config_get(o, "user-mode", JV_OBJECT);
	cfg->types_kernel_user = cc_config_get(o, "kernel-user-mode", JV_OBJECT);
	cfg->sig_types = cc_config_get(r, "SignatureType", JV_OBJECT);
	cfg->process_creation = cc_config_get(r, "ProcessCreationFlags", JV_OBJECT);
	cfg->groups = cc_config_get(r, "Groups", JV_OBJECT);
	if (!cfg->types_kernel || !cfg->types_user || !cfg->types_kernel_user ||
	    !cfg->sig_types || !cfg->process_creation || !cfg->groups)
		return cc_config_error(path, "missing Types, SignatureType, ProcessCreationFlags or Groups");
	cc_config_groups(cfg);
	o = cc_config_get(r, "Predefined", JV_OBJECT);
	if (!o)
		return cc_config_error(path, "missing Predefined");
	if (cc_config_predefined(cfg, o, 0, "kernel-mode", path) ||
	    cc_config_predefined(cfg, o, 1, "user-mode", path) ||
	    cc_config_predefined(cfg, o, 2, "signature", path))
		return -1;
	cfg->tables.kernel = cfg->predefined[0];
	cfg->tables.user = cfg->predefined[1];
	cfg->tables.signature = cfg->predefined[2];
	return 0;
}

/* --config -: the text, read whole, lives as long as the configuration. */
static int cc_config_stdin(struct cc_config *cfg)
{
	size_t len;

	cfg->stdin_text = (char *)excctl_read_file("-", &len);
	if (!cfg->stdin_text)
		return -1;
	return cc_file_from_text(&cfg->file, "-", cfg->stdin_text, &cfg->arena);
}

int cc_config_load(struct cc_config *cfg, const char *path)
{
	int ret;

	memset(cfg, 0, sizeof(*cfg));
	if (!path)
		ret = cc_file_from_text(&cfg->file, "built-in configuration",
					excctl_default_config, &cfg->arena);
	else if (!strcmp(path, "-"))
		ret = cc_config_stdin(cfg);
	else
		ret = cc_file_load(&cfg->file, path, &cfg->arena);
	if (ret)
		return -1;
	return cc_config_parse(cfg, cfg->file.path);
}

void cc_config_free(struct cc_config *cfg)
{
	int i;

	for (i = 0; i < CC_FLAGS_N; i++)
		free(cfg->flags[i].v);
	for (i = 0; i < 3; i++)
		free(cfg->predefined[i]);
	cc_file_free(&cfg->file);
	cc_arena_free(&cfg->arena);
	free(cfg->stdin_text);
	memset(cfg, 0, sizeof(*cfg));
}
