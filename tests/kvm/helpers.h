/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the KVM guest tests take from the project's core: name hashes and
 * small exception files. Plain C types only: the KVM selftest headers bring
 * their own kernel types, which the core's must not meet.
 */
#ifndef _KVMEXC_TESTS_KVM_HELPERS_H
#define _KVMEXC_TESTS_KVM_HELPERS_H

#include <stdint.h>

/* The hash of a Linux kernel module name as a kernel exception names it. */
uint32_t helper_km_originator(const char *name);
uint32_t helper_km_victim(const char *name);

/*
 * An exceptions.bin (malloc'ed) with one kernel exception for Linux guests:
 * writes by @originator to the data of @victim are allowed. @build tells
 * files apart.
 */
void *helper_file_allowing(uint32_t originator, uint32_t victim, uint32_t build,
			   uint32_t *size);

#endif /* _KVMEXC_TESTS_KVM_HELPERS_H */
