/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Serialized alert blobs (shared/spec/alerts.md sections 2 and 3): what the
 * module writes for one decided EPT write, so that a user can turn the alert
 * into an exception (excctl decode / add-from-alert). The layout is the
 * reference's; the writer leaves out its quirks (Documentation/alerts.rst).
 */
#ifndef _KVMEXC_CORE_BLOB_H
#define _KVMEXC_CORE_BLOB_H

#include "compat.h"

/*
 * The buffer the module gives kvmexc_blob_write(). The writer never emits
 * the 4 KiB RIP-code page (object 36), so an alert with every object and
 * ordinary path lengths takes about 1.5 KiB; 4 KiB leaves room for long
 * paths and command lines. Objects that do not fit are left out whole.
 */
#define KVMEXC_BLOB_MAX			4096

/* File header: type, guest, event (u32 each), size (u16), arch (u32). */
#define KVMEXC_BLOB_HDR_LEN		18
/* Object header: version (u32), type (u16), payload size (u16). */
#define KVMEXC_BLOB_OBJ_HDR_LEN		8
#define KVMEXC_BLOB_OBJ_VERSION		1
/* Header plus the six section markers: the smallest blob there is. */
#define KVMEXC_BLOB_MIN_LEN	(KVMEXC_BLOB_HDR_LEN + 6 * KVMEXC_BLOB_OBJ_HDR_LEN)

/* The serializer's own numbering, not the exception types'. */
enum kvmexc_blob_type {
	KVMEXC_BLOB_KM		= 0,
	KVMEXC_BLOB_UM		= 1,
	KVMEXC_BLOB_KM_UM	= 2,
};

enum kvmexc_blob_os {
	KVMEXC_BLOB_OS_UNKNOWN	= 0,
	KVMEXC_BLOB_OS_WINDOWS	= 1,
	KVMEXC_BLOB_OS_LINUX	= 2,
};

/* INTRO_EVENT_TYPE: what kind of violation the alert is about. */
enum kvmexc_blob_event {
	KVMEXC_BLOB_EVENT_EPT			= 1,
	KVMEXC_BLOB_EVENT_MSR			= 2,
	KVMEXC_BLOB_EVENT_CR			= 3,
	KVMEXC_BLOB_EVENT_XCR			= 4,
	KVMEXC_BLOB_EVENT_INTEGRITY		= 5,
	KVMEXC_BLOB_EVENT_TRANSLATION		= 6,
	KVMEXC_BLOB_EVENT_INJECTION		= 7,
	KVMEXC_BLOB_EVENT_DTR			= 8,
	KVMEXC_BLOB_EVENT_PROCESS_CREATION	= 16,
	KVMEXC_BLOB_EVENT_MODULE_LOAD		= 17,
};

/* Object types (the object header's Type). */
enum kvmexc_blob_obj {
	KVMEXC_BLOB_OBJ_NONE			= 0,
	KVMEXC_BLOB_OBJ_START_ORIGINATOR	= 1,
	KVMEXC_BLOB_OBJ_END_ORIGINATOR		= 2,
	KVMEXC_BLOB_OBJ_START_VICTIM		= 3,
	KVMEXC_BLOB_OBJ_END_VICTIM		= 4,
	KVMEXC_BLOB_OBJ_START_MISC		= 5,
	KVMEXC_BLOB_OBJ_END_MISC		= 6,
	KVMEXC_BLOB_OBJ_VICTIM			= 7,
	KVMEXC_BLOB_OBJ_EPT			= 8,
	KVMEXC_BLOB_OBJ_MSR			= 9,
	KVMEXC_BLOB_OBJ_CR			= 10,
	KVMEXC_BLOB_OBJ_DTR			= 11,
	KVMEXC_BLOB_OBJ_IDT			= 12,
	KVMEXC_BLOB_OBJ_INTEGRITY		= 13,
	KVMEXC_BLOB_OBJ_INJECTION		= 14,
	KVMEXC_BLOB_OBJ_WIN_PROCESS		= 15,
	KVMEXC_BLOB_OBJ_WIN_PROCESS_PARENT	= 16,
	KVMEXC_BLOB_OBJ_LIX_PROCESS		= 17,
	KVMEXC_BLOB_OBJ_LIX_PROCESS_PARENT	= 18,
	KVMEXC_BLOB_OBJ_KERNEL_DRIVER		= 19,
	KVMEXC_BLOB_OBJ_KERNEL_DRIVER_RETURN	= 20,
	KVMEXC_BLOB_OBJ_WIN_KERNEL_DRIVER	= 21,
	KVMEXC_BLOB_OBJ_WIN_KERNEL_DRIVER_RETURN = 22,
	KVMEXC_BLOB_OBJ_LIX_KERNEL_MODULE	= 23,
	KVMEXC_BLOB_OBJ_LIX_KERNEL_MODULE_RETURN = 24,
	KVMEXC_BLOB_OBJ_KERNEL_DRV_OBJECT	= 25,
	KVMEXC_BLOB_OBJ_WIN_VAD			= 26,
	KVMEXC_BLOB_OBJ_LIX_VMA			= 27,
	KVMEXC_BLOB_OBJ_WIN_MODULE		= 28,
	KVMEXC_BLOB_OBJ_WIN_MODULE_RETURN	= 29,
	KVMEXC_BLOB_OBJ_INSTRUX			= 30,
	KVMEXC_BLOB_OBJ_WRITE_INFO		= 31,
	KVMEXC_BLOB_OBJ_READ_INFO		= 32,
	KVMEXC_BLOB_OBJ_EXEC_INFO		= 33,
	KVMEXC_BLOB_OBJ_ARCH_REGS		= 34,
	KVMEXC_BLOB_OBJ_CODE_BLOCKS		= 35,
	KVMEXC_BLOB_OBJ_RIP_CODE		= 36,
	KVMEXC_BLOB_OBJ_RAW_DUMP		= 37,
	KVMEXC_BLOB_OBJ_EXPORT			= 38,
	KVMEXC_BLOB_OBJ_DPI			= 39,
	KVMEXC_BLOB_OBJ_DPI_WIN_DEBUG		= 40,
	KVMEXC_BLOB_OBJ_DPI_WIN_PIVOTED_STACK	= 41,
	KVMEXC_BLOB_OBJ_DPI_WIN_STOLEN_TOKEN	= 42,
	KVMEXC_BLOB_OBJ_DPI_WIN_TOKEN_PRIVS	= 43,
	KVMEXC_BLOB_OBJ_DPI_WIN_THREAD_START	= 44,
	KVMEXC_BLOB_OBJ_DPI_WIN_HEAP_SPRAY	= 45,
	KVMEXC_BLOB_OBJ_DPI_WIN_SEC_DESC	= 46,
	KVMEXC_BLOB_OBJ_DPI_WIN_ACL_EDIT	= 47,
};

#define KVMEXC_BLOB_OBJ_MAX	KVMEXC_BLOB_OBJ_DPI_WIN_ACL_EDIT

/* String encodings; the writer only uses UTF-8. */
#define KVMEXC_BLOB_UTF8		0
#define KVMEXC_BLOB_UTF16		1

/* EPT object Type, derived from the zone flags. */
#define KVMEXC_BLOB_EPT_NONE		0
#define KVMEXC_BLOB_EPT_READ		1
#define KVMEXC_BLOB_EPT_WRITE		2
#define KVMEXC_BLOB_EPT_EXEC		4

/* Zone types are enum kvmexc_zone, zone flags KVMEXC_ZF_* (uapi). */
#define KVMEXC_BLOB_ZF_INTEGRITY	0x100000000ull

#define KVMEXC_BLOB_INSN_MAX		16
#define KVMEXC_BLOB_ACCESS_MAX		64
#define KVMEXC_BLOB_CODEBLOCKS_MAX	64
#define KVMEXC_BLOB_ARCH_REGS		28

/* A Linux module layout (init or core). */
struct kvmexc_blob_layout {
	u64 base;
	u32 size;
	u32 text_size;
	u32 ro_size;
};

/*
 * A kernel driver (Windows) or kernel module (Linux; "kernel" for the
 * kernel itself). @name is the Windows driver path or the Linux module
 * name. @section names the section of the RIP that made it the originator
 * (e.g. ".text"), NULL for none; victim drivers have none.
 */
struct kvmexc_blob_driver {
	const char *name;
	const char *section;
	u64 object_gva;
	u64 base;
	u64 size;
	u64 entry;
	u32 timestamp;				/* Windows */
	struct kvmexc_blob_layout init;		/* Linux */
	struct kvmexc_blob_layout core;		/* Linux */
};

/*
 * A process (Windows) or task (Linux). @gva is the EPROCESS / task_struct.
 * @path and @cmdline may be NULL (written as empty strings).
 */
struct kvmexc_blob_process {
	const char *name;
	const char *path;
	const char *cmdline;
	u64 gva;
	u64 parent;
	u64 real_parent;
	u64 cr3;
	u64 user_cr3;				/* Windows */
	u64 mm;					/* Linux */
	u64 peb64;				/* Windows */
	u64 peb32;				/* Windows */
	u64 main_module;			/* Windows */
	u64 flags;				/* Windows protection flags */
	u32 pid;
	u32 tgid;				/* Linux */
};

/* A user-mode module (Windows object 28) or VMA (Linux object 27). */
struct kvmexc_blob_module {
	const char *path;
	u64 base;				/* VMA start */
	u64 size;				/* Windows: fits in a u32 */
	u64 vma_gva;				/* Linux */
	u64 vma_flags;				/* Linux */
	u64 file;				/* Linux: struct file GVA */
};

struct kvmexc_blob_code_blocks {
	u64 start;
	u64 rip;
	u32 rip_index;
	u32 count;				/* <= KVMEXC_BLOB_CODEBLOCKS_MAX */
	const u32 *hashes;
};

/* The export a user-mode write hit: every name at one RVA. */
struct kvmexc_blob_export {
	const char * const *names;
	u32 count;
	u32 delta;
};

/*
 * One EPT write alert, as the module knows it. Every pointer may be NULL
 * ("not known"): the object it feeds is then not written. Which objects
 * are written, and in which order, follows spec section 3 for @type and
 * @os:
 *   KM:    originator driver, return driver, instruction | victim, EPT,
 *          victim driver | code blocks, instruction, write info, (Windows:
 *          EPT), arch regs
 *   UM:    process, parent, module (Windows) / instruction, code blocks
 *          (Linux) | victim, process, parent (Linux), module or VMA |
 *          instruction, export, write info, EPT (Windows) or EPT, write
 *          info (Linux), code blocks
 *   KM-UM: KM originator | UM victim | KM misc, export last (Windows)
 * @cb[0] is the block list around @rip, @cb[1] around the return RIP.
 */
struct kvmexc_blob_alert {
	enum kvmexc_blob_type type;
	enum kvmexc_blob_os os;
	bool guest64;
	enum kvmexc_blob_event event;		/* only _EPT is written */

	/* originator */
	const struct kvmexc_blob_driver *driver;
	const struct kvmexc_blob_driver *ret_driver;
	const struct kvmexc_blob_process *process;
	const struct kvmexc_blob_process *parent;
	const struct kvmexc_blob_module *module;
	const struct kvmexc_blob_module *ret_module;	/* Windows */

	/* the instruction: @insn_len bytes at @rip (0: none decoded) */
	u64 rip;
	u8 insn[KVMEXC_BLOB_INSN_MAX];
	u32 insn_len;

	/* victim */
	u32 object_type;			/* enum kvmexc_guest_object */
	u32 zone_type;				/* enum kvmexc_zone */
	u64 zone_flags;				/* KVMEXC_ZF_* */
	u64 gva;
	u64 gpa;
	const struct kvmexc_blob_driver *victim_driver;
	const struct kvmexc_blob_process *victim_process;
	const struct kvmexc_blob_process *victim_parent;
	const struct kvmexc_blob_module *victim_module;	/* module or VMA */

	/* misc */
	u32 access_size;			/* <= KVMEXC_BLOB_ACCESS_MAX */
	u8 old_value[KVMEXC_BLOB_ACCESS_MAX];
	u8 new_value[KVMEXC_BLOB_ACCESS_MAX];
	const struct kvmexc_blob_code_blocks *cb[2];
	const u64 *regs;			/* KVMEXC_BLOB_ARCH_REGS, spec order */
	const struct kvmexc_blob_export *export;
};

/*
 * Writes the blob of @a into @buf (at most @cap bytes); returns its length,
 * -EINVAL for an alert it cannot describe (event other than EPT, sizes out
 * of range, bad type or OS) or -ENOSPC when @cap is below
 * KVMEXC_BLOB_MIN_LEN. The header and the six section markers are always
 * written; an object that does not fit in what is left (a kernel driver
 * with its OS companion counts as one) is left out whole and later ones
 * still go in, so the blob is never cut inside an object.
 */
int kvmexc_blob_write(const struct kvmexc_blob_alert *a, u8 *buf, u32 cap);

/* Canonical base64 (standard alphabet, '=' padding, no line breaks). */
static inline u32 kvmexc_base64_len(u32 n)
{
	return (n + 2) / 3 * 4;
}

/* Writes kvmexc_base64_len(@n) characters to @out (no NUL); returns that. */
u32 kvmexc_base64_encode(const u8 *in, u32 n, char *out);

/*
 * Decodes @len characters of base64 into @out (at most @cap bytes); returns
 * the byte count or -EINVAL with *@bad set to the offset of the first
 * character that is wrong (or @len when the text ends early), -ENOSPC if
 * @cap is too small. Unused bits of the last group need not be zero: the
 * reference encoder leaves stale bits there.
 */
int kvmexc_base64_decode(const char *in, u32 len, u8 *out, u32 cap, u32 *bad);

#endif /* _KVMEXC_CORE_BLOB_H */
