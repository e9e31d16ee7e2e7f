// SPDX-License-Identifier: GPL-2.0
/*
 * The layout of every object type of spec alerts.md 2.5-2.6, with the
 * labels the reference deserializer prints, so that one table drives
 * parsing, printing and JSON.
 */
#include "decode.h"

#define F(l, k, kind, fmt, n) { l, k, EXCCTL_FK_##kind, EXCCTL_FMT_##fmt, n }
#define X64(l, k) F(l, k, U64, HEX16, 0)
#define X32(l, k) F(l, k, U32, HEX8, 0)
#define D32(l, k) F(l, k, U32, DEC, 0)
#define STR(l, k) F(l, k, STR, DEC, 0)
#define OBJ(t, name, fields) \
	[t] = { name, fields, ARRAY_SIZE(fields) }
#define MARK(t, name) \
	[t] = { name, NULL, 0 }

static const struct excctl_fdesc f_victim[] = {
	D32("Object type", "object_type"), D32("Zone type", "zone_type"),
	F("Zone Flags", "zone_flags", U64, HEX8, 0),
};

static const struct excctl_fdesc f_ept[] = {
	X64("Gva", "gva"), X64("Gpa", "gpa"), F("Type", "type", U8, DEC, 0),
};

static const struct excctl_fdesc f_msr[] = { F("Msr", "msr", U32, HEX16, 0) };
static const struct excctl_fdesc f_cr[] = { F("Cr", "cr", U32, HEX16, 0) };
static const struct excctl_fdesc f_dtr[] = { D32("Dtr", "dtr") };
static const struct excctl_fdesc f_idt[] = { D32("Entry", "entry") };

static const struct excctl_fdesc f_injection[] = {
	X64("Gva", "gva"), D32("Length", "length"), D32("Type", "type"),
};

static const struct excctl_fdesc f_win_process[] = {
	X64("Eprocess", "eprocess"), X64("Parent", "parent"), X64("Real parent", "real_parent"),
	X64("Cr3", "cr3"), X64("User Cr3", "user_cr3"), D32("Pid", "pid"),
	X64("Peb64", "peb64"), X64("Peb32", "peb32"), X64("Main module", "main_module"),
	F("Flags", "flags", U64, HEX8, 0),
	STR("Process", "name"), STR("Path", "path"), STR("Command line", "cmdline"),
};

static const struct excctl_fdesc f_lix_process[] = {
	X64("Gva", "gva"), X64("Real parent", "real_parent"), X64("Actual parent", "actual_parent"),
	X64("Parent", "parent"), X64("Mm", "mm"), X64("Cr3", "cr3"), D32("Pid", "pid"),
	D32("Tgid", "tgid"), X32("Flags", "flags"),
	STR("Name", "name"), STR("Path", "path"), STR("Command line", "cmdline"),
};

static const struct excctl_fdesc f_driver[] = {
	X64("Object Gva", "object_gva"), X64("Base VA", "base"),
	F("Size", "size", U64, HEX8, 0), X64("Entry point", "entry"), STR("Section", "section"),
};

static const struct excctl_fdesc f_win_driver[] = {
	D32("Time Stamp", "timestamp"), STR("Path", "path"),
};

static const struct excctl_fdesc f_lix_module[] = {
	X64("Init Layout Base", "init_base"), X32("Init Layout Size", "init_size"),
	X32("Init Layout Text Size", "init_text_size"), X32("Init Layout RoSize", "init_ro_size"),
	X64("Core Layout Base", "core_base"), X32("Core Layout Size", "core_size"),
	X32("Core Layout Text Size", "core_text_size"), X32("Core Layout RoSize", "core_ro_size"),
	STR("Path", "name"),
};

static const struct excctl_fdesc f_drv_object[] = {
	X64("Gva", "gva"), X64("Gpa", "gpa"), X64("Fast IO Address", "fast_io"),
	STR("Name", "name"),
};

static const struct excctl_fdesc f_vad[] = {
	X64("Start page", "start_page"), X64("End page", "end_page"), X64("Vad Gva", "vad_gva"),
	X32("Vad protection", "vad_protection"), X32("Vad type", "vad_type"),
	X32("Protection", "protection"), D32("Exec count", "exec_count"),
	X32("Flags", "flags"), STR("Path", "path"),
};

static const struct excctl_fdesc f_vma[] = {
	X64("Start", "start"), X64("End", "end"), X64("Gva", "gva"), X64("Flags", "flags"),
	X64("File", "file"), STR("Path", "path"),
};

static const struct excctl_fdesc f_module[] = {
	X64("Virtual base", "base"), X32("Size", "size"), STR("Path", "path"),
};

static const struct excctl_fdesc f_instrux[] = {
	X64("RIP", "rip"), F("Bytes", "bytes", BYTES, HEX, 16),
};

static const struct excctl_fdesc f_write_info[] = {
	D32("Access size", "access_size"), F("Old Value", "old", U64S, HEX, 8),
	F("New Value", "new", U64S, HEX, 8),
};

static const struct excctl_fdesc f_read_info[] = {
	D32("Access size", "access_size"), F("Value", "value", U64S, HEX, 8),
};

static const struct excctl_fdesc f_exec_info[] = {
	X64("Rsp", "rsp"), X64("Stack base", "stack_base"), X64("Stack limit", "stack_limit"),
	D32("Length", "length"),
};

static const struct excctl_fdesc f_arch_regs[] = {
	X64("Rax", "rax"), X64("Rcx", "rcx"), X64("Rdx", "rdx"), X64("Rbx", "rbx"),
	X64("Rsp", "rsp"), X64("Rbp", "rbp"), X64("Rsi", "rsi"), X64("Rdi", "rdi"),
	X64("R8", "r8"), X64("R9", "r9"), X64("R10", "r10"), X64("R11", "r11"),
	X64("R12", "r12"), X64("R13", "r13"), X64("R14", "r14"), X64("R15", "r15"),
	X64("Cr2", "cr2"), X64("Flags", "flags"), X64("Dr7", "dr7"), X64("Rip", "rip"),
	X64("Cr0", "cr0"), X64("Cr4", "cr4"), X64("Cr3", "cr3"), X64("Cr8", "cr8"),
	X64("IdtBase", "idt_base"), X64("IdtLimit", "idt_limit"), X64("GdtBase", "gdt_base"),
	X64("GdtLimit", "gdt_limit"),
};

/* The field index of Count, for the hashes that follow it. */
static const struct excctl_fdesc f_code_blocks[] = {
	X64("Start address", "start"), X64("Rip", "rip"), F("Index", "rip_index", U32, HEX16, 0),
	D32("Count", "count"), F("Codeblocks", "hashes", U32S, HEX, 3),
};

static const struct excctl_fdesc f_rip_code[] = {
	D32("Cs Type", "cs_type"), D32("Length", "length"),
	F("Rip Code", "code", LENBYTES, HEX, 1),
};

static const struct excctl_fdesc f_raw_dump[] = {
	D32("Length", "length"), F("Raw", "raw", LENBYTES, HEX, 0),
};

static const struct excctl_fdesc f_export[] = {
	D32("Count", "count"), D32("Delta", "delta"), F("->", "names", STRS, DEC, 0),
};

static const struct excctl_fdesc f_dpi[] = { D32("Flags", "flags") };
static const struct excctl_fdesc f_dpi_debug[] = { X64("Debugger", "debugger") };

static const struct excctl_fdesc f_dpi_pivot[] = {
	X64("Current stack", "current_stack"), X64("Stack base", "stack_base"),
	X64("Stack limit", "stack_limit"), X64("Wow64 current stack", "wow64_current_stack"),
	X64("Wow64 stack base", "wow64_stack_base"), X64("Wow64 stack limit", "wow64_stack_limit"),
	F("Trap frame", "trap_frame", BYTES, HEX, 512),
};

static const struct excctl_fdesc f_dpi_token[] = { X64("Stolen from", "stolen_from") };

static const struct excctl_fdesc f_dpi_privs[] = {
	X64("Old enabled", "old_enabled"), X64("New enabled", "new_enabled"),
	X64("Old present", "old_present"), X64("New present", "new_present"),
};

static const struct excctl_fdesc f_dpi_thread[] = {
	X64("Shellcode flags", "shellcode_flags"), X64("Start address", "start"),
	F("Page", "page", BYTES, HEX, 4096),
};

static const struct excctl_fdesc f_dpi_heap[] = {
	F("Heap pages", "heap_pages", BYTES, HEX, 60), X64("Shellcode flags", "shellcode_flags"),
	F("Detected page", "detected_page", BYTES, HEX, 4096),
	F("Max heap val page", "max_heap_val_page", BYTES, HEX, 4096),
};

#define ACL(l, k) F(l, k, BYTES, HEX, 8)

static const struct excctl_fdesc f_dpi_sec_desc[] = {
	X64("Stolen from", "stolen_from"), X64("Old pointer", "old_ptr"),
	X64("New pointer", "new_ptr"), ACL("Old SACL", "old_sacl"), ACL("Old DACL", "old_dacl"),
	ACL("New SACL", "new_sacl"), ACL("New DACL", "new_dacl"),
};

static const struct excctl_fdesc f_dpi_acl[] = {
	ACL("Old SACL", "old_sacl"), ACL("Old DACL", "old_dacl"),
	ACL("New SACL", "new_sacl"), ACL("New DACL", "new_dacl"),
};

const struct excctl_odesc excctl_odescs[KVMEXC_BLOB_OBJ_MAX + 1] = {
	MARK(KVMEXC_BLOB_OBJ_START_ORIGINATOR, "Start Originator Object Event"),
	MARK(KVMEXC_BLOB_OBJ_END_ORIGINATOR, "End Originator Object Event"),
	MARK(KVMEXC_BLOB_OBJ_START_VICTIM, "Start Victim Object Event"),
	MARK(KVMEXC_BLOB_OBJ_END_VICTIM, "End Victim Object Event"),
	MARK(KVMEXC_BLOB_OBJ_START_MISC, "Start Misc Object Event"),
	MARK(KVMEXC_BLOB_OBJ_END_MISC, "End Misc Object Event"),
	OBJ(KVMEXC_BLOB_OBJ_VICTIM, "Victim Object", f_victim),
	OBJ(KVMEXC_BLOB_OBJ_EPT, "Ept Object", f_ept),
	OBJ(KVMEXC_BLOB_OBJ_MSR, "Msr Object", f_msr),
	OBJ(KVMEXC_BLOB_OBJ_CR, "Cr Object", f_cr),
	OBJ(KVMEXC_BLOB_OBJ_DTR, "Dtr Object", f_dtr),
	OBJ(KVMEXC_BLOB_OBJ_IDT, "Idt Object", f_idt),
	MARK(KVMEXC_BLOB_OBJ_INTEGRITY, "Integrity Object"),
	OBJ(KVMEXC_BLOB_OBJ_INJECTION, "Injection Object", f_injection),
	OBJ(KVMEXC_BLOB_OBJ_WIN_PROCESS, "Windows Process Object", f_win_process),
	OBJ(KVMEXC_BLOB_OBJ_WIN_PROCESS_PARENT, "Windows Parent Process Object", f_win_process),
	OBJ(KVMEXC_BLOB_OBJ_LIX_PROCESS, "Linux Task Object", f_lix_process),
	OBJ(KVMEXC_BLOB_OBJ_LIX_PROCESS_PARENT, "Linux Task Parent Object", f_lix_process),
	OBJ(KVMEXC_BLOB_OBJ_KERNEL_DRIVER, "Kernel Driver Object", f_driver),
	OBJ(KVMEXC_BLOB_OBJ_KERNEL_DRIVER_RETURN, "Kernel Driver Return Object", f_driver),
	OBJ(KVMEXC_BLOB_OBJ_WIN_KERNEL_DRIVER, "Windows Kernel Driver Object", f_win_driver),
	OBJ(KVMEXC_BLOB_OBJ_WIN_KERNEL_DRIVER_RETURN, "Windows Kernel Driver Return Object",
	    f_win_driver),
	OBJ(KVMEXC_BLOB_OBJ_LIX_KERNEL_MODULE, "Linux Kernel Module Object", f_lix_module),
	OBJ(KVMEXC_BLOB_OBJ_LIX_KERNEL_MODULE_RETURN, "Linux Kernel Module Return Object",
	    f_lix_module),
	OBJ(KVMEXC_BLOB_OBJ_KERNEL_DRV_OBJECT, "Kernel Driver Object", f_drv_object),
	OBJ(KVMEXC_BLOB_OBJ_WIN_VAD, "Windows Vad Object", f_vad),
	OBJ(KVMEXC_BLOB_OBJ_LIX_VMA, "Linux Vma Object", f_vma),
	OBJ(KVMEXC_BLOB_OBJ_WIN_MODULE, "Windows Module Object", f_module),
	/* sic: the reference's spelling, kept so the printouts compare */
	OBJ(KVMEXC_BLOB_OBJ_WIN_MODULE_RETURN, "Windows Module Retrun Object", f_module),
	OBJ(KVMEXC_BLOB_OBJ_INSTRUX, "Instrux Object", f_instrux),
	OBJ(KVMEXC_BLOB_OBJ_WRITE_INFO, "Write Info Object", f_write_info),
	OBJ(KVMEXC_BLOB_OBJ_READ_INFO, "Read Info Object", f_read_info),
	OBJ(KVMEXC_BLOB_OBJ_EXEC_INFO, "Exec Info Object", f_exec_info),
	OBJ(KVMEXC_BLOB_OBJ_ARCH_REGS, "Arch Regs Object", f_arch_regs),
	OBJ(KVMEXC_BLOB_OBJ_CODE_BLOCKS, "Code Blocks Object", f_code_blocks),
	OBJ(KVMEXC_BLOB_OBJ_RIP_CODE, "Rip Code Object", f_rip_code),
	OBJ(KVMEXC_BLOB_OBJ_RAW_DUMP, "Raw Dump Object", f_raw_dump),
	OBJ(KVMEXC_BLOB_OBJ_EXPORT, "Export Object", f_export),
	OBJ(KVMEXC_BLOB_OBJ_DPI, "DPI Object", f_dpi),
	OBJ(KVMEXC_BLOB_OBJ_DPI_WIN_DEBUG, "Windows DPI Debug Object", f_dpi_debug),
	OBJ(KVMEXC_BLOB_OBJ_DPI_WIN_PIVOTED_STACK, "Windows DPI Pivoted Stack Object",
	    f_dpi_pivot),
	OBJ(KVMEXC_BLOB_OBJ_DPI_WIN_STOLEN_TOKEN, "Windows DPI Stolen Token Object", f_dpi_token),
	OBJ(KVMEXC_BLOB_OBJ_DPI_WIN_TOKEN_PRIVS, "Windows DPI Token Privs Object", f_dpi_privs),
	OBJ(KVMEXC_BLOB_OBJ_DPI_WIN_THREAD_START, "Windows DPI Start Thread Object",
	    f_dpi_thread),
	OBJ(KVMEXC_BLOB_OBJ_DPI_WIN_HEAP_SPRAY, "Windows DPI Heap Spray Object", f_dpi_heap),
	OBJ(KVMEXC_BLOB_OBJ_DPI_WIN_SEC_DESC, "Windows DPI Security Descriptor Object",
	    f_dpi_sec_desc),
	OBJ(KVMEXC_BLOB_OBJ_DPI_WIN_ACL_EDIT, "Windows DPI Acl Edit Object", f_dpi_acl),
};
