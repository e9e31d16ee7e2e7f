// SPDX-License-Identifier: GPL-2.0
/*
 * An alert, readable or as JSON: every field the reference deserializer
 * prints, with its values, and the fields it leaves out; none of its
 * printing slips (Documentation/alerts.rst lists them).
 */
#include <string.h>

#include "decode.h"

static const char * const excctl_blob_types[] = { "Kernel-Mode", "User-Mode", "Kernel-User Mode" };
static const char * const excctl_blob_guests[] = { "Unknown", "Windows", "Linux" };
static const char * const excctl_zone_names[] = {
	"None", "Ept", "Msr", "Cr", "Integrity", "Process", "Dtr", "Pc",
};

/* INTRO_OBJECT_TYPE in the C numbering (spec 2.7). */
static const char * const excctl_object_names[] = {
	"Invalid", "Raw", "Internal", "Ssdt", "FastIoDispatch", "DriverObject", "KmModule",
	"Idt", "Gdt", "KmUnpack", "Process", "UmInternal", "UmUnpack", "UmHeap", "UmStack",
	"UmGenericNxZone", "UmModule", "DetourRead", "TokenPtr", "HalDispatchTable",
	"HalIntController", "SelfMapEntry", "HalHeap", "Vdso", "Vsyscall", "ExTable",
	"VeAgent", "Idtr", "Gdtr", "ProcessCreation", "ExecSuspiciousDll", "KmLoggerContext",
	"ProcessCreationDpi", "TokenPrivs", "SudExec", "HalPerfCounter", "HookedFunction",
	"SlackSpace", "SecDesc", "Acl", "SudIntegrity", "InterruptObject", "Test",
};

static const char *excctl_name_of(const char * const *names, size_t n, u64 v)
{
	return v < n ? names[v] : "Unknown";
}

const char *excctl_blob_type_name(u32 type)
{
	return excctl_name_of(excctl_blob_types, ARRAY_SIZE(excctl_blob_types), type);
}

const char *excctl_blob_guest_name(u32 guest)
{
	return excctl_name_of(excctl_blob_guests, ARRAY_SIZE(excctl_blob_guests), guest);
}

const char *excctl_blob_object_name(u32 object_type)
{
	return excctl_name_of(excctl_object_names, ARRAY_SIZE(excctl_object_names), object_type);
}

static const char *excctl_ept_name(u64 t)
{
	switch (t) {
	case KVMEXC_BLOB_EPT_NONE:
		return "None";
	case KVMEXC_BLOB_EPT_READ:
		return "Read";
	case KVMEXC_BLOB_EPT_WRITE:
		return "Write";
	case KVMEXC_BLOB_EPT_EXEC:
		return "Execute";
	}
	return "Unknown";
}

/* The name a number field has, or NULL when it is a plain number. */
static const char *excctl_field_name(const struct excctl_obj *o, const struct excctl_field *f)
{
	if (o->type == KVMEXC_BLOB_OBJ_VICTIM && !strcmp(f->d->key, "object_type"))
		return excctl_blob_object_name(f->num);
	if (o->type == KVMEXC_BLOB_OBJ_VICTIM && !strcmp(f->d->key, "zone_type"))
		return excctl_name_of(excctl_zone_names, ARRAY_SIZE(excctl_zone_names), f->num);
	if (o->type == KVMEXC_BLOB_OBJ_EPT && !strcmp(f->d->key, "type"))
		return excctl_ept_name(f->num);
	return NULL;
}

static void excctl_print_num(FILE *out, const struct excctl_field *f)
{
	static const char * const fmts[] = {
		[EXCCTL_FMT_HEX16] = "0x%016llx", [EXCCTL_FMT_HEX8] = "0x%08llx",
		[EXCCTL_FMT_DEC] = "%llu", [EXCCTL_FMT_HEX] = "0x%llx",
	};

	fprintf(out, fmts[f->d->fmt], (unsigned long long)f->num);
}

/* Strings as UTF-8 between quotes; control bytes (NULs too) as \xNN. */
static void excctl_print_str(FILE *out, const struct excctl_field *f)
{
	size_t i, n;
	char *s = excctl_field_utf8(f, &n);

	fputc('\'', out);
	for (i = 0; s && i < n; i++) {
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7F)
			fprintf(out, "\\x%02x", (unsigned char)s[i]);
		else
			fputc(s[i], out);
	}
	fputc('\'', out);
	free(s);
}

static void excctl_print_hex(FILE *out, const u8 *p, u32 n, const char *sep)
{
	u32 i;

	for (i = 0; i < n; i++)
		fprintf(out, "%s%02x", i ? sep : "", p[i]);
}

static void excctl_print_field(FILE *out, const struct excctl_obj *o,
			       const struct excctl_field *f)
{
	const struct excctl_field *idx = excctl_obj_field(o, "Index");
	const char *name;
	u32 i;

	if (f->d->kind == EXCCTL_FK_STRS) {
		fprintf(out, "\t-> ");
		excctl_print_str(out, f);
		fputc('\n', out);
		return;
	}
	fprintf(out, "\t%s: ", f->d->label);
	switch (f->d->kind) {
	case EXCCTL_FK_STR:
		excctl_print_str(out, f);
		break;
	case EXCCTL_FK_BYTES:
	case EXCCTL_FK_LENBYTES:
		if (f->len > 64)
			fprintf(out, "%u bytes\n\t\t", f->len);
		excctl_print_hex(out, f->p, f->len, f->len > 64 ? "" : " ");
		break;
	case EXCCTL_FK_U64S:
		for (i = 0; i < f->num; i++)
			fprintf(out, "\n\t\t0x%llx",
				(unsigned long long)get_unaligned_le64(f->p + 8 * i));
		break;
	case EXCCTL_FK_U32S:
		for (i = 0; i < f->num; i++)
			fprintf(out, "\n\t\t0x%x%s", get_unaligned_le32(f->p + 4 * i),
				idx && idx->num == i ? " <-- Rip" : "");
		break;
	default:
		name = excctl_field_name(o, f);
		if (name)
			fprintf(out, "%s (%llu)", name, (unsigned long long)f->num);
		else
			excctl_print_num(out, f);
	}
	fputc('\n', out);
}

static const char *excctl_marker_text(u16 type)
{
	switch (type) {
	case KVMEXC_BLOB_OBJ_START_ORIGINATOR:
		return "-------------------- Originator --------------------";
	case KVMEXC_BLOB_OBJ_START_VICTIM:
		return "-------------------- Victim --------------------";
	case KVMEXC_BLOB_OBJ_START_MISC:
		return "-------------------- Misc --------------------";
	}
	return "----------------------------------------";
}

static void excctl_print_obj(FILE *out, const struct excctl_obj *o)
{
	u32 i;

	fprintf(out, "Object at offset %u -> Version: %u, Type: '%s' (%u), Size: %u\n", o->off,
		o->version, o->desc ? o->desc->name : "unknown", o->type, o->size);
	if (!o->desc) {
		fprintf(out, "\tskipped: %s\n", o->type <= KVMEXC_BLOB_OBJ_MAX &&
			excctl_odescs[o->type].name ? "unknown version" : "unknown type");
		return;
	}
	if (o->type <= KVMEXC_BLOB_OBJ_END_MISC) {
		fprintf(out, "%s\n", excctl_marker_text(o->type));
		return;
	}
	for (i = 0; i < o->nfields; i++)
		excctl_print_field(out, o, &o->fields[i]);
}

void excctl_blob_print(const struct excctl_blob *b, FILE *out)
{
	u32 i;

	fprintf(out, "Raw length: %u\n", b->len);
	fprintf(out, "\tType: %s (%u)\n\tSize: %u\n\tGuest: %s (%u)\n\tArch: %s (%u)\n\tEvent: %u\n",
		excctl_blob_type_name(b->type), b->type, b->size,
		excctl_blob_guest_name(b->guest), b->guest,
		b->arch == 1 ? "x64" : b->arch ? "Unknown" : "x86", b->arch, b->event);
	for (i = 0; i < b->nobjs; i++)
		excctl_print_obj(out, &b->objs[i]);
}

static struct json_object *excctl_json_hex(const u8 *p, u32 n)
{
	char *s = malloc(2 * (size_t)n + 1);
	struct json_object *j;
	u32 i;

	if (!s)
		return NULL;
	for (i = 0; i < n; i++)
		sprintf(s + 2 * i, "%02x", p[i]);
	s[2 * n] = 0;
	j = json_object_new_string(s);
	free(s);
	return j;
}

static struct json_object *excctl_json_field(const struct excctl_field *f)
{
	struct json_object *a;
	size_t n;
	char *s;
	u32 i;

	switch (f->d->kind) {
	case EXCCTL_FK_STR:
	case EXCCTL_FK_STRS:
		s = excctl_field_utf8(f, &n);
		a = s ? json_object_new_string_len(s, n) : NULL;
		free(s);
		return a;
	case EXCCTL_FK_BYTES:
	case EXCCTL_FK_LENBYTES:
		return excctl_json_hex(f->p, f->len);
	case EXCCTL_FK_U64S:
	case EXCCTL_FK_U32S:
		a = json_object_new_array();
		for (i = 0; i < f->num; i++) {
			u64 v = f->d->kind == EXCCTL_FK_U64S ? get_unaligned_le64(f->p + 8 * i) :
				get_unaligned_le32(f->p + 4 * i);

			json_object_array_add(a, json_object_new_uint64(v));
		}
		return a;
	default:
		return json_object_new_uint64(f->num);
	}
}

static const char * const excctl_section_names[] = { NULL, "originator", "victim", "misc" };

static struct json_object *excctl_json_obj(const struct excctl_obj *o)
{
	struct json_object *j = json_object_new_object(), *fields, *names = NULL;
	u32 i;

	json_object_object_add(j, "offset", json_object_new_int64(o->off));
	json_object_object_add(j, "version", json_object_new_int64(o->version));
	json_object_object_add(j, "type", json_object_new_int64(o->type));
	json_object_object_add(j, "size", json_object_new_int64(o->size));
	json_object_object_add(j, "name", o->desc ? json_object_new_string(o->desc->name) : NULL);
	json_object_object_add(j, "section", excctl_section_names[o->section] ?
			       json_object_new_string(excctl_section_names[o->section]) : NULL);
	if (!o->desc) {
		json_object_object_add(j, "skipped", json_object_new_boolean(1));
		return j;
	}
	fields = json_object_new_object();
	for (i = 0; i < o->nfields; i++) {
		const struct excctl_field *f = &o->fields[i];

		if (f->d->kind != EXCCTL_FK_STRS) {
			json_object_object_add(fields, f->d->key, excctl_json_field(f));
			continue;
		}
		if (!names) {
			names = json_object_new_array();
			json_object_object_add(fields, f->d->key, names);
		}
		json_object_array_add(names, excctl_json_field(f));
	}
	json_object_object_add(j, "fields", fields);
	return j;
}

struct json_object *excctl_blob_json(const struct excctl_blob *b)
{
	struct json_object *j = json_object_new_object(), *objs = json_object_new_array();
	u32 i;

	json_object_object_add(j, "length", json_object_new_int64(b->len));
	json_object_object_add(j, "type", json_object_new_int64(b->type));
	json_object_object_add(j, "guest", json_object_new_int64(b->guest));
	json_object_object_add(j, "event", json_object_new_int64(b->event));
	json_object_object_add(j, "size", json_object_new_int64(b->size));
	json_object_object_add(j, "arch", json_object_new_int64(b->arch));
	for (i = 0; i < b->nobjs; i++)
		json_object_array_add(objs, excctl_json_obj(&b->objs[i]));
	json_object_object_add(j, "objects", objs);
	return j;
}
