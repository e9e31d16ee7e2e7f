/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One violation in, one decision out. The violation is a plain struct of
 * facts the caller gathered (from the guest, from netlink EVAL attributes or
 * from EVENT.json); the matcher never looks at a guest itself.
 */
#ifndef _KVMEXC_CORE_MATCH_H
#define _KVMEXC_CORE_MATCH_H

#include "store.h"

enum kvmexc_os {
	KVMEXC_OS_WINDOWS,
	KVMEXC_OS_LINUX,
};

/* Facts about the situation (struct kvmexc_violation.flags). */
#define KVMEXC_V_GUEST64		BIT(0)	/* guest runs in 64-bit mode */
#define KVMEXC_V_ORIG_DRIVER		BIT(1)	/* RIP in a known driver/module */
#define KVMEXC_V_RET_DRIVER		BIT(2)	/* return address in one */
#define KVMEXC_V_ORIG_INIT_SECTION	BIT(3)	/* RIP's section INIT* / init* */
#define KVMEXC_V_RET_INIT_SECTION	BIT(4)	/* the return RIP's section is */
#define KVMEXC_V_ENTRY_POINT		BIT(5)	/* return RIP at the entry point */
#define KVMEXC_V_OWN_ORIG		BIT(6)	/* victim of the original driver */
#define KVMEXC_V_OWN_RET		BIT(7)	/* victim of the return driver */
#define KVMEXC_V_USER_INJECTION		BIT(8)	/* kernel-user: for a user injection */
#define KVMEXC_V_KERNEL_INJECTION	BIT(9)	/* kernel-user: for a kernel one */
#define KVMEXC_V_SMAP_CLEARED		BIT(10)
#define KVMEXC_V_SMEP_CLEARED		BIT(11)
#define KVMEXC_V_INIT_OK		BIT(12)	/* user "init": start-up heuristic ok */
#define KVMEXC_V_ORIG_SYSTEM		BIT(13)	/* originator is a system process */
#define KVMEXC_V_VICTIM_SYSTEM		BIT(14)	/* victim is a system process */
#define KVMEXC_V_CHILD			BIT(15)	/* victim is the originator's child */
#define KVMEXC_V_ORIG_WOW64		BIT(16)	/* originator: 32-bit on 64-bit */
#define KVMEXC_V_VICTIM_WOW64		BIT(17)
#define KVMEXC_V_ONE_TIME_USED		BIT(18)	/* the one-time budget is spent */
#define KVMEXC_V_APPHELP		BIT(19)	/* the recorded apphelp injection */
#define KVMEXC_V_IN_PEB32		BIT(20)	/* injection into the 32-bit PEB */
#define KVMEXC_V_IN_PEB64		BIT(21)
#define KVMEXC_V_VICTIM_LIBRARY		BIT(22)	/* injection into a DLL */
#define KVMEXC_V_IDT_ENTRY		BIT(23)	/* idt_entry is the entry written */

/* Code at one RIP, as the signatures see it. */
struct kvmexc_code {
	u64 rip;			/* 0: unknown, no code signature can match */
	const u32 *blocks;		/* code-block hashes, sorted ascending */
	u32 block_count;
	bool error;			/* reading or extraction failed: signatures error */
	const u8 *bytes;		/* guest code bytes around rip */
	u32 bytes_len;
	u32 rip_offset;			/* bytes[rip_offset] is the byte at rip */
};

struct kvmexc_export {
	bool known;			/* the victim module's exports could be read */
	bool found;			/* an export starts at or up to 31 bytes before the write */
	u32 library;			/* victim module name hash */
	const u32 *names;		/* name hashes of that export */
	u32 name_count;
	u32 offset;			/* write address - module base - export RVA */
	u32 length;			/* bytes written */
};

/* The bytes of one access a violation carries; longer writes are split. */
#define KVMEXC_VALUE_MAX	64

struct kvmexc_violation {
	u8 kind;			/* KVMEXC_EXC_KM, _UM or _KUM */
	u8 os;				/* enum kvmexc_os */
	u32 flags;			/* KVMEXC_V_* */
	u32 zone;			/* enum kvmexc_zone */
	u64 zone_flags;			/* KVMEXC_ZF_*: the access and the part of the victim */
	u32 object;			/* enum kvmexc_guest_object */
	/* name hashes, as names.h hashes each field; KVMEXC_NAME_EMPTY: no module */
	u32 originator;
	u32 return_originator;
	u32 process;			/* originator process (user, kernel-user injections) */
	u32 victim;
	u32 victim_process;		/* kernel-user: process owning the victim module */
	/* names for glob exceptions (NULL: none) */
	const char *originator_name;
	const char *victim_name;
	const char *process_name;	/* Windows image name, Linux path */
	struct kvmexc_code orig, ret;
	u32 size;			/* access size, at most KVMEXC_VALUE_MAX */
	const u8 *data;			/* value signatures: injected / captured data; */
	u32 data_len;			/* NULL: new_value[0..size) */
	const char *cmdline;		/* originator process command line */
	struct kvmexc_export export;
	u8 idt_entry;			/* with KVMEXC_V_IDT_ENTRY */
	u64 os_version;			/* Windows build; Linux KVMEXC_LINUX_VERSION() */
	u64 engine_version;		/* KVMEXC_ENGINE_VERSION() of the caller */
	u32 guest;			/* where it happened; 0: no guest (EVAL) */
	u32 pc_type;			/* process-creation DPI bits (KVMEXC_PC_*) */
	/*
	 * Last, so that a builder may clear only what comes before them: of
	 * the values, the matcher reads size bytes, and the first 8 bytes of
	 * old_value whatever the size (the "init" rules).
	 */
	u8 old_value[KVMEXC_VALUE_MAX];
	u8 new_value[KVMEXC_VALUE_MAX];
};

#define KVMEXC_LINUX_VERSION(v, p, s, b) \
	(((u64)(v) << 40) | ((u64)(p) << 32) | ((u64)(s) << 16) | (u64)(b))
#define KVMEXC_ENGINE_VERSION(ma, mi, rev, bld) \
	(((u64)(ma) << 48) | ((u64)(mi) << 32) | ((u64)(rev) << 16) | (u64)(bld))

#define KVMEXC_DECISION_MAX_SIGS	8

struct kvmexc_decision {
	u8 action;			/* enum kvmexc_action */
	u8 reason;			/* enum kvmexc_reason */
	bool from_added;		/* the exception is an added exception */
	bool one_time;			/* by a one-time exception: caller spends it */
	const struct kvmexc_exc *exc;	/* matched, or the near miss that gave the reason; NULL */
	u32 record;			/* exc's record index in its file (or added entry) */
	u64 context;			/* added exceptions: the context given to add */
	u32 sig_count;			/* ids of the signatures that matched (one per run) */
	u32 sigs[KVMEXC_DECISION_MAX_SIGS];
};

struct kvmexc_added;

/*
 * Decides @v against @set and then the added exceptions @added (either may
 * be NULL; no @set means no file loaded: allowed, "not loaded"). Takes no
 * lock, allocates nothing, sleeps never; bumps the matched exception's hit
 * counter atomically.
 */
void kvmexc_match(const struct kvmexc_set *set, const struct kvmexc_added *added,
		  const struct kvmexc_violation *v, struct kvmexc_decision *d);

const char *kvmexc_action_name(u8 action);
const char *kvmexc_reason_name(u8 reason);

/*
 * Added exceptions: immutable sets rebuilt copy-on-write. Each call returns
 * a new object (or NULL with @err set) and leaves @old untouched, so the
 * module publishes the new one with RCU and frees the old after a grace
 * period. An entry is one exception record followed by the signature records
 * it names (ids local to the entry), in the file's record format.
 */
struct kvmexc_added *kvmexc_added_insert_for(const struct kvmexc_added *old, u64 context,
					     u32 guest, const void *records, size_t len,
					     struct kvmexc_err *err);

/* An entry for every guest (and for EVAL without a guest). */
static inline struct kvmexc_added *kvmexc_added_insert(const struct kvmexc_added *old,
						       u64 context, const void *records,
						       size_t len, struct kvmexc_err *err)
{
	return kvmexc_added_insert_for(old, context, 0, records, len, err);
}

/* Removes every entry with @context; -ENOENT in @err when there is none. */
struct kvmexc_added *kvmexc_added_remove(const struct kvmexc_added *old, u64 context,
					 struct kvmexc_err *err);
/* Removes every entry of @guest; -ENOENT in @err when there is none. */
struct kvmexc_added *kvmexc_added_remove_guest(const struct kvmexc_added *old, u32 guest,
					       struct kvmexc_err *err);
void kvmexc_added_free(struct kvmexc_added *added);
u32 kvmexc_added_count(const struct kvmexc_added *added);
size_t kvmexc_added_bytes(const struct kvmexc_added *added);
/* The set every entry was indexed into (its contexts filled); NULL when empty. */
const struct kvmexc_set *kvmexc_added_set(const struct kvmexc_added *added);

#endif /* _KVMEXC_CORE_MATCH_H */
