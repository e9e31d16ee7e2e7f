/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * kvmexc: exceptions for writes of KVM guests to protected memory.
 *
 * Two contracts live here: the generic-netlink family "kvmexc" that controls
 * the module, and the records of exceptions.bin, the compiled exception file
 * (the reference engine's format, version 2.2). Both are used by the module
 * and by excctl; everything in this header is part of the ABI.
 */
#ifndef _UAPI_LINUX_KVMEXC_H
#define _UAPI_LINUX_KVMEXC_H

#include <linux/types.h>

#define KVMEXC_FAMILY_NAME	"kvmexc"
#define KVMEXC_FAMILY_VERSION	1

#define KVMEXC_MCGRP_ALERTS	"alerts"

enum kvmexc_cmd {
	KVMEXC_CMD_UNSPEC,
	KVMEXC_CMD_GET_STATUS,
	KVMEXC_CMD_LOAD_BEGIN,
	KVMEXC_CMD_LOAD_CHUNK,
	KVMEXC_CMD_LOAD_COMMIT,
	KVMEXC_CMD_ADD,
	KVMEXC_CMD_REMOVE,
	KVMEXC_CMD_FLUSH,
	KVMEXC_CMD_LIST,
	KVMEXC_CMD_EVAL,
	KVMEXC_CMD_CHANGED,		/* notification on "alerts": the set changed */
	KVMEXC_CMD_ATTACH,
	KVMEXC_CMD_DETACH,
	KVMEXC_CMD_GUESTS,
	KVMEXC_CMD_PROTECT,
	KVMEXC_CMD_UNPROTECT,
	KVMEXC_CMD_MODULE,
	KVMEXC_CMD_MODULE_DEL,
	KVMEXC_CMD_ALERT,		/* notification on "alerts": a decided write */
	KVMEXC_CMD_GET_ALERT,

	__KVMEXC_CMD_MAX,
};

#define KVMEXC_CMD_MAX (__KVMEXC_CMD_MAX - 1)

/*
 * GET_STATUS: the request has no attributes. The reply; the CHANGED
 * notification carries the same attributes.
 */
enum kvmexc_a_status {
	KVMEXC_A_STATUS_UNSPEC,
	KVMEXC_A_STATUS_PAD,
	KVMEXC_A_STATUS_MODULE_VERSION,	/* string */
	KVMEXC_A_STATUS_LOADED,		/* u8: 1 when an exception file is active */
	KVMEXC_A_STATUS_VERSION_MAJOR,	/* u16: of the active file */
	KVMEXC_A_STATUS_VERSION_MINOR,	/* u16 */
	KVMEXC_A_STATUS_BUILD,		/* u32 */
	KVMEXC_A_STATUS_KERNEL_COUNT,	/* u32: exceptions in force, per kind */
	KVMEXC_A_STATUS_USER_COUNT,	/* u32 */
	KVMEXC_A_STATUS_GLOB_COUNT,	/* u32 */
	KVMEXC_A_STATUS_KERNEL_USER_COUNT, /* u32 */
	KVMEXC_A_STATUS_SIGNATURE_COUNT, /* u32 */
	KVMEXC_A_STATUS_MEMORY,		/* u64: bytes held by the file and added exceptions */
	KVMEXC_A_STATUS_ADDED_EXCEPTIONS, /* u32: how many are in force */
	KVMEXC_A_STATUS_DECISIONS,	/* u64 */
	KVMEXC_A_STATUS_ALLOWED,	/* u64 */
	KVMEXC_A_STATUS_DENIED,		/* u64 */
	KVMEXC_A_STATUS_FEEDBACK,	/* u64: allowed, with feedback */
	KVMEXC_A_STATUS_ALERTS_DROPPED,	/* u64: of every guest, by the rate limit or a full queue */
	KVMEXC_A_STATUS_ALERTS_UNDELIVERED, /* u64: sent, but lost by a listener's full socket */

	__KVMEXC_A_STATUS_MAX,
};

#define KVMEXC_A_STATUS_MAX (__KVMEXC_A_STATUS_MAX - 1)

/*
 * LOAD_BEGIN { SIZE } -> { TRANSFER_ID }; LOAD_CHUNK { TRANSFER_ID, OFFSET,
 * DATA }, in order; LOAD_COMMIT { TRANSFER_ID } -> the header of the file
 * now in force. A transfer belongs to the socket that began it. When a
 * commit fails, the previous file stays in force and the error message
 * names the record and byte offset at fault.
 */
enum kvmexc_a_load {
	KVMEXC_A_LOAD_UNSPEC,
	KVMEXC_A_LOAD_SIZE,		/* u32: bytes of the whole file */
	KVMEXC_A_LOAD_TRANSFER_ID,	/* u32 */
	KVMEXC_A_LOAD_OFFSET,		/* u32: where DATA starts in the file */
	KVMEXC_A_LOAD_DATA,		/* binary: at most KVMEXC_LOAD_CHUNK_MAX */
	KVMEXC_A_LOAD_VERSION_MAJOR,	/* u16 */
	KVMEXC_A_LOAD_VERSION_MINOR,	/* u16 */
	KVMEXC_A_LOAD_BUILD,		/* u32 */
	KVMEXC_A_LOAD_KERNEL_COUNT,	/* u32 */
	KVMEXC_A_LOAD_USER_COUNT,	/* u32 */
	KVMEXC_A_LOAD_GLOB_COUNT,	/* u32 */
	KVMEXC_A_LOAD_KERNEL_USER_COUNT, /* u32 */
	KVMEXC_A_LOAD_SIGNATURE_COUNT,	/* u32 */

	__KVMEXC_A_LOAD_MAX,
};

#define KVMEXC_A_LOAD_MAX (__KVMEXC_A_LOAD_MAX - 1)

/* The largest DATA a chunk carries: one attribute, 64 KiB less headers. */
#define KVMEXC_LOAD_CHUNK_MAX	65024

/*
 * Added exceptions: exceptions put in force at run time beside the loaded
 * file, each named by the caller's CONTEXT; they survive loads.
 * ADD { CONTEXT, RECORDS, [GUEST] }: one, as one exception record followed
 * by the signature records it names, in the file's record format (excctl
 * makes it from an alert or from one exception of JSON); with GUEST it
 * decides that guest's writes only, without it every guest's and EVAL's.
 * REMOVE { CONTEXT }. FLUSH { [GUEST] }: every added exception, or those of
 * one guest. A guest's go when it detaches.
 */
enum kvmexc_a_added {
	KVMEXC_A_ADDED_UNSPEC,
	KVMEXC_A_ADDED_PAD,
	KVMEXC_A_ADDED_CONTEXT,		/* u64: the caller's name for it */
	KVMEXC_A_ADDED_RECORDS,		/* binary */
	KVMEXC_A_ADDED_GUEST,		/* u32: guest id */

	__KVMEXC_A_ADDED_MAX,
};

#define KVMEXC_A_ADDED_MAX (__KVMEXC_A_ADDED_MAX - 1)

/*
 * LIST (a dump; the request has no attributes): one message per exception
 * in force, those of the file first, then the added exceptions. A dump
 * that raced a change is marked NLM_F_DUMP_INTR: ask again.
 */
enum kvmexc_a_exc {
	KVMEXC_A_EXC_UNSPEC,
	KVMEXC_A_EXC_PAD,
	KVMEXC_A_EXC_SOURCE,		/* u8: enum kvmexc_exc_source */
	KVMEXC_A_EXC_RECORD,		/* u32: index of its record in the file or entry */
	KVMEXC_A_EXC_CONTEXT,		/* u64: added exceptions only */
	KVMEXC_A_EXC_KIND,		/* u8: enum kvmexc_exc_kind */
	KVMEXC_A_EXC_OBJECT_TYPE,	/* u8 */
	KVMEXC_A_EXC_FLAGS,		/* u32 */
	KVMEXC_A_EXC_ORIGINATOR,	/* u32: name hash (not for glob) */
	KVMEXC_A_EXC_VICTIM,		/* u32 */
	KVMEXC_A_EXC_PROCESS,		/* u32: user and kernel-user */
	KVMEXC_A_EXC_GLOB_ORIGINATOR,	/* string: glob patterns */
	KVMEXC_A_EXC_GLOB_VICTIM,	/* string */
	KVMEXC_A_EXC_GLOB_PROCESS,	/* string */
	KVMEXC_A_EXC_SIGNATURE,		/* u32, multi-attr: signature ids */
	KVMEXC_A_EXC_HITS,		/* u32: decisions it allowed */
	KVMEXC_A_EXC_GUEST,		/* u32: added exceptions of one guest */

	__KVMEXC_A_EXC_MAX,
};

#define KVMEXC_A_EXC_MAX (__KVMEXC_A_EXC_MAX - 1)

/* Exception kinds (KIND attributes); glob is a user exception with patterns. */
enum kvmexc_exc_kind {
	KVMEXC_EXC_KM = 1,
	KVMEXC_EXC_UM,
	KVMEXC_EXC_KUM,
	KVMEXC_EXC_GLOB,
};

enum kvmexc_exc_source {
	KVMEXC_SOURCE_FILE,
	KVMEXC_SOURCE_ADDED,
};

/*
 * EVAL: one violation, decided by the module's matcher against what is in
 * force, as a write of a guest would be. Names are sent as hashes, hashed by
 * the caller like the compiler hashes the field (excctl eval does); the
 * three *_NAME strings are what glob exceptions match. The reply carries
 * ACTION, REASON and, when an exception decided, RECORD or CONTEXT, the
 * signatures that matched and the exception itself (EXCEPTION, nested
 * kvmexc_a_exc attributes).
 */
enum kvmexc_a_eval {
	KVMEXC_A_EVAL_UNSPEC,
	KVMEXC_A_EVAL_PAD,
	KVMEXC_A_EVAL_KIND,		/* u8: enum kvmexc_exc_kind, not glob */
	KVMEXC_A_EVAL_OS,		/* u8: 0 windows, 1 linux */
	KVMEXC_A_EVAL_FLAGS,		/* u32: facts of the situation (KVMEXC_V_*) */
	KVMEXC_A_EVAL_ZONE,		/* u32: enum kvmexc_zone */
	KVMEXC_A_EVAL_ZONE_FLAGS,	/* u64: KVMEXC_ZF_* */
	KVMEXC_A_EVAL_OBJECT,		/* u32: enum kvmexc_guest_object */
	KVMEXC_A_EVAL_ORIGINATOR,	/* u32: name hash */
	KVMEXC_A_EVAL_RETURN_ORIGINATOR, /* u32 */
	KVMEXC_A_EVAL_PROCESS,		/* u32 */
	KVMEXC_A_EVAL_VICTIM,		/* u32 */
	KVMEXC_A_EVAL_VICTIM_PROCESS,	/* u32 */
	KVMEXC_A_EVAL_ORIGINATOR_NAME,	/* string, for glob exceptions */
	KVMEXC_A_EVAL_VICTIM_NAME,	/* string */
	KVMEXC_A_EVAL_PROCESS_NAME,	/* string */
	KVMEXC_A_EVAL_CODE,		/* nest, kvmexc_a_code: at the originator's RIP */
	KVMEXC_A_EVAL_RETURN_CODE,	/* nest, kvmexc_a_code: at the return address */
	KVMEXC_A_EVAL_OLD_VALUE,	/* binary: at most 64 bytes */
	KVMEXC_A_EVAL_NEW_VALUE,	/* binary: at most 64 bytes */
	KVMEXC_A_EVAL_SIZE,		/* u32: bytes accessed, at most 64 */
	KVMEXC_A_EVAL_DATA,		/* binary: data value signatures hash */
	KVMEXC_A_EVAL_CMDLINE,		/* string: the originator's command line */
	KVMEXC_A_EVAL_EXPORT,		/* nest, kvmexc_a_export */
	KVMEXC_A_EVAL_IDT_ENTRY,	/* u8: absent when the victim is no IDT entry */
	KVMEXC_A_EVAL_OS_VERSION,	/* u64 */
	KVMEXC_A_EVAL_ENGINE_VERSION,	/* u64 */
	KVMEXC_A_EVAL_PC_TYPE,		/* u32: process-creation DPI bits */
	/* the reply */
	KVMEXC_A_EVAL_ACTION,		/* u8: enum kvmexc_action */
	KVMEXC_A_EVAL_REASON,		/* u8: enum kvmexc_reason */
	KVMEXC_A_EVAL_RECORD,		/* u32: the deciding exception's record */
	KVMEXC_A_EVAL_CONTEXT,		/* u64: when it is an added exception */
	KVMEXC_A_EVAL_SIGNATURE,	/* u32, multi-attr: signatures that matched */
	KVMEXC_A_EVAL_EXCEPTION,	/* nest, kvmexc_a_exc */
	KVMEXC_A_EVAL_GUEST,		/* u32: decide as in this guest (its added exceptions) */

	__KVMEXC_A_EVAL_MAX,
};

#define KVMEXC_A_EVAL_MAX (__KVMEXC_A_EVAL_MAX - 1)

/* The largest windows EVAL takes: CODE_BYTES, DATA, CODE_BLOCKS and EXPORT_NAMES. */
#define KVMEXC_EVAL_CODE_MAX	4096	/* bytes */
#define KVMEXC_EVAL_DATA_MAX	4096	/* bytes */
#define KVMEXC_EVAL_HASHES_MAX	4096	/* u32 hashes */

/* The code at one address: what code-block and value-code signatures see. */
enum kvmexc_a_code {
	KVMEXC_A_CODE_UNSPEC,
	KVMEXC_A_CODE_PAD,
	KVMEXC_A_CODE_RIP,		/* u64: 0 or absent, unknown */
	KVMEXC_A_CODE_BLOCKS,		/* binary: u32 code-block hashes, ascending */
	KVMEXC_A_CODE_BYTES,		/* binary: the code around RIP */
	KVMEXC_A_CODE_RIP_OFFSET,	/* u32: where RIP is in BYTES */
	KVMEXC_A_CODE_ERROR,		/* flag: the code could not be read (internal error) */

	__KVMEXC_A_CODE_MAX,
};

#define KVMEXC_A_CODE_MAX (__KVMEXC_A_CODE_MAX - 1)

/* The export written to, for export signatures. */
enum kvmexc_a_export {
	KVMEXC_A_EXPORT_UNSPEC,
	KVMEXC_A_EXPORT_KNOWN,		/* flag: the victim's exports could be read */
	KVMEXC_A_EXPORT_FOUND,		/* flag: an export starts at or before the write */
	KVMEXC_A_EXPORT_LIBRARY,	/* u32: library name hash */
	KVMEXC_A_EXPORT_NAMES,		/* binary: u32 hashes of the export's names */
	KVMEXC_A_EXPORT_OFFSET,		/* u32: of the write in the export */
	KVMEXC_A_EXPORT_LENGTH,		/* u32: bytes written */

	__KVMEXC_A_EXPORT_MAX,
};

#define KVMEXC_A_EXPORT_MAX (__KVMEXC_A_EXPORT_MAX - 1)

/*
 * ATTACH { VM_FD, OS, BITS, OS_VERSION, POLICY, PERSIST } -> { ID }: the VM
 * whose file descriptor the caller holds. The guest is detached by DETACH,
 * when its VM goes away, on rmmod, and when the attaching socket closes
 * unless PERSIST was given. GUESTS (a dump) lists the attached guests.
 */
enum kvmexc_a_guest {
	KVMEXC_A_GUEST_UNSPEC,
	KVMEXC_A_GUEST_PAD,
	KVMEXC_A_GUEST_ID,		/* u32 */
	KVMEXC_A_GUEST_VM_FD,		/* u32: a KVM VM file descriptor of the caller */
	KVMEXC_A_GUEST_OS,		/* u8: enum kvmexc_guest_os */
	KVMEXC_A_GUEST_BITS,		/* u8: 32 or 64 */
	KVMEXC_A_GUEST_OS_VERSION,	/* u64: as version-os signatures compare it */
	KVMEXC_A_GUEST_POLICY,		/* u8: enum kvmexc_policy */
	KVMEXC_A_GUEST_PERSIST,		/* flag: outlive the attaching socket */
	KVMEXC_A_GUEST_VMM_PID,		/* u32: the process that created the VM */
	KVMEXC_A_GUEST_ZONES,		/* u32 */
	KVMEXC_A_GUEST_MODULES,		/* u32 */
	KVMEXC_A_GUEST_DECISIONS,	/* u64 */
	KVMEXC_A_GUEST_DENIED,		/* u64 */
	KVMEXC_A_GUEST_ALERTS,		/* u64: alerts sent */
	KVMEXC_A_GUEST_DROPPED,		/* u64: alerts dropped by the rate limit */
	KVMEXC_A_GUEST_DECISION_NS,	/* u64: time spent deciding its writes */
	KVMEXC_A_GUEST_UNDELIVERED,	/* u64: alerts sent but lost by a listener's full socket */
	KVMEXC_A_GUEST_QUEUED,		/* u64: alerts raised, not sent yet */

	__KVMEXC_A_GUEST_MAX,
};

#define KVMEXC_A_GUEST_MAX (__KVMEXC_A_GUEST_MAX - 1)

enum kvmexc_guest_os {
	KVMEXC_GUEST_WINDOWS,
	KVMEXC_GUEST_LINUX,
};

enum kvmexc_policy {
	KVMEXC_POLICY_ENFORCE,		/* denied writes are undone */
	KVMEXC_POLICY_LOG_ONLY,		/* every write stays; denials are reported */
};

/*
 * PROTECT { GUEST_ID, GPA, LENGTH, KIND, OBJECT, ZONE_FLAGS, VICTIM,
 * PROCESS, GVA }: guest-physical bytes whose writes are decided, with the
 * identity of what they hold; the reply is the acknowledgment, and the zone
 * is named by its GUEST_ID and GPA. Names are hashed as the
 * compiler hashes the same field of an exception. UNPROTECT { GUEST_ID,
 * GPA } removes the zone starting there.
 */
enum kvmexc_a_zone {
	KVMEXC_A_ZONE_UNSPEC,
	KVMEXC_A_ZONE_PAD,
	KVMEXC_A_ZONE_GUEST_ID,		/* u32 */
	KVMEXC_A_ZONE_GPA,		/* u64 */
	KVMEXC_A_ZONE_LENGTH,		/* u32: at most KVMEXC_ZONE_MAX_LENGTH */
	KVMEXC_A_ZONE_KIND,		/* u8: enum kvmexc_exc_kind, not glob */
	KVMEXC_A_ZONE_OBJECT,		/* u32: enum kvmexc_guest_object */
	KVMEXC_A_ZONE_ZONE_FLAGS,	/* u64: KVMEXC_ZF_* (the write flag is implied) */
	KVMEXC_A_ZONE_VICTIM,		/* string: module, driver or process name */
	KVMEXC_A_ZONE_PROCESS,		/* string: kernel-user, the process owning the module */
	KVMEXC_A_ZONE_GVA,		/* u64: where the guest sees the zone, for alerts */

	__KVMEXC_A_ZONE_MAX,
};

#define KVMEXC_A_ZONE_MAX (__KVMEXC_A_ZONE_MAX - 1)

#define KVMEXC_ZONE_MAX_LENGTH	0x100000	/* 1 MiB */

/*
 * MODULE { GUEST_ID, START, LENGTH, KIND, NAME, PROCESS, CR3 }: code at
 * guest-virtual [START, START + LENGTH) belongs to NAME, the originator of
 * the writes it does (a driver for KIND 1, a user module of PROCESS, in the
 * address space CR3 or any when 0, for KIND 2). MODULE_DEL { GUEST_ID,
 * START, CR3 } removes it. A RIP in no module is the originator "-".
 */
enum kvmexc_a_module {
	KVMEXC_A_MODULE_UNSPEC,
	KVMEXC_A_MODULE_PAD,
	KVMEXC_A_MODULE_GUEST_ID,	/* u32 */
	KVMEXC_A_MODULE_START,		/* u64 */
	KVMEXC_A_MODULE_LENGTH,		/* u64 */
	KVMEXC_A_MODULE_KIND,		/* u8: KVMEXC_EXC_KM or KVMEXC_EXC_UM */
	KVMEXC_A_MODULE_NAME,		/* string */
	KVMEXC_A_MODULE_PROCESS,	/* string: user modules */
	KVMEXC_A_MODULE_CR3,		/* u64: user modules */

	__KVMEXC_A_MODULE_MAX,
};

#define KVMEXC_A_MODULE_MAX (__KVMEXC_A_MODULE_MAX - 1)

/*
 * ALERT, on the "alerts" group: a write to a protected zone that was denied
 * (and undone under the enforce policy) or allowed with feedback, or any
 * write while no exception file is loaded or the guest is log-only.
 * GET_ALERT { GUEST_ID, SEQ }: one of the last alerts a guest sent, again,
 * as ALERT carried it (-ENOENT once it is no longer kept).
 */
enum kvmexc_a_event {
	KVMEXC_A_EVENT_UNSPEC,
	KVMEXC_A_EVENT_PAD,
	KVMEXC_A_EVENT_GUEST_ID,	/* u32 */
	KVMEXC_A_EVENT_SEQ,		/* u64: per guest, from 1; gaps are drops */
	KVMEXC_A_EVENT_ACTION,		/* u8: enum kvmexc_action */
	KVMEXC_A_EVENT_REASON,		/* u8: enum kvmexc_reason */
	KVMEXC_A_EVENT_UNDONE,		/* flag: the write was reverted */
	KVMEXC_A_EVENT_RECORD,		/* u32: the exception that decided */
	KVMEXC_A_EVENT_CONTEXT,		/* u64: ... when it is an added exception */
	KVMEXC_A_EVENT_GPA,		/* u64: first byte written */
	KVMEXC_A_EVENT_GVA,		/* u64: same, when the zone's GVA is known */
	KVMEXC_A_EVENT_RIP,		/* u64 */
	KVMEXC_A_EVENT_KIND,		/* u8 */
	KVMEXC_A_EVENT_OBJECT,		/* u32 */
	KVMEXC_A_EVENT_SIZE,		/* u32 */
	KVMEXC_A_EVENT_OLD_VALUE,	/* binary */
	KVMEXC_A_EVENT_NEW_VALUE,	/* binary */
	KVMEXC_A_EVENT_ORIGINATOR,	/* string: the module at RIP, or "-" */
	KVMEXC_A_EVENT_VICTIM,		/* string */
	KVMEXC_A_EVENT_DROPPED,		/* u64: alerts dropped so far for this guest */
	KVMEXC_A_EVENT_BLOB,		/* binary: the alert blob (Documentation/alerts.rst) */
	KVMEXC_A_EVENT_TIME,		/* u64: of the decision, ns since the epoch */

	__KVMEXC_A_EVENT_MAX,
};

#define KVMEXC_A_EVENT_MAX (__KVMEXC_A_EVENT_MAX - 1)

/*
 * exceptions.bin
 *
 * A 36-byte header, then records until the end of the file. Every record is
 * a 3-byte header (type, size of the body) and its body. All integers are
 * little-endian and all structures byte-packed.
 */
#define KVMEXC_FILE_MAGIC		0x414E5845	/* bytes "EXNA" */
#define KVMEXC_FILE_VERSION_MAJOR	2
#define KVMEXC_FILE_VERSION_MINOR	2

struct kvmexc_file_header {
	__le32 magic;
	__le16 version_major;
	__le16 version_minor;
	__le32 kernel_count;
	__le32 user_count;		/* user and user-apc records */
	__le32 signature_count;
	__le32 build;
	__le32 glob_count;
	__le32 kernel_user_count;
	__le32 reserved;
} __attribute__((packed));

enum kvmexc_record_type {
	KVMEXC_REC_KERNEL		= 1,
	KVMEXC_REC_USER			= 2,
	KVMEXC_REC_SIG_CODEBLOCKS	= 3,
	KVMEXC_REC_SIG_EXPORT		= 4,
	KVMEXC_REC_SIG_VALUE		= 5,
	KVMEXC_REC_USER_GLOB		= 6,
	/* 7 is reserved */
	KVMEXC_REC_SIG_VALUE_CODE	= 8,
	KVMEXC_REC_USER_APC		= 9,
	KVMEXC_REC_SIG_IDT		= 10,
	KVMEXC_REC_SIG_VERSION_OS	= 11,
	KVMEXC_REC_SIG_VERSION_INTRO	= 12,
	KVMEXC_REC_SIG_PROCESS_CREATION	= 13,
	KVMEXC_REC_KERNEL_USER		= 14,
};

struct kvmexc_record_header {
	__u8 type;
	__le16 size;			/* of the body, without this header */
} __attribute__((packed));

/* Type 1; followed by sig_count signature ids (__le32). */
struct kvmexc_rec_kernel {
	__le32 originator;
	__le32 path;			/* unused, 0xFFFFFFFF */
	__le32 victim;
	__le32 flags;
	__u8 reserved;
	__u8 object_type;
	__le16 sig_count;
} __attribute__((packed));

/* Types 2, 9 and 14; followed by sig_count signature ids (__le32). */
struct kvmexc_rec_user {
	__le32 originator;
	__le32 victim;
	__le32 process;
	__le32 flags;
	__u8 reserved;
	__u8 object_type;
	__le16 sig_count;
} __attribute__((packed));

/*
 * Type 6; followed by three NUL-terminated patterns (originator, victim,
 * process), then sig_count signature ids, without alignment.
 */
struct kvmexc_rec_glob {
	__le32 flags;
	__u8 reserved;
	__u8 object_type;
	__le16 sig_count;
} __attribute__((packed));

#define KVMEXC_GLOB_MAX_LEN	63

/* Common start of every signature record. */
struct kvmexc_rec_sig {
	__le32 id;
	__le32 flags;
} __attribute__((packed));

/* Type 3; followed by list_count lists of { __u8 count; __le32 hash[count]; }. */
struct kvmexc_rec_sig_codeblocks {
	struct kvmexc_rec_sig sig;
	__u8 score;
	__u8 list_count;
} __attribute__((packed));

/* Type 4; followed by list_count struct kvmexc_sig_export_entry. */
struct kvmexc_rec_sig_export {
	struct kvmexc_rec_sig sig;
	__le32 library;
	__u8 list_count;
	__u8 pad[3];
} __attribute__((packed));

struct kvmexc_sig_export_entry {
	__le16 delta;
	__le16 pad;
	__le32 name;
} __attribute__((packed));

/* Type 5; followed by list_count struct kvmexc_sig_value_entry. */
struct kvmexc_rec_sig_value {
	struct kvmexc_rec_sig sig;
	__u8 score;
	__u8 list_count;
	__le16 pad;
} __attribute__((packed));

struct kvmexc_sig_value_entry {
	__le16 offset;
	__le16 size;
	__le32 pad;
	__le32 hash;
} __attribute__((packed));

/* Type 8; followed by length pattern words (__le16, 0x100 = any byte). */
struct kvmexc_rec_sig_value_code {
	struct kvmexc_rec_sig sig;
	__le16 offset;			/* signed */
	__le16 length;
} __attribute__((packed));

/* Type 10. */
struct kvmexc_rec_sig_idt {
	struct kvmexc_rec_sig sig;
	__u8 entry;
	__u8 pad[3];
} __attribute__((packed));

/*
 * Type 11. Windows guests read min and max as build numbers; Linux guests as
 * { __u8 version; __u8 patch; __le16 sublevel; __le16 backport; __le16 pad; }.
 */
struct kvmexc_rec_sig_version_os {
	struct kvmexc_rec_sig sig;
	__u8 min[8];
	__u8 max[8];
} __attribute__((packed));

struct kvmexc_intro_version {
	__le16 major;
	__le16 minor;
	__le16 revision;
	__le16 build;
} __attribute__((packed));

/* Type 12. */
struct kvmexc_rec_sig_version_intro {
	struct kvmexc_rec_sig sig;
	struct kvmexc_intro_version min;
	struct kvmexc_intro_version max;
} __attribute__((packed));

/* Type 13. */
struct kvmexc_rec_sig_process_creation {
	struct kvmexc_rec_sig sig;
	__le32 create_mask;
	__le32 reserved[3];
} __attribute__((packed));

/* A signature id: bits 0..21 a value, bits 22..31 the signature type. */
#define KVMEXC_SIG_ID_VALUE_BITS	22
#define KVMEXC_SIG_ID(type, value)	(((__u32)(type) << KVMEXC_SIG_ID_VALUE_BITS) | (value))
#define KVMEXC_SIG_ID_TYPE(id)		((id) >> KVMEXC_SIG_ID_VALUE_BITS)
#define KVMEXC_SIG_ID_VALUE(id)		((id) & ((1u << KVMEXC_SIG_ID_VALUE_BITS) - 1))

enum kvmexc_sig_type {
	KVMEXC_SIG_VERSION_OS		= 50,
	KVMEXC_SIG_VERSION_INTRO	= 51,
	KVMEXC_SIG_PROCESS_CREATION	= 70,
	KVMEXC_SIG_EXPORT		= 100,
	KVMEXC_SIG_VALUE		= 200,
	KVMEXC_SIG_IDT			= 300,
	KVMEXC_SIG_VALUE_CODE		= 500,
	KVMEXC_SIG_CODEBLOCKS		= 600,
};

/*
 * Values of the shipped configuration (shared/vectors/config.json): the
 * object types and flag bits that records carry, and the predefined values
 * that name-hash fields hold instead of a CRC. A custom --config may renumber
 * them in a file; the module and the name hashing know these ones.
 */
enum kvmexc_km_object {
	KVMEXC_KM_OBJ_NONE,
	KVMEXC_KM_OBJ_ANY,
	KVMEXC_KM_OBJ_DRIVER,
	KVMEXC_KM_OBJ_DRIVER_IMPORTS,
	KVMEXC_KM_OBJ_DRIVER_CODE,
	KVMEXC_KM_OBJ_DRIVER_DATA,
	KVMEXC_KM_OBJ_DRIVER_RESOURCES,
	KVMEXC_KM_OBJ_SSDT,
	KVMEXC_KM_OBJ_DRVOBJ,
	KVMEXC_KM_OBJ_FASTIO,
	KVMEXC_KM_OBJ_MSR,
	KVMEXC_KM_OBJ_CR4,
	KVMEXC_KM_OBJ_HAL_HEAP,
	KVMEXC_KM_OBJ_SELFMAP,
	KVMEXC_KM_OBJ_IDT,
	KVMEXC_KM_OBJ_IDT_REG,
	KVMEXC_KM_OBJ_GDT_REG,
	KVMEXC_KM_OBJ_INFINITY_HOOK,
	KVMEXC_KM_OBJ_DRIVER_EXPORTS,
	KVMEXC_KM_OBJ_TOKEN_PRIVS,
	KVMEXC_KM_OBJ_SUD_EXEC,
	KVMEXC_KM_OBJ_HAL_PERF_COUNTER,
	KVMEXC_KM_OBJ_SECURITY_DESCRIPTOR,
	KVMEXC_KM_OBJ_ACL_EDIT,
	KVMEXC_KM_OBJ_SUD_MODIFICATION,
	KVMEXC_KM_OBJ_INTERRUPT_OBJ,
};

/* Object types of user, user-apc and user-glob-match records. */
enum kvmexc_um_object {
	KVMEXC_UM_OBJ_NONE,
	KVMEXC_UM_OBJ_ANY,
	KVMEXC_UM_OBJ_PROCESS,
	KVMEXC_UM_OBJ_MODULE,
	KVMEXC_UM_OBJ_MODULE_IMPORTS,
	KVMEXC_UM_OBJ_NX_ZONE,
	KVMEXC_UM_OBJ_MODULE_EXPORTS,
	KVMEXC_UM_OBJ_THREAD_CONTEXT,
	KVMEXC_UM_OBJ_PEB32,
	KVMEXC_UM_OBJ_PEB64,
	KVMEXC_UM_OBJ_APC_THREAD,
	KVMEXC_UM_OBJ_PROCESS_CREATION,
	KVMEXC_UM_OBJ_DOUBLE_AGENT,
	KVMEXC_UM_OBJ_PROCESS_CREATION_DPI,
	KVMEXC_UM_OBJ_SUD_EXEC,
	KVMEXC_UM_OBJ_INSTRUMENTATION_CALLBACK,
};

enum kvmexc_kum_object {
	KVMEXC_KUM_OBJ_NONE,
	KVMEXC_KUM_OBJ_ANY,
	KVMEXC_KUM_OBJ_MODULE,
	KVMEXC_KUM_OBJ_MODULE_IMPORTS,
	KVMEXC_KUM_OBJ_MODULE_EXPORTS,
};

/* Exception flags: common, then kernel-mode, user-mode and kernel-user. */
#define KVMEXC_FLAG_FEEDBACK		0x00000001u
#define KVMEXC_FLAG_32			0x00000002u
#define KVMEXC_FLAG_64			0x00000004u
#define KVMEXC_FLAG_INIT		0x00000008u
#define KVMEXC_FLAG_RETURN		0x00000010u
#define KVMEXC_FLAG_LINUX		0x00000080u
#define KVMEXC_FLAG_READ		0x10000000u
#define KVMEXC_FLAG_WRITE		0x20000000u
#define KVMEXC_FLAG_EXEC		0x40000000u
#define KVMEXC_FLAG_IGNORE		0x80000000u
#define KVMEXC_FLAG_KM_NON_DRIVER	0x00000100u
#define KVMEXC_FLAG_KM_RETURN_DRV	0x00000200u
#define KVMEXC_FLAG_KM_SMAP		0x00000400u
#define KVMEXC_FLAG_KM_SMEP		0x00000800u
#define KVMEXC_FLAG_KM_INTEGRITY	0x00001000u
#define KVMEXC_FLAG_UM_SYSTEM_PROCESS	0x00000100u
#define KVMEXC_FLAG_UM_CHILD		0x00000200u
#define KVMEXC_FLAG_UM_ONE_TIME		0x00000800u
#define KVMEXC_FLAG_UM_LIKE_APPHELP	0x00001000u
#define KVMEXC_FLAG_UM_DEBUG		0x00002000u	/* also "reserved" */
#define KVMEXC_FLAG_UM_MODULE_LOAD	0x00004000u
#define KVMEXC_FLAG_KUM_USER		0x00008000u
#define KVMEXC_FLAG_KUM_KERNEL		0x00010000u

/* Signature flags. */
#define KVMEXC_SIG_FLAG_32		0x00000001u
#define KVMEXC_SIG_FLAG_64		0x00000002u
#define KVMEXC_SIG_FLAG_MEDIUM		0x00000004u
#define KVMEXC_SIG_FLAG_LINUX		0x00000080u
#define KVMEXC_SIG_FLAG_CLI		0x00010000u

/* Predefined name-hash values; kernel-mode and user-mode share 0, 1 and 4. */
#define KVMEXC_NAME_ANY			0u		/* "*" */
#define KVMEXC_NAME_OWN			1u		/* "[own]" */
#define KVMEXC_NAME_KERNEL		2u		/* "[kernel]" (kernel-mode) */
#define KVMEXC_NAME_HAL			3u		/* "[hal]" (kernel-mode) */
#define KVMEXC_NAME_VDSO		2u		/* "[vdso]" (user-mode) */
#define KVMEXC_NAME_VSYSCALL		3u		/* "[vsyscall]" (user-mode) */
#define KVMEXC_NAME_NO_NAME		4u		/* "-" */
#define KVMEXC_NAME_EMPTY		0xFFFFFFFFu	/* an empty name (NONAME) */

/*
 * Matcher constants: what a violation is about and what a decision says
 * (shared/spec/matcher.md section 0).
 */

/* Every access bit of the exception flags. */
#define KVMEXC_FLAG_ACCESS	(KVMEXC_FLAG_READ | KVMEXC_FLAG_WRITE | KVMEXC_FLAG_EXEC)

/* The largest object type of each kind. */
#define KVMEXC_KM_OBJ_MAX	KVMEXC_KM_OBJ_INTERRUPT_OBJ
#define KVMEXC_UM_OBJ_MAX	KVMEXC_UM_OBJ_INSTRUMENTATION_CALLBACK
#define KVMEXC_KUM_OBJ_MAX	KVMEXC_KUM_OBJ_MODULE_EXPORTS

/* Value-code pattern word that matches any byte. */
#define KVMEXC_VALUE_CODE_ANY	0x100

/* Guest objects a violation is about (the victim), as the reference numbers them. */
enum kvmexc_guest_object {
	KVMEXC_OBJ_NONE			= 0,
	KVMEXC_OBJ_SSDT			= 3,
	KVMEXC_OBJ_FAST_IO		= 4,
	KVMEXC_OBJ_DRIVER_OBJECT	= 5,
	KVMEXC_OBJ_KM_MODULE		= 6,
	KVMEXC_OBJ_IDT			= 7,
	KVMEXC_OBJ_UM_NX_ZONE		= 15,
	KVMEXC_OBJ_UM_MODULE		= 16,
	KVMEXC_OBJ_HAL_DISPATCH		= 19,
	KVMEXC_OBJ_HAL_INT_CONTROLLER	= 20,
	KVMEXC_OBJ_SELFMAP		= 21,
	KVMEXC_OBJ_HAL_HEAP		= 22,
	KVMEXC_OBJ_VDSO			= 23,
	KVMEXC_OBJ_VSYSCALL		= 24,
	KVMEXC_OBJ_VE_AGENT		= 26,
	KVMEXC_OBJ_IDTR			= 27,
	KVMEXC_OBJ_GDTR			= 28,
	KVMEXC_OBJ_PROCESS_CREATION	= 29,
	KVMEXC_OBJ_LOGGER_CONTEXT	= 31,
	KVMEXC_OBJ_PROCESS_CREATION_DPI	= 32,
	KVMEXC_OBJ_TOKEN_PRIVS		= 33,
	KVMEXC_OBJ_SUD_EXEC		= 34,
	KVMEXC_OBJ_HAL_PERF_COUNTER	= 35,
	KVMEXC_OBJ_SECURITY_DESCRIPTOR	= 38,
	KVMEXC_OBJ_ACL			= 39,
	KVMEXC_OBJ_SUD_INTEGRITY	= 40,
	KVMEXC_OBJ_INTERRUPT_OBJECT	= 41,
};

/* Where a violation happened. */
enum kvmexc_zone {
	KVMEXC_ZONE_NONE,
	KVMEXC_ZONE_EPT,
	KVMEXC_ZONE_MSR,
	KVMEXC_ZONE_CR,
	KVMEXC_ZONE_INTEGRITY,
	KVMEXC_ZONE_PROCESS,		/* injection into another process */
	KVMEXC_ZONE_DTR,
	KVMEXC_ZONE_PROCESS_CREATION,
};

/* Zone flags: what part of the victim, and the access. */
#define KVMEXC_ZF_LIB_IMPORTS		0x001ull
#define KVMEXC_ZF_LIB_EXPORTS		0x002ull
#define KVMEXC_ZF_LIB_CODE		0x004ull
#define KVMEXC_ZF_LIB_DATA		0x008ull
#define KVMEXC_ZF_LIB_RESOURCES		0x010ull
#define KVMEXC_ZF_THREAD_CONTEXT	0x020ull
#define KVMEXC_ZF_THREAD_APC		0x040ull
#define KVMEXC_ZF_DEP_EXEC		0x080ull
#define KVMEXC_ZF_MODULE_LOAD		0x100ull
#define KVMEXC_ZF_INSTRUMENTATION	0x200ull
#define KVMEXC_ZF_WRITE			0x10000000ull
#define KVMEXC_ZF_READ			0x20000000ull
#define KVMEXC_ZF_EXEC			0x40000000ull

/* Process-creation DPI bits. */
#define KVMEXC_PC_DEBUG			0x01u
#define KVMEXC_PC_PIVOTED_STACK		0x02u
#define KVMEXC_PC_STOLEN_TOKEN		0x04u
#define KVMEXC_PC_HEAP_SPRAY		0x08u
#define KVMEXC_PC_TOKEN_PRIVS		0x10u
#define KVMEXC_PC_THREAD_START		0x20u
#define KVMEXC_PC_SECURITY_DESCRIPTOR	0x40u
#define KVMEXC_PC_ACL_EDIT		0x80u

enum kvmexc_action {
	KVMEXC_ACTION_ALLOW,
	KVMEXC_ACTION_DENY,
};

enum kvmexc_reason {
	KVMEXC_REASON_ALLOWED,
	KVMEXC_REASON_ALLOWED_FEEDBACK,
	KVMEXC_REASON_CODEBLOCKS_NOT_MATCHED,
	KVMEXC_REASON_NO_EXCEPTION,
	KVMEXC_REASON_EXTRA_CHECKS_FAILED,
	KVMEXC_REASON_NOT_LOADED,
	KVMEXC_REASON_INTERNAL_ERROR,
	KVMEXC_REASON_VALUE_CODE_NOT_MATCHED,
	KVMEXC_REASON_VALUE_NOT_MATCHED,
	KVMEXC_REASON_EXPORT_NOT_MATCHED,
	KVMEXC_REASON_IDT_NOT_MATCHED,
	KVMEXC_REASON_VERSION_OS_NOT_MATCHED,
	KVMEXC_REASON_VERSION_INTRO_NOT_MATCHED,
	KVMEXC_REASON_PROCESS_CREATION_NOT_MATCHED,
	KVMEXC_REASON_SAME_VALUE,
};

#endif /* _UAPI_LINUX_KVMEXC_H */
