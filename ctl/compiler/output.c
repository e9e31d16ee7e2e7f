// SPDX-License-Identifier: GPL-2.0
/*
 * The output: exceptions split by kind and sorted, unused signatures
 * dropped as the reference drops them, the header and the records
 * (spec compiler.md 9 and 10).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kvmexc.h>

#include "compile.h"

int cc_vec_push(struct cc_vec *vec, void *item)
{
	if (vec->n == vec->cap) {
		size_t cap = vec->cap ? vec->cap * 2 : 256;
		void **v = realloc(vec->v, cap * sizeof(*v));

		if (!v)
			return cc_error(NULL, "out of memory");
		vec->v = v;
		vec->cap = cap;
	}
	vec->v[vec->n++] = item;
	return 0;
}

/* qsort() order of two values of one key: -1, 0 or 1. */
static int cc_cmp(int64_t a, int64_t b)
{
	return a < b ? -1 : a > b;
}

static int cc_cmp_kernel(const void *pa, const void *pb)
{
	const struct cc_exc *a = *(struct cc_exc *const *)pa, *b = *(struct cc_exc *const *)pb;

	return cc_cmp(a->originator, b->originator) ?:
	       cc_cmp(a->object_type, b->object_type) ?:
	       cc_cmp(a->victim, b->victim) ?:
	       cc_cmp(a->flags, b->flags) ?:
	       cc_cmp(a->seq, b->seq);
}

static int cc_cmp_user(const void *pa, const void *pb)
{
	const struct cc_exc *a = *(struct cc_exc *const *)pa, *b = *(struct cc_exc *const *)pb;

	return cc_cmp(a->originator, b->originator) ?:
	       cc_cmp(a->object_type, b->object_type) ?:
	       cc_cmp(a->victim, b->victim) ?:
	       cc_cmp(a->process, b->process) ?:
	       cc_cmp(a->flags, b->flags) ?:
	       cc_cmp(a->seq, b->seq);
}

static int cc_cmp_kernel_user(const void *pa, const void *pb)
{
	const struct cc_exc *a = *(struct cc_exc *const *)pa, *b = *(struct cc_exc *const *)pb;

	return cc_cmp(a->originator, b->originator) ?:
	       cc_cmp(a->process, b->process) ?:
	       cc_cmp(a->object_type, b->object_type) ?:
	       cc_cmp(a->victim, b->victim) ?:
	       cc_cmp(a->flags, b->flags) ?:
	       cc_cmp(a->seq, b->seq);
}

/* Code point order, which is the byte order of UTF-8. */
static int cc_cmp_str(const struct cc_str *a, const struct cc_str *b)
{
	size_t n = a->len < b->len ? a->len : b->len;

	return memcmp(a->s, b->s, n) ?: cc_cmp(a->len, b->len);
}

static int cc_cmp_glob(const void *pa, const void *pb)
{
	const struct cc_exc *a = *(struct cc_exc *const *)pa, *b = *(struct cc_exc *const *)pb;

	return cc_cmp_str(&a->st.originator, &b->st.originator) ?:
	       cc_cmp(a->object_type, b->object_type) ?:
	       cc_cmp_str(&a->st.victim, &b->st.victim) ?:
	       cc_cmp_str(&a->st.process, &b->st.process) ?:
	       cc_cmp(a->flags, b->flags) ?:
	       cc_cmp(a->seq, b->seq);
}

static int cc_cmp_sig(const void *pa, const void *pb)
{
	const struct cc_sig *a = *(struct cc_sig *const *)pa, *b = *(struct cc_sig *const *)pb;

	return cc_cmp(a->id, b->id);
}

static void cc_sort(struct cc_vec *v, int (*cmp)(const void *, const void *))
{
	if (v->n > 1)
		qsort(v->v, v->n, sizeof(void *), cmp);
}

/* The kinds' lists, each in output order (spec 9.1). */
struct cc_lists {
	struct cc_vec km, um, kum, glob, sig;
};

static bool cc_glob_leading(const struct cc_exc *e)
{
	const struct cc_str *o = &e->st.originator;

	return o->len && (strchr("*[]?", o->s[0]) ||
			  (o->len > 1 && o->s[0] == '\\' && o->s[1] == '\\'));
}

/* Glob exceptions with a leading glob character first, then all, sorted. */
static int cc_glob_list(struct cc_vec *glob)
{
	struct cc_vec out = { 0 };
	size_t i;

	for (i = 0; i < glob->n; i++)
		if (cc_glob_leading(glob->v[i]) && cc_vec_push(&out, glob->v[i]))
			goto fail;
	cc_sort(glob, cc_cmp_glob);
	for (i = 0; i < glob->n; i++)
		if (cc_vec_push(&out, glob->v[i]))
			goto fail;
	free(glob->v);
	*glob = out;
	return 0;
fail:
	free(out.v);
	return -1;
}

static int cc_partition(struct compiler *cc, struct cc_lists *l)
{
	struct cc_vec *to[] = { &l->km, &l->um, &l->um, &l->glob, &l->kum };
	size_t i;

	for (i = 0; i < cc->excs.n; i++) {
		struct cc_exc *e = cc->excs.v[i];

		e->seq = i;
		if (cc_vec_push(to[e->kind], e))
			return -1;
	}
	for (i = 0; i < cc->sigs.n; i++)
		if (cc_vec_push(&l->sig, cc->sigs.v[i]))
			return -1;
	cc_sort(&l->km, cc_cmp_kernel);
	cc_sort(&l->um, cc_cmp_user);
	cc_sort(&l->kum, cc_cmp_kernel_user);
	cc_sort(&l->sig, cc_cmp_sig);
	return cc_glob_list(&l->glob);
}

static void cc_mark_used(struct compiler *cc, const struct cc_vec *excs)
{
	size_t i, k, n;

	for (i = 0; i < excs->n; i++) {
		const struct cc_exc *e = excs->v[i];

		for (k = 0; k < e->nsigs; k++) {
			n = KVMEXC_SIG_ID_VALUE(e->sigs[k]);
			((struct cc_sig *)cc->sigs.v[n - 1])->used = true;
		}
	}
}

static const char *cc_sig_type_name(uint8_t rtype)
{
	switch (rtype) {
	case KVMEXC_REC_SIG_CODEBLOCKS: return "codeblocks";
	case KVMEXC_REC_SIG_EXPORT: return "export";
	case KVMEXC_REC_SIG_VALUE: return "value";
	case KVMEXC_REC_SIG_VALUE_CODE: return "value-code";
	case KVMEXC_REC_SIG_IDT: return "idt";
	case KVMEXC_REC_SIG_VERSION_OS: return "version-os";
	case KVMEXC_REC_SIG_VERSION_INTRO: return "version-intro";
	default: return "process-creation";
	}
}

/*
 * The reference removes unused signatures from the list it iterates, so the
 * one after each removed signature is skipped, hence kept (spec 9.2).
 */
static void cc_drop_unused(struct compiler *cc, struct cc_vec *sig)
{
	size_t i, n = 0;
	bool skip = false;

	for (i = 0; i < sig->n; i++) {
		struct cc_sig *s = sig->v[i];

		if (skip || s->used) {
			sig->v[n++] = s;
			skip = false;
			continue;
		}
		if (cc->verbose)
			printf("removing unused signature %s (%s, id 0x%08" PRIx32 ")\n",
			       s->name, cc_sig_type_name(s->rtype), s->id);
		skip = true;
	}
	sig->n = n;
}

/* ---- writing */

static int cc_out_put(struct cc_output *o, const void *p, size_t n)
{
	if (o->len + n > o->cap) {
		size_t cap = o->cap ? o->cap : 1 << 16;
		uint8_t *b;

		while (cap < o->len + n)
			cap *= 2;
		b = realloc(o->buf, cap);
		if (!b)
			return cc_error(NULL, "out of memory");
		o->buf = b;
		o->cap = cap;
	}
	memcpy(o->buf + o->len, p, n);
	o->len += n;
	return 0;
}

static int cc_out_le(struct cc_output *o, uint64_t v, size_t n)
{
	uint8_t b[8];
	size_t i;

	for (i = 0; i < n; i++)
		b[i] = v >> (8 * i);
	return cc_out_put(o, b, n);
}

static int cc_out_record_header(struct cc_output *o, uint8_t type, size_t size)
{
	return cc_out_le(o, type, 1) || cc_out_le(o, size, 2);
}

/*
 * What the reference finds out only while writing: a record too long for
 * its header, an object type number beyond 8 bits.
 */
static int cc_exc_fits(const struct cc_exc *e, size_t size)
{
	struct cc_path at;

	if (size <= UINT16_MAX && e->object_type >= 0 && e->object_type <= 255)
		return 0;
	at = cc_exc_at(e);
	if (size > UINT16_MAX)
		return cc_error(&at, "the record is %zu bytes long: at most 65535 fit its header (too many signatures?)",
				size);
	return cc_error(&at, "the configuration's object type number %" PRId32
			" does not fit in 8 bits", e->object_type);
}

static int cc_out_sig_refs(struct cc_output *o, const struct cc_exc *e)
{
	size_t i;

	for (i = 0; i < e->nsigs; i++)
		if (cc_out_le(o, e->sigs[i], 4))
			return -1;
	return 0;
}

static int cc_out_hashed(struct cc_output *o, const struct cc_exc *e, uint8_t type)
{
	size_t size = 20 + 4 * (size_t)e->nsigs;

	return cc_exc_fits(e, size) || cc_out_record_header(o, type, size) ||
	       cc_out_le(o, e->originator, 4) ||
	       cc_out_le(o, type == KVMEXC_REC_KERNEL ? 0xFFFFFFFF : e->victim, 4) ||
	       cc_out_le(o, type == KVMEXC_REC_KERNEL ? e->victim : e->process, 4) ||
	       cc_out_le(o, e->flags, 4) || cc_out_le(o, 0, 1) ||
	       cc_out_le(o, e->object_type, 1) || cc_out_le(o, e->nsigs, 2) ||
	       cc_out_sig_refs(o, e);
}

/* A pattern as the reference writes it: its UTF-8 cut or padded to chars + 1. */
static size_t cc_glob_size(const struct cc_str *s)
{
	size_t n = 1, i;

	for (i = 0; i < s->len; i++)
		n += ((unsigned char)s->s[i] & 0xC0) != 0x80;
	return n;
}

static int cc_out_pattern(struct cc_output *o, const struct cc_str *s)
{
	size_t n = cc_glob_size(s);

	/* UTF-8 is never shorter than its character count: pad by 0 or 1 */
	if (s->len >= n)
		return cc_out_put(o, s->s, n);
	return cc_out_put(o, s->s, s->len) || cc_out_put(o, "", 1);
}

static int cc_out_glob(struct cc_output *o, const struct cc_exc *e)
{
	const struct cc_str *pat[3] = { &e->st.originator, &e->st.victim, &e->st.process };
	size_t size = 8 + 4 * (size_t)e->nsigs, i;

	for (i = 0; i < 3; i++)
		size += cc_glob_size(pat[i]);
	if (cc_exc_fits(e, size) || cc_out_record_header(o, KVMEXC_REC_USER_GLOB, size) ||
	    cc_out_le(o, e->flags, 4) || cc_out_le(o, 0, 1) ||
	    cc_out_le(o, e->object_type, 1) || cc_out_le(o, e->nsigs, 2))
		return -1;
	for (i = 0; i < 3; i++)
		if (cc_out_pattern(o, pat[i]))
			return -1;
	return cc_out_sig_refs(o, e);
}

static int cc_out_header(struct compiler *cc, struct cc_output *o, const struct cc_lists *l,
			 uint32_t build)
{
	return cc_out_le(o, KVMEXC_FILE_MAGIC, 4) ||
	       cc_out_le(o, cc->cfg.version_major, 2) || cc_out_le(o, cc->cfg.version_minor, 2) ||
	       cc_out_le(o, l->km.n, 4) || cc_out_le(o, l->um.n, 4) || cc_out_le(o, l->sig.n, 4) ||
	       cc_out_le(o, build, 4) || cc_out_le(o, l->glob.n, 4) || cc_out_le(o, l->kum.n, 4) ||
	       cc_out_le(o, 0, 4);
}

static int cc_out_records(struct cc_output *o, const struct cc_lists *l)
{
	size_t i;

	for (i = 0; i < l->km.n; i++)
		if (cc_out_hashed(o, l->km.v[i], KVMEXC_REC_KERNEL))
			return -1;
	for (i = 0; i < l->um.n; i++) {
		const struct cc_exc *e = l->um.v[i];

		if (cc_out_hashed(o, e, e->kind == CC_APC ? KVMEXC_REC_USER_APC : KVMEXC_REC_USER))
			return -1;
	}
	for (i = 0; i < l->kum.n; i++)
		if (cc_out_hashed(o, l->kum.v[i], KVMEXC_REC_KERNEL_USER))
			return -1;
	for (i = 0; i < l->glob.n; i++)
		if (cc_out_glob(o, l->glob.v[i]))
			return -1;
	for (i = 0; i < l->sig.n; i++) {
		const struct cc_sig *s = l->sig.v[i];

		if (s->range_error)
			return cc_error(&s->at, "%s", s->range_error);
		if (s->size > UINT16_MAX)
			return cc_error(&s->at, "the record is %zu bytes long: at most 65535 fit its header",
					s->size);
		if (cc_out_record_header(o, s->rtype, s->size) ||
		    cc_out_put(o, s->body, s->size))
			return -1;
	}
	return 0;
}

static void cc_lists_free(struct cc_lists *l)
{
	free(l->km.v);
	free(l->um.v);
	free(l->kum.v);
	free(l->glob.v);
	free(l->sig.v);
}

int cc_emit(struct compiler *cc, uint32_t build, struct cc_output *out)
{
	struct cc_lists l = { 0 };
	int err;

	err = cc_partition(cc, &l);
	if (!err) {
		cc_mark_used(cc, &l.km);
		cc_mark_used(cc, &l.um);
		cc_mark_used(cc, &l.kum);
		cc_mark_used(cc, &l.glob);
		cc_drop_unused(cc, &l.sig);
		err = cc_out_header(cc, out, &l, build) || cc_out_records(out, &l);
	}
	if (!err && cc->verbose)
		printf("generated %zu kernel, %zu user, %zu kernel-user and %zu glob exceptions, %zu signatures\n",
		       l.km.n, l.um.n, l.kum.n, l.glob.n, l.sig.n);
	cc_lists_free(&l);
	return err ? -1 : 0;
}
