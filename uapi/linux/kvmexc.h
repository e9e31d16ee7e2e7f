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

#endif /* _UAPI_LINUX_KVMEXC_H */
