// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Freeze a thread and run system calls inside it through ptrace (cr-mechanics §1, §3).
 */
#define _GNU_SOURCE
#define LOG_PREFIX "infect: "
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/ptrace.h>
#include "blcr/log.h"
#include "infect.h"

#define SYSCALL_INSN 0x050f	/* 0f 05, little-endian */

static int wait_stop(pid_t tid, int *status)
{
	for (;;) {
		pid_t r = waitpid(tid, status, __WALL);

		if (r == tid)
			return 0;
		if (r < 0 && errno == EINTR)
			continue;
		return -errno;
	}
}

/*
 * Seize and interrupt one thread. Signal-delivery stops that arrive first are handed
 * back to the thread; a thread found in group-stop is resumed into our trap and its stop
 * signal is remembered so infect_detach can put it back.
 */
int infect_seize(pid_t tid, struct infect_stop *st)
{
	int status, tries = 0;

	st->stopped_sig = 0;
	if (ptrace(PTRACE_SEIZE, tid, 0, (void *)(long)PTRACE_O_TRACESYSGOOD))
		return -errno;
	if (ptrace(PTRACE_INTERRUPT, tid, 0, 0))
		return -errno;
	for (;;) {
		int ret = wait_stop(tid, &status);

		if (ret)
			return ret;
		if (WIFEXITED(status) || WIFSIGNALED(status))
			return -ESRCH;
		if (!WIFSTOPPED(status))
			return -EIO;
		if ((status >> 16) == PTRACE_EVENT_STOP) {
			int sig = WSTOPSIG(status);

			if (sig == SIGTRAP)
				return 0;
			/* group-stop: note it, run the thread into our own trap */
			if (++tries > 8)
				return -EAGAIN;
			st->stopped_sig = sig;
			if (ptrace(PTRACE_CONT, tid, 0, 0) || ptrace(PTRACE_INTERRUPT, tid, 0, 0))
				return -errno;
			continue;
		}
		/* a signal-delivery stop: give the signal back, our interrupt is still pending */
		if (ptrace(PTRACE_CONT, tid, 0, (void *)(long)WSTOPSIG(status)))
			return -errno;
	}
}

int infect_read(pid_t pid, uint64_t addr, void *buf, uint64_t len)
{
	struct iovec l = { buf, len }, r = { (void *)addr, len };
	ssize_t n = process_vm_readv(pid, &l, 1, &r, 1, 0);
	char path[64];
	int fd;

	if (n == (ssize_t)len)
		return 0;
	/* PROT_NONE or partially readable: /proc/PID/mem reads with FOLL_FORCE */
	snprintf(path, sizeof(path), "/proc/%d/mem", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = pread(fd, buf, len, (off_t)addr);
	close(fd);
	if (n == (ssize_t)len)
		return 0;
	return n < 0 ? -errno : -EFAULT;
}

int infect_write(pid_t pid, uint64_t addr, const void *buf, uint64_t len)
{
	struct iovec l = { (void *)buf, len }, r = { (void *)addr, len };
	ssize_t n = process_vm_writev(pid, &l, 1, &r, 1, 0);

	if (n == (ssize_t)len)
		return 0;
	return n < 0 ? -errno : -EFAULT;
}

/* A `syscall` instruction to borrow: the vDSO's fallback path, or the one just executed. */
static int find_gadget(struct infect_task *t, uint64_t vdso_start, uint64_t vdso_end)
{
	unsigned char buf[16384];
	uint16_t insn;

	if (vdso_end > vdso_start && vdso_end - vdso_start <= sizeof(buf) &&
	    !infect_read(t->tid, vdso_start, buf, vdso_end - vdso_start)) {
		for (uint64_t i = 0; i + 1 < vdso_end - vdso_start; i++) {
			if (buf[i] == 0x0f && buf[i + 1] == 0x05) {
				t->gadget = vdso_start + i;
				return 0;
			}
		}
	}
	if ((long)t->regs.orig_rax >= 0 &&
	    !infect_read(t->tid, t->regs.rip - 2, &insn, 2) && insn == SYSCALL_INSN) {
		t->gadget = t->regs.rip - 2;
		return 0;
	}
	return -ENOEXEC;
}

int infect_prepare(struct infect_task *t, pid_t tid, uint64_t vdso_start, uint64_t vdso_end)
{
	uint64_t all = ~0ULL;
	int ret;

	memset(t, 0, sizeof(*t));
	t->tid = tid;
	if (ptrace(PTRACE_GETREGS, tid, 0, &t->regs))
		return -errno;
	if (ptrace(PTRACE_GETSIGMASK, tid, (void *)8, &t->sigmask))
		return -errno;
	ret = find_gadget(t, vdso_start, vdso_end);
	if (ret)
		return ret;
	/* nothing may be delivered while our registers are in place */
	if (ptrace(PTRACE_SETSIGMASK, tid, (void *)8, &all))
		return -errno;
	t->dirty = 1;
	return 0;
}

static int step_to_syscall_stop(pid_t tid)
{
	int status, ret;

	for (;;) {
		if (ptrace(PTRACE_SYSCALL, tid, 0, 0))
			return -errno;
		ret = wait_stop(tid, &status);
		if (ret)
			return ret;
		if (WIFEXITED(status) || WIFSIGNALED(status))
			return -ESRCH;
		if (WIFSTOPPED(status) && WSTOPSIG(status) == (SIGTRAP | 0x80))
			return 0;
		/* anything else (a stop signal arriving) is unexpected mid-injection */
		pr_err("thread %d: unexpected stop 0x%x while running an injected syscall\n", tid, status);
		return -EIO;
	}
}

int infect_syscall(struct infect_task *t, long *ret, long nr,
		   long a1, long a2, long a3, long a4, long a5, long a6)
{
	struct user_regs_struct r = t->regs;
	int err;

	r.rip = t->gadget;
	r.rax = nr;
	r.orig_rax = -1;	/* keep the kernel's restart logic away from our registers */
	r.rdi = a1;
	r.rsi = a2;
	r.rdx = a3;
	r.r10 = a4;
	r.r8 = a5;
	r.r9 = a6;
	r.eflags &= ~(0x100UL | 0x400UL);	/* TF, DF */
	if (ptrace(PTRACE_SETREGS, t->tid, 0, &r))
		return -errno;
	t->dirty = 1;
	err = step_to_syscall_stop(t->tid);	/* entry */
	if (!err)
		err = step_to_syscall_stop(t->tid);	/* exit */
	if (err)
		return err;
	if (ptrace(PTRACE_GETREGS, t->tid, 0, &r))
		return -errno;
	*ret = (long)r.rax;
	return 0;
}

int infect_scratch(struct infect_task *t, uint64_t len)
{
	long addr;
	int err;

	len = (len + 4095) & ~4095ULL;
	err = infect_syscall(t, &addr, SYS_mmap, 0, len, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (err)
		return err;
	if (addr < 0 && addr > -4096)
		return (int)addr;
	t->scratch = (uint64_t)addr;
	t->scratch_len = len;
	return 0;
}

/* Put the thread back exactly as found: scratch unmapped, registers and mask restored. */
int infect_cure(struct infect_task *t)
{
	int err = 0;

	if (!t->dirty)
		return 0;
	if (t->scratch) {
		long r;

		err = infect_syscall(t, &r, SYS_munmap, (long)t->scratch, (long)t->scratch_len, 0, 0, 0, 0);
		t->scratch = 0;
	}
	if (ptrace(PTRACE_SETREGS, t->tid, 0, &t->regs))
		err = -errno;
	if (ptrace(PTRACE_SETSIGMASK, t->tid, (void *)8, &t->sigmask))
		err = -errno;
	if (!err)
		t->dirty = 0;
	return err;
}

/* The caller re-sends a group-stop signal (once per process) before detaching. */
int infect_detach(pid_t tid)
{
	if (ptrace(PTRACE_DETACH, tid, 0, 0))
		return -errno;
	return 0;
}
