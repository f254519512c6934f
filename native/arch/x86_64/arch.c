// SPDX-License-Identifier: GPL-2.0-or-later
#define _GNU_SOURCE
#include <cpuid.h>
#include <errno.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include "arch.h"

#define ERESTARTSYS		512
#define ERESTARTNOINTR		513
#define ERESTARTNOHAND		514
#define ERESTART_RESTARTBLOCK	516

uint64_t arch_xfeatures(void)
{
	unsigned int a, b, c, d;

	__cpuid(1, a, b, c, d);
	if (!(c & (1u << 27)))	/* OSXSAVE */
		return 0;
	__asm__ volatile("xgetbv" : "=a"(a), "=d"(d) : "c"(0));
	return ((uint64_t)d << 32) | a;
}

uint32_t arch_xstate_size(void)
{
	unsigned int a, b, c, d;

	if (!arch_xfeatures())
		return 512;
	__cpuid_count(0xd, 0, a, b, c, d);
	return b;
}

int arch_resolve_syscall_restart(struct user_regs_struct *r)
{
	long ret = (long)r->rax;

	if ((long)r->orig_rax < 0)
		return 0;
	switch (-ret) {
	case ERESTARTSYS:
	case ERESTARTNOINTR:
	case ERESTARTNOHAND:
	case ERESTART_RESTARTBLOCK:
		/*
		 * The kernel's restart_block does not survive the process, so even
		 * restart_syscall-style calls (nanosleep, poll, futex with timeout) are
		 * re-issued with their original arguments.
		 */
		r->rax = r->orig_rax;
		r->rip -= 2;
		r->orig_rax = (unsigned long)-1;
		return 1;
	default:
		r->orig_rax = (unsigned long)-1;
		return 0;
	}
}

int arch_get_xstate(int tid, void *buf, uint32_t *len)
{
	struct iovec iov = { buf, *len };

	if (ptrace(PTRACE_GETREGSET, tid, (void *)NT_X86_XSTATE_NOTE, &iov))
		return -errno;
	*len = (uint32_t)iov.iov_len;
	return 0;
}

int arch_set_xstate(int tid, const void *buf, uint32_t len)
{
	struct iovec iov = { (void *)buf, len };

	if (ptrace(PTRACE_SETREGSET, tid, (void *)NT_X86_XSTATE_NOTE, &iov))
		return -errno;
	return 0;
}
