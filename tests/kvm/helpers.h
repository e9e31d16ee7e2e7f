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

/* ADD's records (malloc'ed): helper_file_allowing's exception, to be added. */
void *helper_added_allowing(uint32_t originator, uint32_t victim, uint32_t *size);

/*
 * An exceptions.bin (malloc'ed) that LOAD refuses, broken in one of
 * HELPER_INVALID_KINDS ways chosen by @kind: a record cut short, header
 * counts that differ from the records, a signature that is not in the file.
 */
#define HELPER_INVALID_KINDS	3
void *helper_file_invalid(unsigned int kind, uint32_t *size);

/*
 * EVAL, over a socket of its own, of a guest test's write as the hook sees
 * it: 8 bytes of the data of kernel module @victim written by kernel module
 * @originator in a 64-bit Linux guest.
 */
struct helper_evaluator;
struct helper_evaluator *helper_evaluator_new(uint32_t originator, uint32_t victim);
/* The module's decision (enum kvmexc_action), or a negative errno. */
int helper_evaluate(struct helper_evaluator *e);
void helper_evaluator_free(struct helper_evaluator *e);

#endif /* _KVMEXC_TESTS_KVM_HELPERS_H */
