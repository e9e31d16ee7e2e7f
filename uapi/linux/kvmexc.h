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

enum kvmexc_cmd {
	KVMEXC_CMD_UNSPEC,
	KVMEXC_CMD_GET_STATUS,

	__KVMEXC_CMD_MAX,
};
#define KVMEXC_CMD_MAX (__KVMEXC_CMD_MAX - 1)

/* Attributes of the reply to KVMEXC_CMD_GET_STATUS; the request has none. */
enum kvmexc_a_status {
	KVMEXC_A_STATUS_UNSPEC,
	KVMEXC_A_STATUS_MODULE_VERSION,	/* string */
	KVMEXC_A_STATUS_LOADED,		/* u8: 1 when an exception file is active */

	__KVMEXC_A_STATUS_MAX,
};
#define KVMEXC_A_STATUS_MAX (__KVMEXC_A_STATUS_MAX - 1)

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

#endif /* _UAPI_LINUX_KVMEXC_H */
