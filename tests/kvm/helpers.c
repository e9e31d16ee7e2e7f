// SPDX-License-Identifier: GPL-2.0
#include "core/names.h"
#include "../../ctl/eval/request.h"
#include "../../ctl/cli/nl.h"
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

/* A kernel exception for Linux guests naming @sig_count signatures of @sigs. */
static void helper_exception(struct rec_buf *b, uint32_t originator, uint32_t victim,
			     int sig_count, const u32 *sigs)
{
	rb_exc(b, KVMEXC_REC_KERNEL, originator, victim, 0,
	       KVMEXC_FLAG_WRITE | KVMEXC_FLAG_32 | KVMEXC_FLAG_64 | KVMEXC_FLAG_LINUX,
	       KVMEXC_KM_OBJ_DRIVER_DATA, sig_count, sigs);
}

void *helper_file_allowing(uint32_t originator, uint32_t victim, uint32_t build,
			   uint32_t *size)
{
	struct kvmexc_file_header *h;
	struct rec_buf b;

	rb_init(&b);
	helper_exception(&b, originator, victim, 0, NULL);
	h = (struct kvmexc_file_header *)rb_finish(&b);
	h->build = build;
	*size = b.len;
	return b.data;
}

void *helper_added_allowing(uint32_t originator, uint32_t victim, uint32_t *size)
{
	struct rec_buf b;

	rb_init_raw(&b);
	helper_exception(&b, originator, victim, 0, NULL);
	*size = b.len;
	return b.data;
}

void *helper_file_invalid(unsigned int kind, uint32_t *size)
{
	const u32 missing = KVMEXC_SIG_ID(KVMEXC_SIG_CODEBLOCKS, 1);
	struct kvmexc_file_header *h;
	struct rec_buf b;

	rb_init(&b);
	helper_exception(&b, 1, 2, kind == 2, &missing);
	h = (struct kvmexc_file_header *)rb_finish(&b);
	if (kind == 1)
		h->kernel_count++;
	*size = b.len - (kind == 0);
	return b.data;
}

struct helper_evaluator {
	struct excctl_nl *nl;
	struct kvmexc_violation v;
};

struct helper_evaluator *helper_evaluator_new(uint32_t originator, uint32_t victim)
{
	struct helper_evaluator *e = calloc(1, sizeof(*e));

	if (!e)
		return NULL;
	e->nl = excctl_nl_open();
	if (!e->nl) {
		free(e);
		return NULL;
	}
	e->v = (struct kvmexc_violation){
		.kind = KVMEXC_EXC_KM,
		.os = KVMEXC_OS_LINUX,
		.flags = KVMEXC_V_GUEST64 | KVMEXC_V_ORIG_DRIVER,
		.zone = KVMEXC_ZONE_EPT,
		.zone_flags = KVMEXC_ZF_LIB_DATA | KVMEXC_ZF_WRITE,
		.object = KVMEXC_OBJ_KM_MODULE,
		.originator = originator,
		.return_originator = KVMEXC_NAME_EMPTY,
		.victim = victim,
		/* Old and new value differ: else the write changes nothing. */
		.new_value = { 1 },
		.size = 8,
	};
	return e;
}

int helper_evaluate(struct helper_evaluator *e)
{
	struct excctl_eval_result r;
	int ret = excctl_eval_kernel(e->nl, &e->v, &r);

	return ret ? ret : r.action;
}

void helper_evaluator_free(struct helper_evaluator *e)
{
	excctl_nl_close(e->nl);
	free(e);
}
