// SPDX-License-Identifier: GPL-2.0
/*
 * The violation an EPT alert reports, as EVENT.json for excctl eval
 * (Documentation/event-json.rst): what proves that the exception derived
 * from the alert allows the write it was derived from.
 */
#include <string.h>

#include <linux/kvmexc.h>

#include "decode.h"
#include "cli/excctl.h"

static void excctl_ev_put(struct json_object *ev, const char *key, struct json_object *v)
{
	if (v)
		json_object_object_add(ev, key, v);
}

static struct json_object *excctl_ev_hex(const u8 *p, u32 n)
{
	char buf[2 * KVMEXC_BLOB_ACCESS_MAX + 1];
	u32 i;

	for (i = 0; i < n; i++)
		sprintf(buf + 2 * i, "%02x", p[i]);
	buf[2 * n] = 0;
	return json_object_new_string(buf);
}

/* The @nth code-blocks object of the misc section as a "code" member. */
static struct json_object *excctl_ev_code(const struct excctl_blob *b, u32 nth)
{
	const struct excctl_field *h, *rip;
	struct json_object *code, *blocks;
	char hex[24];
	u32 i;

	for (i = 0; i < b->nobjs; i++)
		if (b->objs[i].type == KVMEXC_BLOB_OBJ_CODE_BLOCKS && b->objs[i].desc &&
		    b->objs[i].section == EXCCTL_SEC_MISC && !nth--)
			break;
	if (i == b->nobjs)
		return NULL;
	h = excctl_obj_field(&b->objs[i], "Codeblocks");
	rip = excctl_obj_field(&b->objs[i], "Rip");
	code = json_object_new_object();
	snprintf(hex, sizeof(hex), "0x%llx", (unsigned long long)rip->num);
	json_object_object_add(code, "rip", json_object_new_string(hex));
	blocks = json_object_new_array();
	for (i = 0; i < h->num; i++)
		json_object_array_add(blocks,
				      json_object_new_int64(get_unaligned_le32(h->p + 4 * i)));
	json_object_object_add(code, "blocks", blocks);
	return code;
}

static struct json_object *excctl_ev_export(const struct excctl_blob *b)
{
	const struct excctl_obj *o = excctl_blob_find(b, EXCCTL_SEC_MISC, KVMEXC_BLOB_OBJ_EXPORT);
	struct json_object *e, *names;
	u32 i;

	if (!o)
		return NULL;
	e = json_object_new_object();
	excctl_ev_put(e, "library", excctl_export_library(b));
	names = json_object_new_array();
	for (i = 0; i < o->nfields; i++) {
		const struct excctl_field *f = &o->fields[i];

		if (f->d->kind != EXCCTL_FK_STRS)
			continue;
		json_object_array_add(names,
				      json_object_new_string_len((const char *)f->p, f->len));
	}
	json_object_object_add(e, "functions", names);
	json_object_object_add(e, "offset",
			       json_object_new_int64(excctl_obj_field(o, "Delta")->num));
	return e;
}

static struct json_object *excctl_ev_zone_flags(u64 zf)
{
	struct json_object *a = json_object_new_array();
	const struct excctl_name *n;

	for (n = excctl_zone_flags; n->name; n++)
		if (zf & n->value)
			json_object_array_add(a, json_object_new_string(n->name));
	return a;
}

static void excctl_ev_names(const struct excctl_blob *b, struct json_object *ev)
{
	bool lix = b->guest == KVMEXC_BLOB_OS_LINUX;

	if (b->type == KVMEXC_BLOB_UM) {
		excctl_ev_put(ev, "originator", lix ?
			      excctl_process_name(b, EXCCTL_SEC_ORIGINATOR) :
			      excctl_module_name(b, EXCCTL_SEC_ORIGINATOR));
		excctl_ev_put(ev, "process", excctl_process_name(b, EXCCTL_SEC_ORIGINATOR));
		excctl_ev_put(ev, "victim", excctl_module_name(b, EXCCTL_SEC_VICTIM));
		return;
	}
	excctl_ev_put(ev, "originator", excctl_driver_name(b, EXCCTL_SEC_ORIGINATOR, false));
	excctl_ev_put(ev, "return_originator", excctl_driver_name(b, EXCCTL_SEC_ORIGINATOR, true));
	if (b->type == KVMEXC_BLOB_KM_UM) {
		excctl_ev_put(ev, "victim", excctl_module_name(b, EXCCTL_SEC_VICTIM));
		excctl_ev_put(ev, "victim_process", excctl_process_name(b, EXCCTL_SEC_VICTIM));
	} else {
		excctl_ev_put(ev, "victim", excctl_driver_name(b, EXCCTL_SEC_VICTIM, false));
	}
}

static void excctl_ev_values(const struct excctl_blob *b, struct json_object *ev)
{
	const struct excctl_obj *wi = excctl_blob_find(b, EXCCTL_SEC_MISC,
						       KVMEXC_BLOB_OBJ_WRITE_INFO);
	const struct excctl_field *idt;
	u32 size;

	idt = excctl_find_field(b, EXCCTL_SEC_VICTIM, KVMEXC_BLOB_OBJ_IDT, "Entry");
	if (wi) {
		size = excctl_obj_field(wi, "Access size")->num;
		if (size > KVMEXC_BLOB_ACCESS_MAX)
			size = KVMEXC_BLOB_ACCESS_MAX;
		json_object_object_add(ev, "old",
				       excctl_ev_hex(excctl_obj_field(wi, "Old Value")->p, size));
		json_object_object_add(ev, "new",
				       excctl_ev_hex(excctl_obj_field(wi, "New Value")->p, size));
	}
	excctl_ev_put(ev, "code", excctl_ev_code(b, 0));
	excctl_ev_put(ev, "return_code", excctl_ev_code(b, b->type == KVMEXC_BLOB_UM ? 0 : 1));
	excctl_ev_put(ev, "export", excctl_ev_export(b));
	if (idt)
		json_object_object_add(ev, "idt_entry", json_object_new_int64(idt->num));
}

int excctl_blob_event(const struct excctl_blob *b, struct json_object **event, char *err,
		      size_t errlen)
{
	static const char * const kinds[] = { "km", "um", "kum" };
	const struct excctl_obj *victim = excctl_blob_find(b, EXCCTL_SEC_VICTIM,
							   KVMEXC_BLOB_OBJ_VICTIM);
	const struct excctl_obj *ept = excctl_blob_find(b, EXCCTL_SEC_NONE, KVMEXC_BLOB_OBJ_EPT);
	struct json_object *ev;
	u64 t;

	if (b->event != KVMEXC_BLOB_EVENT_EPT || b->type >= ARRAY_SIZE(kinds) || !victim || !ept) {
		snprintf(err, errlen, "only EPT alerts with a victim and an EPT object have an event");
		return -1;
	}
	t = excctl_obj_field(ept, "Type")->num;
	ev = json_object_new_object();
	json_object_object_add(ev, "kind", json_object_new_string(kinds[b->type]));
	json_object_object_add(ev, "os", json_object_new_string(b->guest == KVMEXC_BLOB_OS_LINUX ?
								 "linux" : "windows"));
	json_object_object_add(ev, "arch", json_object_new_int(b->arch ? 64 : 32));
	json_object_object_add(ev, "zone", json_object_new_string("ept"));
	if (excctl_ept_access(t))
		json_object_object_add(ev, "access", json_object_new_string(excctl_ept_access(t)));
	json_object_object_add(ev, "object",
			       json_object_new_int64(excctl_obj_field(victim, "Object type")->num));
	json_object_object_add(ev, "zone_flags",
			       excctl_ev_zone_flags(excctl_obj_field(victim, "Zone Flags")->num));
	excctl_ev_names(b, ev);
	excctl_ev_values(b, ev);
	*event = ev;
	return 0;
}
