/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every kernel-version difference blcr.ko depends on, and nothing else.
 * Each entry names the kernel change it tracks; no #if ladders elsewhere.
 */
#ifndef BLCR_KCOMPAT_H
#define BLCR_KCOMPAT_H

#include <linux/version.h>
#include <linux/types.h>
#include <linux/uaccess.h>
#include <linux/sched/task.h>

/*
 * KASLR: a relocated kernel moves by a multiple of CONFIG_PHYSICAL_ALIGN
 * (BLCR's "off1 % PHYSICAL_ALIGN" test).  Without CONFIG_RELOCATABLE the
 * slide must be 0.
 */
#if defined(CONFIG_RELOCATABLE) && defined(CONFIG_PHYSICAL_ALIGN)
#define BLCR_SLIDE_ALIGN	((unsigned long)CONFIG_PHYSICAL_ALIGN)
#else
#define BLCR_SLIDE_ALIGN	0UL
#endif

/*
 * 5.10 API change: _do_fork() was renamed kernel_clone() and takes only
 * struct kernel_clone_args (5.3 introduced the struct).  blcr.ko imports
 * it by System.map address, under the name the kernel uses.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 10, 0)
#define BLCR_CLONE_SYMBOL	"kernel_clone"
#else
#define BLCR_CLONE_SYMBOL	"_do_fork"
#endif
typedef pid_t (*blcr_clone_fn)(struct kernel_clone_args *args);

/*
 * 5.18 API change: with CONFIG_X86_KERNEL_IBT, objtool seals functions
 * whose address is never taken (their ENDBR64 becomes a NOP), so an
 * indirect call to them faults with #CP.  An import is only callable
 * when it starts with ENDBR64 (f3 0f 1e fa).
 */
static inline bool blcr_callable(unsigned long addr)
{
#ifdef CONFIG_X86_KERNEL_IBT
	u32 insn;

	if (copy_from_kernel_nofault(&insn, (const void *)addr, sizeof(insn)))
		return false;
	return insn == 0xfa1e0ff3;
#else
	return addr != 0;
#endif
}

/*
 * 5.15 API change: printk() became a macro around _printk(); sprint_symbol()
 * is exported on every supported kernel and needs no kallsyms_lookup_name()
 * (unexported since 5.7).
 */

#endif /* BLCR_KCOMPAT_H */
