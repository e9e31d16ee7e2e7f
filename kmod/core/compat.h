/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The only place that knows whether the core is built into the module or
 * into host programs (excctl, unit tests, fuzzers, benchmarks). Core files
 * include this header and nothing else from the kernel or libc.
 */
#ifndef _KVMEXC_CORE_COMPAT_H
#define _KVMEXC_CORE_COMPAT_H

#ifdef __KERNEL__

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/types.h>
#include <linux/bits.h>
#include <linux/mm.h>
#include <linux/stdarg.h>
#include <linux/atomic.h>

#include "../kernel_compat.h"

/* Sets are built in process context (netlink LOAD) and may be large. */
#define kvmexc_alloc(size)	kvmalloc(size, GFP_KERNEL)
#define kvmexc_zalloc(size)	kvzalloc(size, GFP_KERNEL)
#define kvmexc_free(p)		kvfree(p)

/* Hit counters: bumped lock-free by concurrent readers of a set. */
struct kvmexc_counter {
	atomic_t n;
};

#define kvmexc_counter_inc(c)	atomic_inc(&(c)->n)
#define kvmexc_counter_read(c)	((u32)atomic_read(&(c)->n))

#else /* host */

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/types.h>

typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;
typedef __s8 s8;
typedef __s16 s16;
typedef __s32 s32;
typedef __s64 s64;

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

/* Every supported host is little-endian, like the file format. */
static inline u16 get_unaligned_le16(const void *p)
{
	u16 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline u32 get_unaligned_le32(const void *p)
{
	u32 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline u64 get_unaligned_le64(const void *p)
{
	u64 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline void put_unaligned_le16(u16 v, void *p)
{
	memcpy(p, &v, sizeof(v));
}

static inline void put_unaligned_le32(u32 v, void *p)
{
	memcpy(p, &v, sizeof(v));
}

#define kvmexc_alloc(size)	malloc(size)
#define kvmexc_zalloc(size)	calloc(1, size)
#define kvmexc_free(p)		free(p)

struct kvmexc_counter {
	unsigned int n;
};

#define kvmexc_counter_inc(c)	__atomic_fetch_add(&(c)->n, 1, __ATOMIC_RELAXED)
#define kvmexc_counter_read(c)	__atomic_load_n(&(c)->n, __ATOMIC_RELAXED)

#ifndef BIT
#define BIT(n) (1UL << (n))
#endif

/* The kernel's __printf(); spelled through a helper so it reads as its use. */
#ifndef __printf
#define KVMEXC_GCC_ATTRIBUTE __attribute__
#define __printf(a, b) KVMEXC_GCC_ATTRIBUTE((format(printf, a, b)))
#endif

#ifndef fallthrough
#define fallthrough __attribute__((__fallthrough__))
#endif

/* Host builds do not zero the stack: nothing to opt out of. */
#ifndef __uninitialized
#define __uninitialized
#endif

#endif /* __KERNEL__ */

/*
 * The functions of the fault path, which the compiler keeps together in
 * .text.hot: after a VM exit, every code page a decision touches may cost a
 * TLB refill, and spread over the module's text they were six.
 */
#define __kvmexc_hot	__attribute__((__hot__))

#endif /* _KVMEXC_CORE_COMPAT_H */
