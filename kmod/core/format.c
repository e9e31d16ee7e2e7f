// SPDX-License-Identifier: GPL-2.0
#include "format.h"

#define KVMEXC_EXC_FIXED	20	/* kernel, user, kernel-user bodies before the ids */
#define KVMEXC_GLOB_FIXED	8

int kvmexc_err_set(struct kvmexc_err *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (err) {
		err->code = code;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
	}
	return code;
}

int kvmexc_format_header(const void *buf, size_t len, struct kvmexc_file_info *info,
			 struct kvmexc_err *err)
{
	const struct kvmexc_file_header *h = buf;

	memset(info, 0, sizeof(*info));
	if (!buf || len < sizeof(*h))
		return kvmexc_err_set(err, -EINVAL, "file of %zu bytes is shorter than its header",
				      buf ? len : 0);
	if (get_unaligned_le32(&h->magic) != KVMEXC_FILE_MAGIC)
		return kvmexc_err_set(err, -EINVAL, "bad magic 0x%08x",
				      get_unaligned_le32(&h->magic));
	info->major = get_unaligned_le16(&h->version_major);
	info->minor = get_unaligned_le16(&h->version_minor);
	if (info->major != KVMEXC_FILE_VERSION_MAJOR || info->minor < KVMEXC_FILE_VERSION_MINOR)
		return kvmexc_err_set(err, -EOPNOTSUPP, "unsupported version %u.%u",
				      info->major, info->minor);
	info->newer_minor = info->minor > KVMEXC_FILE_VERSION_MINOR;
	info->build = get_unaligned_le32(&h->build);
	info->kernel_count = get_unaligned_le32(&h->kernel_count);
	info->user_count = get_unaligned_le32(&h->user_count);
	info->signature_count = get_unaligned_le32(&h->signature_count);
	info->glob_count = get_unaligned_le32(&h->glob_count);
	info->kernel_user_count = get_unaligned_le32(&h->kernel_user_count);
	if (!info->kernel_count && !info->user_count && !info->glob_count &&
	    !info->kernel_user_count)
		return kvmexc_err_set(err, -EINVAL, "the header declares no exception");
	return 0;
}

void kvmexc_walk_init(struct kvmexc_walk *w, const void *buf, size_t len, size_t start)
{
	w->buf = buf;
	w->len = len;
	w->pos = start;
	w->origin = 0;
	w->index = 0;
}

void kvmexc_walk_slide(struct kvmexc_walk *w, const void *buf, size_t len)
{
	w->origin += w->pos;
	w->buf = buf;
	w->len = len;
	w->pos = 0;
}

u16 kvmexc_sig_type_of_record(u8 type)
{
	switch (type) {
	case KVMEXC_REC_SIG_CODEBLOCKS:		return KVMEXC_SIG_CODEBLOCKS;
	case KVMEXC_REC_SIG_EXPORT:		return KVMEXC_SIG_EXPORT;
	case KVMEXC_REC_SIG_VALUE:		return KVMEXC_SIG_VALUE;
	case KVMEXC_REC_SIG_VALUE_CODE:		return KVMEXC_SIG_VALUE_CODE;
	case KVMEXC_REC_SIG_IDT:		return KVMEXC_SIG_IDT;
	case KVMEXC_REC_SIG_VERSION_OS:		return KVMEXC_SIG_VERSION_OS;
	case KVMEXC_REC_SIG_VERSION_INTRO:	return KVMEXC_SIG_VERSION_INTRO;
	case KVMEXC_REC_SIG_PROCESS_CREATION:	return KVMEXC_SIG_PROCESS_CREATION;
	}
	return 0;
}

/* -EINVAL with "record N at offset 0xO: " before the message. */
__printf(3, 4)
static int kvmexc_rec_err(struct kvmexc_err *err, const struct kvmexc_record *rec,
			  const char *fmt, ...)
{
	int n;
	va_list ap;

	if (!err)
		return -EINVAL;
	err->code = -EINVAL;
	n = snprintf(err->msg, sizeof(err->msg), "record %u at offset 0x%x: ",
		     rec->index, rec->offset);
	va_start(ap, fmt);
	vsnprintf(err->msg + n, sizeof(err->msg) - n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static const char *kvmexc_kind_name(u8 kind)
{
	static const char *const names[] = { "?", "kernel", "user", "kernel-user", "glob" };

	return names[kind < ARRAY_SIZE(names) ? kind : 0];
}

static int kvmexc_check_object(struct kvmexc_record *rec, struct kvmexc_err *err)
{
	unsigned int max = rec->kind == KVMEXC_EXC_KM ? KVMEXC_KM_OBJ_MAX :
			   rec->kind == KVMEXC_EXC_KUM ? KVMEXC_KUM_OBJ_MAX :
			   KVMEXC_UM_OBJ_MAX;

	if (rec->object_type > max)
		return kvmexc_rec_err(err, rec, "%s exception has object type %u (at most %u)",
			       kvmexc_kind_name(rec->kind), rec->object_type, max);
	return 0;
}

/* Kernel, user, user-apc and kernel-user exceptions: fixed part, then ids. */
static int kvmexc_parse_exception(struct kvmexc_record *rec, struct kvmexc_err *err)
{
	const u8 *b = rec->body;

	if (rec->size < KVMEXC_EXC_FIXED)
		return kvmexc_rec_err(err, rec, "%s exception of %u bytes is shorter than %u",
			       kvmexc_kind_name(rec->kind), rec->size, KVMEXC_EXC_FIXED);
	rec->object_type = b[17];
	rec->sig_count = get_unaligned_le16(b + 18);
	if (rec->size != KVMEXC_EXC_FIXED + 4u * rec->sig_count)
		return kvmexc_rec_err(err, rec,
				      "%s exception declares %u signatures but its size is %u",
			       kvmexc_kind_name(rec->kind), rec->sig_count, rec->size);
	rec->originator = get_unaligned_le32(b);
	if (rec->kind == KVMEXC_EXC_KM) {
		/* b + 4 is the path hash, which nothing compares */
		rec->victim = get_unaligned_le32(b + 8);
		rec->process = 0;
	} else {
		rec->victim = get_unaligned_le32(b + 4);
		rec->process = get_unaligned_le32(b + 8);
	}
	rec->flags = get_unaligned_le32(b + 12);
	rec->sig_ids = b + KVMEXC_EXC_FIXED;
	return kvmexc_check_object(rec, err);
}

/* Glob exceptions: fixed part, three NUL-terminated patterns, then ids. */
static int kvmexc_parse_glob(struct kvmexc_record *rec, struct kvmexc_err *err)
{
	static const char *const what[] = { "originator", "victim", "process" };
	const u8 *b = rec->body;
	u32 pos = KVMEXC_GLOB_FIXED;
	int i;

	if (rec->size < KVMEXC_GLOB_FIXED)
		return kvmexc_rec_err(err, rec, "glob exception of %u bytes is shorter than %u",
			       rec->size, KVMEXC_GLOB_FIXED);
	rec->flags = get_unaligned_le32(b);
	rec->object_type = b[5];
	rec->sig_count = get_unaligned_le16(b + 6);
	for (i = 0; i < 3; i++) {
		const u8 *nul = memchr(b + pos, 0, rec->size - pos);
		u32 slen;

		if (!nul)
			return kvmexc_rec_err(err, rec,
					      "glob %s pattern is not NUL-terminated in the record",
				       what[i]);
		slen = nul - (b + pos);
		if (!slen)
			return kvmexc_rec_err(err, rec, "glob %s pattern is empty", what[i]);
		if (slen > KVMEXC_GLOB_MAX_LEN)
			return kvmexc_rec_err(err, rec,
					      "glob %s pattern has %u characters (at most %u)",
				       what[i], slen, KVMEXC_GLOB_MAX_LEN);
		rec->glob[i] = (const char *)b + pos;
		pos += slen + 1;
	}
	if (rec->size - pos != 4u * rec->sig_count)
		return kvmexc_rec_err(err, rec,
				      "glob exception declares %u signatures but has %u bytes for them",
			       rec->sig_count, rec->size - pos);
	rec->sig_ids = b + pos;
	return kvmexc_check_object(rec, err);
}

static int kvmexc_parse_codeblocks(struct kvmexc_record *rec, struct kvmexc_err *err)
{
	u32 pos = sizeof(struct kvmexc_rec_sig_codeblocks);
	unsigned int i, lists;

	if (rec->size < pos)
		return kvmexc_rec_err(err, rec,
				      "codeblocks signature of %u bytes is shorter than %u",
			       rec->size, pos);
	lists = rec->body[pos - 1];
	for (i = 0; i < lists; i++) {
		u32 count;

		if (pos >= rec->size)
			return kvmexc_rec_err(err, rec,
					      "codeblocks list %u starts past the record's %u bytes",
				       i, rec->size);
		count = rec->body[pos];
		pos += 1 + 4 * count;
		if (pos > rec->size)
			return kvmexc_rec_err(err, rec,
					      "codeblocks list %u of %u hashes ends past the record's %u bytes",
				       i, count, rec->size);
	}
	if (pos != rec->size)
		return kvmexc_rec_err(err, rec, "codeblocks signature uses %u of its %u bytes",
				      pos, rec->size);
	return 0;
}

/* Fixed part + count * entry == size, with the count at @count_off. */
static int kvmexc_parse_array(struct kvmexc_record *rec, u32 fixed, u32 count_off, bool wide,
			      u32 entry, struct kvmexc_err *err)
{
	u32 count;

	if (rec->size < fixed)
		return kvmexc_rec_err(err, rec,
				      "signature of type %u with %u bytes is shorter than %u",
			       rec->sig_type, rec->size, fixed);
	count = wide ? get_unaligned_le16(rec->body + count_off) : rec->body[count_off];
	if (rec->size != fixed + count * entry)
		return kvmexc_rec_err(err, rec,
				      "signature of type %u declares %u entries but its size is %u",
			       rec->sig_type, count, rec->size);
	return 0;
}

static int kvmexc_parse_value_code(struct kvmexc_record *rec, struct kvmexc_err *err)
{
	u32 fixed = sizeof(struct kvmexc_rec_sig_value_code);
	u16 i, n;
	int ret;

	ret = kvmexc_parse_array(rec, fixed, fixed - 2, true, 2, err);
	if (ret)
		return ret;
	n = get_unaligned_le16(rec->body + fixed - 2);
	if (!n)
		return kvmexc_rec_err(err, rec, "value-code signature has an empty pattern");
	/*
	 * Bytes and 0x100 (any byte) are meaningful; 0x101..0x1ff never match
	 * but the reference compiler emits them, so they load. Nothing larger.
	 */
	for (i = 0; i < n; i++) {
		u16 word = get_unaligned_le16(rec->body + fixed + 2 * i);

		if (word > 0x1FF)
			return kvmexc_rec_err(err, rec,
					      "value-code pattern word %u is 0x%x (at most 0x1ff)",
				       i, word);
	}
	return 0;
}

static int kvmexc_parse_signature(struct kvmexc_record *rec, struct kvmexc_err *err)
{
	int ret;

	if (rec->size < sizeof(struct kvmexc_rec_sig))
		return kvmexc_rec_err(err, rec,
				      "signature of %u bytes has no id and flags", rec->size);
	rec->sig_id = get_unaligned_le32(rec->body);
	rec->sig_flags = get_unaligned_le32(rec->body + 4);
	if (KVMEXC_SIG_ID_TYPE(rec->sig_id) != rec->sig_type)
		return kvmexc_rec_err(err, rec,
				      "signature id 0x%08x claims type %u in a record of type %u",
			       rec->sig_id, KVMEXC_SIG_ID_TYPE(rec->sig_id), rec->sig_type);
	switch (rec->type) {
	case KVMEXC_REC_SIG_CODEBLOCKS:
		return kvmexc_parse_codeblocks(rec, err);
	case KVMEXC_REC_SIG_EXPORT:
		return kvmexc_parse_array(rec, sizeof(struct kvmexc_rec_sig_export), 12, false,
					  sizeof(struct kvmexc_sig_export_entry), err);
	case KVMEXC_REC_SIG_VALUE:
		return kvmexc_parse_array(rec, sizeof(struct kvmexc_rec_sig_value), 9, false,
					  sizeof(struct kvmexc_sig_value_entry), err);
	case KVMEXC_REC_SIG_VALUE_CODE:
		return kvmexc_parse_value_code(rec, err);
	case KVMEXC_REC_SIG_IDT:
		ret = sizeof(struct kvmexc_rec_sig_idt);
		break;
	default:	/* version-os, version-intro, process-creation: 24 bytes */
		ret = sizeof(struct kvmexc_rec_sig_version_os);
		break;
	}
	if (rec->size != ret)
		return kvmexc_rec_err(err, rec, "signature of type %u has %u bytes instead of %d",
			       rec->sig_type, rec->size, ret);
	return 0;
}

static u8 kvmexc_kind_of_record(u8 type)
{
	switch (type) {
	case KVMEXC_REC_KERNEL:		return KVMEXC_EXC_KM;
	case KVMEXC_REC_USER:
	case KVMEXC_REC_USER_APC:	return KVMEXC_EXC_UM;
	case KVMEXC_REC_KERNEL_USER:	return KVMEXC_EXC_KUM;
	case KVMEXC_REC_USER_GLOB:	return KVMEXC_EXC_GLOB;
	}
	return 0;
}

int kvmexc_walk_next(struct kvmexc_walk *w, struct kvmexc_record *rec, struct kvmexc_err *err)
{
	size_t left = w->len - w->pos;

	memset(rec, 0, sizeof(*rec));
	if (!left)
		return 0;
	rec->index = w->index++;
	rec->offset = w->origin + w->pos;
	if (left < sizeof(struct kvmexc_record_header))
		return kvmexc_rec_err(err, rec,
				      "%zu bytes left, too few for a record header", left);
	rec->type = w->buf[w->pos];
	rec->size = get_unaligned_le16(w->buf + w->pos + 1);
	if (rec->size > left - sizeof(struct kvmexc_record_header))
		return kvmexc_rec_err(err, rec,
				      "record of type %u and %u bytes runs past the end of the file",
			       rec->type, rec->size);
	rec->body = w->buf + w->pos + sizeof(struct kvmexc_record_header);
	w->pos += sizeof(struct kvmexc_record_header) + rec->size;
	rec->kind = kvmexc_kind_of_record(rec->type);
	rec->sig_type = kvmexc_sig_type_of_record(rec->type);
	if (rec->kind == KVMEXC_EXC_GLOB)
		return kvmexc_parse_glob(rec, err) ?: 1;
	if (rec->kind)
		return kvmexc_parse_exception(rec, err) ?: 1;
	if (rec->sig_type)
		return kvmexc_parse_signature(rec, err) ?: 1;
	return 1;	/* unknown type: skipped by the caller, forward compatibility */
}
