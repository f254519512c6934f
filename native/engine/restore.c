// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cr_restart's parent side: check everything that can be checked up front, create the
 * process with its original pid (clone3 set_tid), hold it with ptrace while the
 * restorer rebuilds it, then unmap the restorer, load the saved registers, xstate and
 * signal mask, and let it go. cr_restart stays its parent and mirrors its exit.
 */
#define _GNU_SOURCE
#define LOG_PREFIX ""
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>
#include "arch.h"
#include "blcr/exitcodes.h"
#include "blcr/log.h"
#include "restore-int.h"
#include "restorer/restorer.h"

static const char *step_name(int step)
{
	static const char *names[] = { "?", "releasing cr_restart's rseq area", "moving the vDSO aside",
		"unmapping cr_restart", "mapping memory", "filling memory from the image",
		"verifying page checksums (the page data is corrupted)", "setting memory protections",
		"moving the vDSO into place", "PR_SET_MM_MAP", "per-thread state (rseq, robust list)",
		"signals", "timers" };

	return step > 0 && step < (int)(sizeof(names) / sizeof(names[0])) ? names[step] : "?";
}

static pid_t clone_with_pid(pid_t pid)
{
	struct clone_args ca;
	pid_t tid = pid;

	memset(&ca, 0, sizeof(ca));
	ca.exit_signal = SIGCHLD;
	ca.set_tid = (uint64_t)(uintptr_t)&tid;
	ca.set_tid_size = 1;
	return (pid_t)syscall(SYS_clone3, &ca, sizeof(ca));
}

static int wait_child(pid_t pid, int *status)
{
	for (;;) {
		pid_t r = waitpid(pid, status, __WALL);

		if (r == pid)
			return 0;
		if (r < 0 && errno != EINTR)
			return -errno;
	}
}

/* Every thread trapped: unmap the restorer, load each thread's saved CPU state. */
static int finish(struct rimage *img, pid_t *tids, uint64_t hole, uint64_t hole_len, uint64_t gadget)
{
	struct user_regs_struct r;
	pid_t leader = tids[0];
	int status, ret;

	if (ptrace(PTRACE_GETREGS, leader, 0, &r))
		return -errno;
	r.rip = gadget;
	r.rax = SYS_munmap;
	r.rdi = hole;
	r.rsi = hole_len;
	r.orig_rax = (unsigned long)-1;
	if (ptrace(PTRACE_SETREGS, leader, 0, &r))
		return -errno;
	for (int i = 0; i < 2; i++) {	/* syscall entry, then exit */
		if (ptrace(PTRACE_SYSCALL, leader, 0, 0) || (ret = wait_child(leader, &status)))
			return -EIO;
		if (!WIFSTOPPED(status) || WSTOPSIG(status) != (SIGTRAP | 0x80))
			return -EIO;
	}
	for (uint32_t i = 0; i <= img->nr_threads; i++) {
		struct user_regs_struct *regs = i ? &img->threads[i - 1].regs : img->regs;
		void *xs = i ? img->threads[i - 1].xstate : img->xstate;
		uint32_t xlen = i ? img->threads[i - 1].st.xstate_len : (uint32_t)img->xstate_len;
		uint64_t *mask = i ? &img->threads[i - 1].st.sigmask : &img->task->main.sigmask;

		if (ptrace(PTRACE_SETREGS, tids[i], 0, regs))
			return -errno;
		if ((ret = arch_set_xstate(tids[i], xs, xlen)))
			return ret;
		if (ptrace(PTRACE_SETSIGMASK, tids[i], (void *)8, mask))
			return -errno;
	}
	return 0;
}

static uint64_t find_gadget(uint64_t hole)
{
	uint64_t len = (uint64_t)(blcr_restorer_blob_end - blcr_restorer_blob);

	for (uint64_t i = 0; i + 1 < len; i++)
		if (blcr_restorer_blob[i] == 0x0f && blcr_restorer_blob[i + 1] == 0x05)
			return hole + i;
	return 0;
}

static pid_t child_pid;

static void forward(int sig)
{
	if (child_pid > 0)
		kill(child_pid, sig);
}

/* BLCR: cr_restart forwards signals to the restored process and mirrors how it ends. */
static int __attribute__((noreturn)) mirror(pid_t pid)
{
	struct sigaction sa;
	sigset_t none;
	int status;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = forward;
	sa.sa_flags = SA_RESTART;
	for (int sig = 1; sig < NSIG; sig++) {
		if (sig == SIGKILL || sig == SIGSTOP || sig == SIGCHLD || sig == SIGSEGV || sig == SIGBUS ||
		    sig == SIGILL || sig == SIGFPE || sig == SIGTRAP || (sig > 31 && sig < SIGRTMIN))
			continue;
		sigaction(sig, &sa, NULL);
	}
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	for (;;) {
		pid_t r = waitpid(pid, &status, 0);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			exit(0);
		if (WIFEXITED(status))
			exit(WEXITSTATUS(status));
		if (WIFSIGNALED(status)) {
			struct rlimit nocore = { 0, 0 };
			int sig = WTERMSIG(status);

			setrlimit(RLIMIT_CORE, &nocore);
			signal(sig, SIG_DFL);
			kill(getpid(), sig);
			exit(128 + sig);
		}
	}
}

int blcr_restore(const struct restore_opts *o)
{
	struct rimage img;
	char why[1024];
	int go[2], st[2], status, ret;
	struct rst_status rs;
	pid_t pid, *tids;
	uint32_t trapped = 0;
	sigset_t all, old;

	ret = rimage_load(o->path, &img, why, sizeof(why));
	if (!ret)
		ret = check_cpu(&img, why, sizeof(why));
	if (!ret)
		ret = check_vdso(&img, why, sizeof(why));
	if (!ret)
		ret = check_files(&img, o, why, sizeof(why));
	if (!ret && o->restore_pid)
		ret = check_pid_free((pid_t)img.task->pid, why, sizeof(why));
	if (ret) {
		pr_err("%s\n", why);
		return ret;
	}
	if (pipe2(go, O_CLOEXEC) || pipe2(st, O_CLOEXEC)) {
		pr_perror("pipe");
		return BLCR_EXIT_INTERNAL;
	}
	/* signals wait until the process is ours to forward them to */
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	pid = o->restore_pid ? clone_with_pid((pid_t)img.task->pid) : fork();
	if (pid == 0) {
		close(go[1]);
		close(st[0]);
		restore_child(o, &img, go[0], st[1], NULL);
	}
	if (pid < 0) {
		int e = errno;

		if (e == EEXIST) {
			check_pid_free((pid_t)img.task->pid, why, sizeof(why));
			pr_err("%s\n", why);
		} else if (e == EPERM)
			pr_err("restoring pid %u needs CAP_CHECKPOINT_RESTORE (or root, or the blcr kernel module); restart with --no-restore-pid to take a new pid\n",
			       img.task->pid);
		else
			pr_err("cannot create the process: %s\n", strerror(e));
		return e == EEXIST ? BLCR_EXIT_PIDINUSE : e == EPERM ? BLCR_EXIT_PERM : BLCR_EXIT_INTERNAL;
	}
	child_pid = pid;
	close(go[0]);
	close(st[1]);
	if (ptrace(PTRACE_SEIZE, pid, 0, (void *)(long)(PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL | PTRACE_O_TRACECLONE))) {
		pr_perror("cannot trace the restoring process");
		kill(pid, SIGKILL);
		return BLCR_EXIT_INTERNAL;
	}
	if (write(go[1], "g", 1) != 1) {
		kill(pid, SIGKILL);
		return BLCR_EXIT_INTERNAL;
	}
	close(go[1]);
	tids = calloc(img.nr_threads + 1, sizeof(pid_t));
	for (;;) {
		pid_t w = waitpid(-1, &status, __WALL);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			pr_perror("waiting for the restoring process");
			return BLCR_EXIT_INTERNAL;
		}
		if (w == pid && (WIFEXITED(status) || WIFSIGNALED(status))) {
			ssize_t n = read(st[0], &rs, sizeof(rs));

			if (n == sizeof(rs) && !rs.ok) {
				pr_err("restore failed while %s at 0x%" PRIx64 ": %s\n", step_name(rs.step), rs.addr,
				       strerror((int)-rs.err));
				return rs.step == RST_STEP_VERIFY ? BLCR_EXIT_BADIMG : BLCR_EXIT_RESTORE;
			}
			if (WIFEXITED(status))
				return WEXITSTATUS(status) ? WEXITSTATUS(status) : BLCR_EXIT_RESTORE;
			pr_err("the restoring process died from signal %d before it was restored\n", WTERMSIG(status));
			return BLCR_EXIT_RESTORE;
		}
		if (!WIFSTOPPED(status))
			continue;
		if (status >> 16) {	/* clone events, new threads' initial stops */
			ptrace(PTRACE_CONT, w, 0, 0);
			continue;
		}
		if (WSTOPSIG(status) == SIGTRAP) {
			struct user_regs_struct r;

			/* rdi holds the thread's index: 0 the leader, 1.. the others */
			if (ptrace(PTRACE_GETREGS, w, 0, &r) || r.rdi > img.nr_threads || tids[r.rdi]) {
				pr_err("unexpected trap in thread %d of the restoring process\n", w);
				kill(pid, SIGKILL);
				return BLCR_EXIT_RESTORE;
			}
			tids[r.rdi] = w;
			if (++trapped <= img.nr_threads)
				continue;
			{
				ssize_t n = read(st[0], &rs, sizeof(rs));

				if (n != sizeof(rs) || !rs.ok) {
					pr_err("the restorer stopped without finishing\n");
					kill(pid, SIGKILL);
					return BLCR_EXIT_RESTORE;
				}
			}
			if ((ret = finish(&img, tids, rs.hole_start, rs.hole_len, find_gadget(rs.hole_start)))) {
				pr_err("could not hand the restored process its registers: %s\n", strerror(-ret));
				kill(pid, SIGKILL);
				return BLCR_EXIT_RESTORE;
			}
			break;
		}
		/* a fault inside the restorer */
		{
			siginfo_t si;
			struct user_regs_struct r;

			memset(&r, 0, sizeof(r));
			ptrace(PTRACE_GETSIGINFO, w, 0, &si);
			ptrace(PTRACE_GETREGS, w, 0, &r);
			pr_err("the restorer crashed (thread %d, signal %d, address %p, ip 0x%llx); the image may not fit this node\n",
			       w, WSTOPSIG(status), si.si_addr, r.rip);
			pr_debug("rsp 0x%llx rax 0x%llx rdi 0x%llx r12 0x%llx\n", r.rsp, r.rax, r.rdi, r.r12);
			if (getenv("BLCR_DEBUG_RESTORER")) {
				uint64_t words[8];
				struct iovec l = { words, sizeof(words) }, rv = { (void *)r.rsp, sizeof(words) };

				if (process_vm_readv(w, &l, 1, &rv, 1, 0) > 0)
					for (int i = 0; i < 8; i++)
						fprintf(stderr, "  [rsp+%d] 0x%lx\n", i * 8, words[i]);
				fprintf(stderr, "  rsp 0x%llx rax 0x%llx rdi 0x%llx r12 0x%llx rbx 0x%llx\n", r.rsp, r.rax, r.rdi, r.r12, r.rbx);
			}
			kill(pid, SIGKILL);
			return BLCR_EXIT_RESTORE;
		}
	}
	close(st[0]);
	if (img.task->flags & BLCR_TASK_STOPPED)
		kill(pid, SIGSTOP);
	for (uint32_t i = 0; i <= img.nr_threads; i++) {
		if (ptrace(PTRACE_DETACH, tids[i], 0, 0)) {
			pr_perror("detaching from the restored process");
			kill(pid, SIGKILL);
			return BLCR_EXIT_RESTORE;
		}
	}
	free(tids);
	if (o->signal_after)
		kill(pid, o->signal_after);
	pr_info("restored pid %d\n", pid);
	rimage_free(&img);
	if (o->on_success) {
		int hs = system(o->on_success);

		/* BLCR: a failing success hook makes cr_restart exit at once, without waiting */
		if (hs != -1 && WIFEXITED(hs) && WEXITSTATUS(hs))
			exit(WEXITSTATUS(hs));
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	mirror(pid);
}
