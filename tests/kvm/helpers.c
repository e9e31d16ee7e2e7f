// SPDX-License-Identifier: GPL-2.0
#include "core/names.h"
#include "helpers.h"
#include "rec.h"

static uint32_t helper_hash(enum kvmexc_name_field field, const char *name)
{
	struct kvmexc_name_ctx ctx = {
		.kind = KVMEXC_KIND_KERNEL,
		.field = field,
		.object_type = KVMEXC_KM_OBJ_ANY,
		.flags = KVMEXC_NAME_LINUX,
	};
	u32 hash = 0;

	kvmexc_name_hash(&ctx, name, strlen(name), &hash);
	return hash;
}

uint32_t helper_km_originator(const char *name)
{
	return helper_hash(KVMEXC_FIELD_ORIGINATOR, name);
}

uint32_t helper_km_victim(const char *name)
{
	return helper_hash(KVMEXC_FIELD_VICTIM, name);
}

void *helper_file_allowing(uint32_t originator, uint32_t victim, uint32_t build,
			   uint32_t *size)
{
	struct kvmexc_file_header *h;
	struct rec_buf b;

	rb_init(&b);
	rb_exc(&b, KVMEXC_REC_KERNEL, originator, victim, 0,
	       KVMEXC_FLAG_WRITE | KVMEXC_FLAG_32 | KVMEXC_FLAG_64 | KVMEXC_FLAG_LINUX,
	       KVMEXC_KM_OBJ_DRIVER_DATA, 0, NULL);
	h = (struct kvmexc_file_header *)rb_finish(&b);
	h->build = build;
	*size = b.len;
	return b.data;
}
