/* SPDX-License-Identifier: GPL-2.0-or-later */
/* x86_64 specifics: registers, xstate, syscall restart. Everything arch-dependent lives here. */
#ifndef BLCR_ARCH_H
#define BLCR_ARCH_H

#include <stdint.h>
#include <sys/user.h>

#define BLCR_ARCH_ID 62		/* EM_X86_64 */
#define BLCR_XSTATE_MAX (64 * 1024)
#define NT_X86_XSTATE_NOTE 0x202

/* XCR0 (the xfeatures the OS enabled) and the XSAVE area size for them. */
uint64_t arch_xfeatures(void);
uint32_t arch_xstate_size(void);

/*
 * Registers of a thread interrupted inside a system call are rewritten so that, loaded
 * into a fresh process, the call is simply executed again: rip back onto the `syscall`,
 * rax = its number, orig_rax = -1. Returns 1 if it rewrote anything.
 */
int arch_resolve_syscall_restart(struct user_regs_struct *r);

/* Read/write the full xstate of a stopped tracee; *len in/out. */
int arch_get_xstate(int tid, void *buf, uint32_t *len);
int arch_set_xstate(int tid, const void *buf, uint32_t len);

#endif
