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
#define KVMEXC_V_GUEST64		(1u << 0)	/* guest runs in 64-bit mode */
#define KVMEXC_V_ORIG_DRIVER		(1u << 1)	/* RIP is inside a known driver/module */
#define KVMEXC_V_RET_DRIVER		(1u << 2)	/* the return address is */
#define KVMEXC_V_ORIG_INIT_SECTION	(1u << 3)	/* RIP's section is INIT* (Windows) / init* (Linux) */
#define KVMEXC_V_RET_INIT_SECTION	(1u << 4)
#define KVMEXC_V_ENTRY_POINT		(1u << 5)	/* return RIP in the driver's entry point (2.2) */
#define KVMEXC_V_OWN_ORIG		(1u << 6)	/* the victim belongs to the original driver */
#define KVMEXC_V_OWN_RET		(1u << 7)	/* the victim belongs to the return driver */
#define KVMEXC_V_USER_INJECTION		(1u << 8)	/* kernel-user: on behalf of a user injection */
#define KVMEXC_V_KERNEL_INJECTION	(1u << 9)	/* kernel-user: on behalf of a kernel injection */
#define KVMEXC_V_SMAP_CLEARED		(1u << 10)
#define KVMEXC_V_SMEP_CLEARED		(1u << 11)
#define KVMEXC_V_INIT_OK		(1u << 12)	/* user "init": process start-up heuristic passed */
#define KVMEXC_V_ORIG_SYSTEM		(1u << 13)	/* originator process is a system process */
#define KVMEXC_V_VICTIM_SYSTEM		(1u << 14)	/* victim process is */
#define KVMEXC_V_CHILD			(1u << 15)	/* victim process is a child of the originator */
#define KVMEXC_V_ORIG_WOW64		(1u << 16)	/* originator process is 32-bit on a 64-bit guest */
#define KVMEXC_V_VICTIM_WOW64		(1u << 17)
#define KVMEXC_V_ONE_TIME_USED		(1u << 18)	/* the relevant process spent its one-time budget */
#define KVMEXC_V_APPHELP		(1u << 19)	/* injection equals the recorded apphelp one */
#define KVMEXC_V_IN_PEB32		(1u << 20)	/* injection inside the victim's 32-bit PEB */
#define KVMEXC_V_IN_PEB64		(1u << 21)
#define KVMEXC_V_VICTIM_LIBRARY		(1u << 22)	/* injection into a DLL of the victim */
#define KVMEXC_V_IDT_ENTRY		(1u << 23)	/* idt_entry says which IDT entry was written */

/* Code at one RIP, as the signatures see it. */
struct kvmexc_code {
	u64 rip;			/* 0: unknown, no code signature can match */
	const u32 *blocks;		/* code-block hashes, sorted ascending */
	u32 block_count;
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
	u8 old_value[64];
	u8 new_value[64];
	u32 size;			/* access size, at most 64 */
	const u8 *data;			/* value signatures: injected / captured data; */
	u32 data_len;			/* NULL: new_value[0..size) */
	const char *cmdline;		/* originator process command line */
	struct kvmexc_export export;
	u8 idt_entry;			/* with KVMEXC_V_IDT_ENTRY */
	u64 os_version;			/* Windows build; Linux KVMEXC_LINUX_VERSION() */
	u64 engine_version;		/* KVMEXC_ENGINE_VERSION() of the caller */
	u32 pc_type;			/* process-creation DPI bits (KVMEXC_PC_*) */
};

#define KVMEXC_LINUX_VERSION(v, p, s, b) \
	(((u64)(v) << 40) | ((u64)(p) << 32) | ((u64)(s) << 16) | (u64)(b))
#define KVMEXC_ENGINE_VERSION(ma, mi, rev, bld) \
	(((u64)(ma) << 48) | ((u64)(mi) << 32) | ((u64)(rev) << 16) | (u64)(bld))

#define KVMEXC_DECISION_MAX_SIGS	8

struct kvmexc_decision {
	u8 action;			/* enum kvmexc_action */
	u8 reason;			/* enum kvmexc_reason */
	bool from_alert;		/* the exception is an alert exception */
	bool one_time;			/* allowed by a one-time exception: the caller spends the budget */
	const struct kvmexc_exc *exc;	/* matched, or the near miss that gave the reason; NULL */
	u32 record;			/* exc's record index in its file (or alert entry) */
	u64 context;			/* alert exceptions: the context given to add */
	u32 sig_count;			/* ids of the signatures that matched (one per run) */
	u32 sigs[KVMEXC_DECISION_MAX_SIGS];
};

struct kvmexc_alerts;

/*
 * Decides @v against @set and then the alert exceptions @alerts (either may
 * be NULL; no @set means no file loaded: allowed, "not loaded"). Takes no
 * lock, allocates nothing, sleeps never; bumps the matched exception's hit
 * counter atomically.
 */
void kvmexc_match(const struct kvmexc_set *set, const struct kvmexc_alerts *alerts,
		  const struct kvmexc_violation *v, struct kvmexc_decision *d);

const char *kvmexc_action_name(u8 action);
const char *kvmexc_reason_name(u8 reason);

/*
 * Alert exceptions: immutable sets rebuilt copy-on-write. Each call returns
 * a new object (or NULL with @err set) and leaves @old untouched, so the
 * module publishes the new one with RCU and frees the old after a grace
 * period. An entry is one exception record followed by the signature records
 * it names (ids local to the entry), in the file's record format.
 */
struct kvmexc_alerts *kvmexc_alerts_add(const struct kvmexc_alerts *old, u64 context,
					const void *records, size_t len, struct kvmexc_err *err);
/* Removes every entry with @context; -ENOENT in @err when there is none. */
struct kvmexc_alerts *kvmexc_alerts_remove(const struct kvmexc_alerts *old, u64 context,
					   struct kvmexc_err *err);
void kvmexc_alerts_free(struct kvmexc_alerts *alerts);
u32 kvmexc_alerts_count(const struct kvmexc_alerts *alerts);
size_t kvmexc_alerts_bytes(const struct kvmexc_alerts *alerts);

#endif /* _KVMEXC_CORE_MATCH_H */
