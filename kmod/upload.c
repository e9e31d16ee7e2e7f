// SPDX-License-Identifier: GPL-2.0
/*
 * Chunked transfers of exceptions.bin: a file is larger than one netlink
 * attribute (64 KiB) and usually than one message, so LOAD_BEGIN reserves
 * a buffer in the client's session, LOAD_CHUNK messages fill it in order
 * and LOAD_COMMIT hands it to the loader. The buffer goes with the session
 * when the socket closes.
 */

#include <linux/mm.h>
#include <linux/netlink.h>
#include <linux/slab.h>

#include "kvmexc.h"

/* A few operators at once; each transfer may hold max_file_size bytes. */
#define KVMEXC_MAX_UPLOADS 4

struct kvmexc_upload {
	u32 id;
	u32 size;
	u32 received;
	u8 *buf;
};

/* Protected by the sessions lock, like the sessions holding uploads. */
static unsigned int kvmexc_nr_uploads;
static u32 kvmexc_last_upload_id;

void kvmexc_upload_free(struct kvmexc_session *s)
{
	if (!s->upload)
		return;
	kvfree(s->upload->buf);
	kfree(s->upload);
	s->upload = NULL;
	kvmexc_nr_uploads--;
}

int kvmexc_upload_begin(struct kvmexc_session *s, u32 size, u32 *id,
			struct netlink_ext_ack *extack)
{
	struct kvmexc_upload *up;

	if (s->upload) {
		NL_SET_ERR_MSG(extack, "this socket already has a transfer in progress");
		return -EBUSY;
	}
	if (kvmexc_nr_uploads >= KVMEXC_MAX_UPLOADS) {
		NL_SET_ERR_MSG(extack, "too many transfers in progress");
		return -EBUSY;
	}
	up = kzalloc(sizeof(*up), GFP_KERNEL);
	if (!up)
		return -ENOMEM;
	up->buf = kvmalloc(size, GFP_KERNEL_ACCOUNT);
	if (!up->buf) {
		kfree(up);
		NL_SET_ERR_MSG(extack, "no memory for a file of this size");
		return -ENOMEM;
	}
	up->size = size;
	/* Zero never names a transfer, so a missing id cannot match. */
	up->id = ++kvmexc_last_upload_id ?: ++kvmexc_last_upload_id;
	*id = up->id;
	s->upload = up;
	kvmexc_nr_uploads++;
	return 0;
}

static struct kvmexc_upload *kvmexc_upload_get(struct kvmexc_session *s,
					       u32 id,
					       struct netlink_ext_ack *extack)
{
	if (!s->upload || s->upload->id != id) {
		NL_SET_ERR_MSG(extack,
			       "no transfer with this id on this socket (LOAD_BEGIN first)");
		return NULL;
	}
	return s->upload;
}

int kvmexc_upload_chunk(struct kvmexc_session *s, u32 id, u32 offset,
			const void *data, u32 len,
			struct netlink_ext_ack *extack)
{
	struct kvmexc_upload *up = kvmexc_upload_get(s, id, extack);

	if (!up)
		return -ENOENT;
	if (offset != up->received) {
		NL_SET_ERR_MSG(extack,
			       "chunk out of order: its offset is not the number of bytes received");
		return -EINVAL;
	}
	if (len > up->size - up->received) {
		NL_SET_ERR_MSG(extack, "chunk runs past the size given to LOAD_BEGIN");
		return -EINVAL;
	}
	memcpy(up->buf + offset, data, len);
	up->received += len;
	return 0;
}

/*
 * Ends the transfer: on success the caller owns the complete file in *buf
 * (kvfree it) and the session no longer has a transfer. A short transfer
 * is dropped too, so the operator starts anew either way.
 */
int kvmexc_upload_finish(struct kvmexc_session *s, u32 id, u8 **buf,
			 u32 *size, struct netlink_ext_ack *extack)
{
	struct kvmexc_upload *up = kvmexc_upload_get(s, id, extack);

	if (!up)
		return -ENOENT;
	if (up->received != up->size) {
		NL_SET_ERR_MSG(extack,
			       "size mismatch: fewer bytes received than LOAD_BEGIN announced");
		kvmexc_upload_free(s);
		return -EINVAL;
	}
	*buf = up->buf;
	*size = up->size;
	up->buf = NULL;
	kvmexc_upload_free(s);
	return 0;
}
