// SPDX-License-Identifier: GPL-2.0
/*
 * struct kvmexc_violation into EVAL's attributes, and the reply back.
 */
#include <errno.h>
#include <string.h>

#include <linux/kvmexc.h>
#include <netlink/genl/genl.h>

#include "request.h"
#include "cli/nl.h"

static int excctl_put_code(struct nl_msg *msg, int type, const struct kvmexc_code *c)
{
	struct nlattr *nest;

	if (!c->rip && !c->block_count && !c->bytes_len && !c->error)
		return 0;
	nest = nla_nest_start(msg, type);
	if (!nest ||
	    nla_put_u64(msg, KVMEXC_A_CODE_RIP, c->rip) ||
	    (c->block_count &&
	     nla_put(msg, KVMEXC_A_CODE_BLOCKS, 4 * c->block_count, c->blocks)) ||
	    (c->bytes_len && nla_put(msg, KVMEXC_A_CODE_BYTES, c->bytes_len, c->bytes)) ||
	    nla_put_u32(msg, KVMEXC_A_CODE_RIP_OFFSET, c->rip_offset) ||
	    (c->error && nla_put_flag(msg, KVMEXC_A_CODE_ERROR)))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int excctl_put_export(struct nl_msg *msg, const struct kvmexc_export *e)
{
	struct nlattr *nest = nla_nest_start(msg, KVMEXC_A_EVAL_EXPORT);

	if (!nest ||
	    (e->known && nla_put_flag(msg, KVMEXC_A_EXPORT_KNOWN)) ||
	    (e->found && nla_put_flag(msg, KVMEXC_A_EXPORT_FOUND)) ||
	    nla_put_u32(msg, KVMEXC_A_EXPORT_LIBRARY, e->library) ||
	    (e->name_count &&
	     nla_put(msg, KVMEXC_A_EXPORT_NAMES, 4 * e->name_count, e->names)) ||
	    nla_put_u32(msg, KVMEXC_A_EXPORT_OFFSET, e->offset) ||
	    nla_put_u32(msg, KVMEXC_A_EXPORT_LENGTH, e->length))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int excctl_put_names(struct nl_msg *msg, const struct kvmexc_violation *v)
{
	if ((v->originator_name &&
	     nla_put_string(msg, KVMEXC_A_EVAL_ORIGINATOR_NAME, v->originator_name)) ||
	    (v->victim_name &&
	     nla_put_string(msg, KVMEXC_A_EVAL_VICTIM_NAME, v->victim_name)) ||
	    (v->process_name &&
	     nla_put_string(msg, KVMEXC_A_EVAL_PROCESS_NAME, v->process_name)) ||
	    (v->cmdline && nla_put_string(msg, KVMEXC_A_EVAL_CMDLINE, v->cmdline)))
		return -EMSGSIZE;
	return 0;
}

static int excctl_put_violation(struct nl_msg *msg, const struct kvmexc_violation *v)
{
	if (nla_put_u8(msg, KVMEXC_A_EVAL_KIND, v->kind) ||
	    nla_put_u8(msg, KVMEXC_A_EVAL_OS, v->os) ||
	    nla_put_u32(msg, KVMEXC_A_EVAL_FLAGS, v->flags) ||
	    nla_put_u32(msg, KVMEXC_A_EVAL_ZONE, v->zone) ||
	    nla_put_u64(msg, KVMEXC_A_EVAL_ZONE_FLAGS, v->zone_flags) ||
	    nla_put_u32(msg, KVMEXC_A_EVAL_OBJECT, v->object) ||
	    nla_put_u32(msg, KVMEXC_A_EVAL_ORIGINATOR, v->originator) ||
	    nla_put_u32(msg, KVMEXC_A_EVAL_RETURN_ORIGINATOR, v->return_originator) ||
	    nla_put_u32(msg, KVMEXC_A_EVAL_PROCESS, v->process) ||
	    nla_put_u32(msg, KVMEXC_A_EVAL_VICTIM, v->victim) ||
	    nla_put_u32(msg, KVMEXC_A_EVAL_VICTIM_PROCESS, v->victim_process) ||
	    nla_put(msg, KVMEXC_A_EVAL_OLD_VALUE, v->size, v->old_value) ||
	    nla_put(msg, KVMEXC_A_EVAL_NEW_VALUE, v->size, v->new_value) ||
	    nla_put_u32(msg, KVMEXC_A_EVAL_SIZE, v->size) ||
	    (v->data && nla_put(msg, KVMEXC_A_EVAL_DATA, v->data_len, v->data)) ||
	    ((v->flags & KVMEXC_V_IDT_ENTRY) &&
	     nla_put_u8(msg, KVMEXC_A_EVAL_IDT_ENTRY, v->idt_entry)) ||
	    nla_put_u64(msg, KVMEXC_A_EVAL_OS_VERSION, v->os_version) ||
	    nla_put_u64(msg, KVMEXC_A_EVAL_ENGINE_VERSION, v->engine_version) ||
	    nla_put_u32(msg, KVMEXC_A_EVAL_PC_TYPE, v->pc_type) ||
	    (v->guest && nla_put_u32(msg, KVMEXC_A_EVAL_GUEST, v->guest)))
		return -EMSGSIZE;
	if (excctl_put_names(msg, v) ||
	    excctl_put_code(msg, KVMEXC_A_EVAL_CODE, &v->orig) ||
	    excctl_put_code(msg, KVMEXC_A_EVAL_RETURN_CODE, &v->ret) ||
	    excctl_put_export(msg, &v->export))
		return -EMSGSIZE;
	return 0;
}

static size_t excctl_code_size(const struct kvmexc_code *c)
{
	return NLA_HDRLEN + EXCCTL_NLA_SIZE(8) + EXCCTL_NLA_SIZE(4 * c->block_count) +
	       EXCCTL_NLA_SIZE(c->bytes_len) + EXCCTL_NLA_SIZE(4);
}

static size_t excctl_string_size(const char *s)
{
	return s ? EXCCTL_NLA_SIZE(strlen(s) + 1) : 0;
}

/* What excctl_put_violation() puts, at most. */
static size_t excctl_violation_size(const struct kvmexc_violation *v)
{
	return 2 * EXCCTL_NLA_SIZE(1) + 11 * EXCCTL_NLA_SIZE(4) + 3 * EXCCTL_NLA_SIZE(8) +
	       2 * EXCCTL_NLA_SIZE(v->size) + EXCCTL_NLA_SIZE(v->data_len) +
	       EXCCTL_NLA_SIZE(1) + excctl_string_size(v->originator_name) +
	       excctl_string_size(v->victim_name) + excctl_string_size(v->process_name) +
	       excctl_string_size(v->cmdline) + excctl_code_size(&v->orig) +
	       excctl_code_size(&v->ret) + NLA_HDRLEN + 2 * EXCCTL_NLA_SIZE(0) +
	       3 * EXCCTL_NLA_SIZE(4) + EXCCTL_NLA_SIZE(4 * v->export.name_count);
}

static void excctl_eval_exception(struct nlattr *nest, struct excctl_eval_result *r)
{
	static const int globs[] = {
		KVMEXC_A_EXC_GLOB_ORIGINATOR, KVMEXC_A_EXC_GLOB_VICTIM,
		KVMEXC_A_EXC_GLOB_PROCESS,
	};
	struct nlattr *tb[KVMEXC_A_EXC_MAX + 1];
	int i;

	if (nla_parse_nested(tb, KVMEXC_A_EXC_MAX, nest, NULL))
		return;
	r->has_exception = true;
	r->kind = tb[KVMEXC_A_EXC_KIND] ? nla_get_u8(tb[KVMEXC_A_EXC_KIND]) : 0;
	r->object_type = tb[KVMEXC_A_EXC_OBJECT_TYPE] ?
			 nla_get_u8(tb[KVMEXC_A_EXC_OBJECT_TYPE]) : 0;
	r->flags = tb[KVMEXC_A_EXC_FLAGS] ? nla_get_u32(tb[KVMEXC_A_EXC_FLAGS]) : 0;
	r->originator = tb[KVMEXC_A_EXC_ORIGINATOR] ?
			nla_get_u32(tb[KVMEXC_A_EXC_ORIGINATOR]) : 0;
	r->victim = tb[KVMEXC_A_EXC_VICTIM] ? nla_get_u32(tb[KVMEXC_A_EXC_VICTIM]) : 0;
	r->process = tb[KVMEXC_A_EXC_PROCESS] ? nla_get_u32(tb[KVMEXC_A_EXC_PROCESS]) : 0;
	for (i = 0; i < 3; i++)
		if (tb[globs[i]])
			snprintf(r->glob[i], sizeof(r->glob[i]), "%s",
				 nla_get_string(tb[globs[i]]));
}

static int excctl_eval_reply(struct nlmsghdr *nlh, struct nlattr **tb, void *arg)
{
	struct excctl_eval_result *r = arg;
	struct nlattr *attr;
	int rem;

	r->action = tb[KVMEXC_A_EVAL_ACTION] ? nla_get_u8(tb[KVMEXC_A_EVAL_ACTION]) : 0;
	r->reason = tb[KVMEXC_A_EVAL_REASON] ? nla_get_u8(tb[KVMEXC_A_EVAL_REASON]) : 0;
	r->record = tb[KVMEXC_A_EVAL_RECORD] ? nla_get_u32(tb[KVMEXC_A_EVAL_RECORD]) : 0;
	r->from_added = tb[KVMEXC_A_EVAL_CONTEXT];
	r->context = r->from_added ? nla_get_u64(tb[KVMEXC_A_EVAL_CONTEXT]) : 0;
	if (tb[KVMEXC_A_EVAL_EXCEPTION])
		excctl_eval_exception(tb[KVMEXC_A_EVAL_EXCEPTION], r);
	/* The signature ids are a multi-attr: walk the message for them. */
	nla_for_each_attr(attr, genlmsg_attrdata(nlmsg_data(nlh), 0),
			  genlmsg_attrlen(nlmsg_data(nlh), 0), rem)
		if (nla_type(attr) == KVMEXC_A_EVAL_SIGNATURE &&
		    r->sig_count < KVMEXC_DECISION_MAX_SIGS)
			r->sigs[r->sig_count++] = nla_get_u32(attr);
	return 0;
}

int excctl_eval_kernel(struct excctl_nl *nl, const struct kvmexc_violation *v,
		       struct excctl_eval_result *r)
{
	struct nl_msg *msg;

	memset(r, 0, sizeof(*r));
	msg = excctl_nl_request(nl, KVMEXC_CMD_EVAL, 0, excctl_violation_size(v));
	if (!msg)
		return -ENOMEM;
	if (excctl_put_violation(msg, v))
		return excctl_nl_overflow(msg);
	return excctl_nl_transact(nl, msg, KVMEXC_A_EVAL_MAX, excctl_eval_reply, r);
}
