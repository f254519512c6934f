/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libinfect: freeze a thread with ptrace and run system calls inside it.
 *
 * The engine is a client of this small library, as CRIU's tool is of compel. A thread
 * is seized and interrupted (infect_seize), prepared (infect_prepare: registers and
 * signal mask saved, every signal blocked, a `syscall` instruction found), used
 * (infect_syscall, infect_scratch), then cured (infect_cure puts back registers and mask)
 * and released (infect_detach). All functions return 0 or -errno.
 */
#ifndef BLCR_INFECT_H
#define BLCR_INFECT_H

#include <stdint.h>
#include <sys/types.h>
#include <sys/user.h>

struct infect_stop {
	int stopped_sig;	/* nonzero: the thread was in group-stop by this signal */
};

struct infect_task {
	pid_t tid;
	struct user_regs_struct regs;	/* as found at the stop */
	uint64_t sigmask;		/* as found at the stop */
	uint64_t gadget;		/* address of a `syscall` instruction in the target */
	uint64_t scratch;		/* remote scratch area (infect_scratch), 0 if none */
	uint64_t scratch_len;
	int dirty;			/* registers or mask changed: infect_cure must run */
};

int infect_seize(pid_t tid, struct infect_stop *st);
int infect_prepare(struct infect_task *t, pid_t tid, uint64_t vdso_start, uint64_t vdso_end);
int infect_syscall(struct infect_task *t, long *ret, long nr,
		   long a1, long a2, long a3, long a4, long a5, long a6);
int infect_scratch(struct infect_task *t, uint64_t len);
int infect_cure(struct infect_task *t);
int infect_detach(pid_t tid);

/* Copy to/from the target's memory (process_vm_*, /proc/PID/mem fallback). */
int infect_read(pid_t pid, uint64_t addr, void *buf, uint64_t len);
int infect_write(pid_t pid, uint64_t addr, const void *buf, uint64_t len);

#endif
