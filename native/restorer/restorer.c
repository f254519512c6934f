// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The restorer: freestanding code copied into the hole of the restoring child. It drops
 * every mapping of cr_restart, maps and fills the checkpointed address space, moves the
 * vDSO trio to the saved addresses, sets what only the task itself can set, then traps;
 * cr_restart (its tracer) unmaps the hole and loads the saved registers.
 * No libc, no globals, no absolute addresses: see RESTORER_CFLAGS in the Makefile.
 */
#include "restorer.h"

#define __NR_read		0
#define __NR_write		1
#define __NR_close		3
#define __NR_mmap		9
#define __NR_mprotect		10
#define __NR_munmap		11
#define __NR_rt_sigaction	13
#define __NR_pread64		17
#define __NR_mremap		25
#define __NR_madvise		28
#define __NR_setitimer		38
#define __NR_setgroups		116
#define __NR_setresuid		117
#define __NR_setresgid		119
#define __NR_setfsuid		122
#define __NR_setfsgid		123
#define __NR_getpid		39
#define __NR_rt_sigqueueinfo	129
#define __NR_sigaltstack	131
#define __NR_prctl		157
#define __NR_gettid		186
#define __NR_set_tid_address	218
#define __NR_exit_group		231
#define __NR_set_robust_list	273
#define __NR_rt_tgsigqueueinfo	297
#define __NR_prlimit64		302
#define __NR_rseq		334
#define __NR_clone3		435

#define CLONE_VM		0x00000100
#define CLONE_FS		0x00000200
#define CLONE_FILES		0x00000400
#define CLONE_SIGHAND		0x00000800
#define CLONE_THREAD		0x00010000
#define CLONE_SYSVSEM		0x00040000

#define PROT_WRITE		2
#define MAP_SHARED		1
#define MAP_PRIVATE		2
#define MAP_FIXED		0x10
#define MAP_ANONYMOUS		0x20
#define MAP_GROWSDOWN		0x100
#define MREMAP_MAYMOVE		1
#define MREMAP_FIXED		2
#define MADV_DONTFORK		10
#define MADV_HUGEPAGE		14
#define MADV_NOHUGEPAGE		15
#define MADV_DONTDUMP		16
#define MADV_WIPEONFORK		18
#define MADV_POPULATE_WRITE	23
#define PR_SET_DUMPABLE		4
#define PR_SET_NAME		15
#define PR_SET_MM		35
#define PR_SET_MM_MAP		14
#define PR_SET_THP_DISABLE	41
#define RSEQ_FLAG_UNREGISTER	1
#define SS_ONSTACK		1
#define SS_DISABLE		2
#define TASK_SIZE_47		0x7ffffffff000ULL

static inline long sys6(long n, long a, long b, long c, long d, long e, long f)
{
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}

#define sys(n, a, b, c, d, e, f) sys6(n, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), (long)(f))

static int is_err(long r)
{
	return r < 0 && r > -4096;
}

static void __attribute__((noreturn)) fail(struct restore_args *a, int step, long err, uint64_t addr)
{
	struct rst_status st = { 0, step, err, addr, 0, 0, a->task, 0 };

	sys(__NR_write, a->status_fd, &st, sizeof(st), 0, 0, 0);
	sys(__NR_exit_group, 70 + step, 0, 0, 0, 0, 0);
	for (;;)
		;
}

struct prctl_mm_map {
	uint64_t start_code, end_code, start_data, end_data, start_brk, brk, start_stack;
	uint64_t arg_start, arg_end, env_start, env_end;
	uint64_t auxv;
	uint32_t auxv_size;
	uint32_t exe_fd;
};

static void park_specials(struct restore_args *a)
{
	uint64_t at = a->park;

	for (int i = 0; i < RST_NR_SPECIAL; i++) {
		struct rst_special *s = &a->special[i];
		long r;

		if (!s->len)
			continue;
		r = sys(__NR_mremap, s->cur, s->len, s->len, MREMAP_MAYMOVE | MREMAP_FIXED, at, 0);
		if (is_err(r))
			fail(a, RST_STEP_PARK, r, s->cur);
		s->cur = at;
		at += s->len;
	}
}

static void place_specials(struct restore_args *a)
{
	for (int i = 0; i < RST_NR_SPECIAL; i++) {
		struct rst_special *s = &a->special[i];
		long r;

		if (!s->len)
			continue;
		if (!s->dst) {
			sys(__NR_munmap, s->cur, s->len, 0, 0, 0, 0);
			continue;
		}
		r = sys(__NR_mremap, s->cur, s->len, s->len, MREMAP_MAYMOVE | MREMAP_FIXED, s->dst, 0);
		if (is_err(r))
			fail(a, RST_STEP_VDSO, r, s->dst);
	}
}

/*
 * Faults set the speed of a restore: fault each chunk in with one call (5.14+; older
 * kernels say EINVAL and pread faults page by page), then read the image into it. With
 * a helper (cr_restart), chunks alternate between us and it.
 */
static void fill_all(struct restore_args *a)
{
	uint64_t k = 0;

	for (uint64_t vi = 0; vi < a->nr_vmas; vi++) {
		struct rst_vma *v = &a->vmas[vi];

		for (uint64_t i = 0; i < v->nr_runs; i++) {
			struct blcr_run *run = &a->runs[v->first_run + i];
			uint64_t len = run->nr_pages * BLCR_PAGE_SIZE;

			for (uint64_t off = 0; off < len; off += RST_FILL_CHUNK, k++) {
				uint64_t n = len - off > RST_FILL_CHUNK ? RST_FILL_CHUNK : len - off, done = 0;

				if (a->help_req >= 0 && (k & 1))
					continue;	/* cr_restart's */
				sys(__NR_madvise, run->vaddr + off, n, MADV_POPULATE_WRITE, 0, 0, 0);
				while (done < n) {
					long r = sys(__NR_pread64, a->img_fd, run->vaddr + off + done, n - done,
						     run->data_off + off + done, 0, 0);

					if (r == 0)
						r = -5;	/* EIO: the file ends early */
					if (is_err(r))
						fail(a, RST_STEP_FILL, r, run->vaddr + off + done);
					done += (uint64_t)r;
				}
			}
		}
	}
}

static void verify(struct restore_args *a, struct rst_vma *v)
{
	uint64_t csum = 0;

	for (uint64_t i = 0; i < v->nr_runs; i++) {
		struct blcr_run *run = &a->runs[v->first_run + i];

		for (uint64_t p = 0; p < run->nr_pages; p++)
			csum = blcr_hash64((const void *)(run->vaddr + p * BLCR_PAGE_SIZE), BLCR_PAGE_SIZE, csum);
	}
	if (csum != v->csum)
		fail(a, RST_STEP_VERIFY, -74 /* EBADMSG */, v->start);
}

static void map_vma(struct restore_args *a, struct rst_vma *v)
{
	uint64_t len = v->end - v->start;
	uint32_t prot = v->prot | (v->nr_runs ? PROT_WRITE : 0);
	long flags = MAP_FIXED, r;

	switch (v->kind) {
	case BLCR_VMA_ANON:
		flags |= MAP_PRIVATE | MAP_ANONYMOUS;
		if (v->flags & BLCR_VMA_F_GROWSDOWN)
			flags |= MAP_GROWSDOWN;
		break;
	case BLCR_VMA_FILE_PRIVATE:
		flags |= MAP_PRIVATE;
		break;
	case BLCR_VMA_FILE_SHARED:
	case BLCR_VMA_SHMEM:
		flags |= MAP_SHARED;
		break;
	default:
		return;
	}
	r = sys(__NR_mmap, v->start, len, prot, flags, v->kind == BLCR_VMA_ANON ? -1 : v->fd,
		v->kind == BLCR_VMA_ANON ? 0 : v->pgoff);
	if (is_err(r) || (uint64_t)r != v->start)
		fail(a, RST_STEP_MAP, is_err(r) ? r : -17, v->start);
	/* transparent huge pages where the process asked for them, before the fill */
	if (v->flags & BLCR_VMA_F_HUGEPAGE)
		sys(__NR_madvise, v->start, len, MADV_HUGEPAGE, 0, 0, 0);
}

/* After the fill: the saved protection and madvise state. */
static void finish_vma(struct restore_args *a, struct rst_vma *v)
{
	uint64_t len = v->end - v->start;
	uint32_t prot = v->prot | (v->nr_runs ? PROT_WRITE : 0);
	long r;

	if (v->kind != BLCR_VMA_ANON && v->kind != BLCR_VMA_FILE_PRIVATE && v->kind != BLCR_VMA_FILE_SHARED &&
	    v->kind != BLCR_VMA_SHMEM)
		return;
	if (a->verify && v->nr_runs)
		verify(a, v);
	if (prot != v->prot) {
		r = sys(__NR_mprotect, v->start, len, v->prot, 0, 0, 0);
		if (is_err(r))
			fail(a, RST_STEP_PROTECT, r, v->start);
	}
	if (v->flags & BLCR_VMA_F_NOHUGEPAGE)
		sys(__NR_madvise, v->start, len, MADV_NOHUGEPAGE, 0, 0, 0);
	if (v->flags & BLCR_VMA_F_DONTFORK)
		sys(__NR_madvise, v->start, len, MADV_DONTFORK, 0, 0, 0);
	if (v->flags & BLCR_VMA_F_DONTDUMP)
		sys(__NR_madvise, v->start, len, MADV_DONTDUMP, 0, 0, 0);
	if (v->flags & BLCR_VMA_F_WIPEONFORK)
		sys(__NR_madvise, v->start, len, MADV_WIPEONFORK, 0, 0, 0);
}

static void set_mm(struct restore_args *a)
{
	struct prctl_mm_map m = {
		a->start_code, a->end_code, a->start_data, a->end_data, a->start_brk, a->brk,
		a->start_stack, a->arg_start, a->arg_end, a->env_start, a->env_end,
		(uint64_t)a->auxv, a->auxv_words * 8, (uint32_t)a->exe_fd,
	};
	long r = sys(__NR_prctl, PR_SET_MM, PR_SET_MM_MAP, &m, sizeof(m), 0, 0);

	if (is_err(r) && a->exe_fd >= 0) {
		/* replacing /proc/PID/exe needs CAP_CHECKPOINT_RESTORE; the rest does not */
		m.exe_fd = (uint32_t)-1;
		r = sys(__NR_prctl, PR_SET_MM, PR_SET_MM_MAP, &m, sizeof(m), 0, 0);
	}
	if (is_err(r))
		fail(a, RST_STEP_MM, r, a->start_brk);
}

static void set_thread(struct restore_args *a, struct blcr_thread_state *t)
{
	long r;

	sys(__NR_set_tid_address, t->tid_address, 0, 0, 0, 0, 0);
	if (t->robust_head)
		sys(__NR_set_robust_list, t->robust_head, t->robust_len, 0, 0, 0, 0);
	if (t->rseq_ptr) {
		r = sys(__NR_rseq, t->rseq_ptr, t->rseq_len, 0, t->rseq_sig, 0, 0);
		if (is_err(r))
			fail(a, RST_STEP_THREAD, r, t->rseq_ptr);
	}
	if (!(t->altstack_flags & SS_DISABLE) && t->altstack_sp) {
		struct { uint64_t sp; int32_t flags; int32_t pad; uint64_t size; } ss = {
			t->altstack_sp, t->altstack_flags & ~SS_ONSTACK, 0, t->altstack_size,
		};
		sys(__NR_sigaltstack, &ss, 0, 0, 0, 0, 0);
	}
}

/* Credentials are per thread at the syscall level: every thread sets its own, last. */
static void set_creds(struct restore_args *a)
{
	long r = a->set_groups ? sys(__NR_setgroups, a->ngroups, a->groups, 0, 0, 0, 0) : 0;

	if (!is_err(r))
		r = sys(__NR_setresgid, a->cred_gid[0], a->cred_gid[1], a->cred_gid[2], 0, 0, 0);
	if (!is_err(r)) {
		sys(__NR_setfsgid, a->cred_gid[3], 0, 0, 0, 0, 0);
		r = sys(__NR_setresuid, a->cred_uid[0], a->cred_uid[1], a->cred_uid[2], 0, 0, 0);
	}
	if (is_err(r))
		fail(a, RST_STEP_CREDS, r, a->cred_uid[1]);
	sys(__NR_setfsuid, a->cred_uid[3], 0, 0, 0, 0, 0);
}

/* The thread's own pending signals: re-queued to itself, all signals blocked meanwhile. */
static void queue_own_signals(struct restore_args *a, uint32_t saved_tid, int leader)
{
	long pid = sys(__NR_getpid, 0, 0, 0, 0, 0, 0), tid = sys(__NR_gettid, 0, 0, 0, 0, 0, 0);

	for (uint64_t i = 0; i < a->nr_sigpending; i++) {
		struct blcr_siginfo *s = &a->sigpending[i];
		int sig = *(int32_t *)s->info;

		if (s->shared && leader)
			sys(__NR_rt_sigqueueinfo, pid, sig, s->info, 0, 0, 0);
		else if (!s->shared && s->tid == saved_tid)
			sys(__NR_rt_tgsigqueueinfo, pid, tid, sig, s->info, 0, 0);
	}
}

/* cr_restart reads rdi (thread index, 0 = leader) and rsi (process index) at the trap. */
static void __attribute__((noreturn)) trap(long index, long task)
{
	for (;;)
		__asm__ volatile("int3" : : "D"(index), "S"(task) : "memory");
}

/* A new thread starts here, on its own stack in the hole. */
static void __attribute__((noreturn, used, noipa)) thread_main(struct rst_thread *t)
{
	set_thread(t->args, &t->st);
	if (t->st.comm[0])
		sys(__NR_prctl, PR_SET_NAME, t->st.comm, 0, 0, 0, 0);
	queue_own_signals(t->args, t->st.tid, 0);
	set_creds(t->args);
	trap(t->index, t->args->task);
}

struct clone_args_k {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
	uint64_t set_tid, set_tid_size, cgroup;
};

static long clone_thread(struct rst_thread *t)
{
	int32_t tid = t->st.tid;
	struct clone_args_k ca = {
		.flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM,
		.stack = t->stack_top - 16384, .stack_size = 16384,
		.set_tid = t->restore_tid ? (uint64_t)&tid : 0, .set_tid_size = t->restore_tid ? 1 : 0,
	};
	register long r12 __asm__("r12") = (long)t;
	long ret;

	/* the child returns from the syscall on its new stack with r12 intact */
	__asm__ volatile("syscall\n\t"
			 "test %%rax, %%rax\n\t"
			 "jnz 1f\n\t"
			 "mov %%r12, %%rdi\n\t"
			 "call thread_main\n\t"
			 "ud2\n"
			 "1:"
			 : "=a"(ret)
			 : "a"(__NR_clone3), "D"(&ca), "S"(sizeof(ca)), "r"(r12)
			 : "rcx", "r11", "rdx", "memory");
	return ret;
}

static void set_signals_and_timers(struct restore_args *a)
{
	for (int i = 0; i < BLCR_RLIM_NLIMITS; i++)
		sys(__NR_prlimit64, 0, i, &a->rlimits[i], 0, 0, 0);	/* best effort, as setrlimit */
	for (int sig = 1; sig <= BLCR_NSIG; sig++) {
		if (sig == 9 || sig == 19)
			continue;
		sys(__NR_rt_sigaction, sig, &a->sigact[sig - 1], 0, 8, 0, 0);
	}
	/* every signal is blocked: these wait until cr_restart loads the saved mask */
	queue_own_signals(a, a->thread.tid, 1);
	for (int w = 0; w < 3; w++) {
		struct blcr_itimer it = a->itimers[w];

		/*
		 * A periodic timer caught between expiry and re-arm reads value 0 (its signal
		 * is pending): arm it to fire at once so the period goes on.
		 */
		if (!it.value_sec && !it.value_usec && (it.interval_sec || it.interval_usec))
			it.value_usec = 1;
		if (it.value_sec || it.value_usec)
			sys(__NR_setitimer, w, &it, 0, 0, 0, 0);
	}
}

__attribute__((section(".text.entry"), used, noreturn))
void restorer_entry(struct restore_args *a)
{
	struct rst_status ok = { 1, 0, 0, 0, a->hole_start, a->hole_len, a->task, 0 };
	uint64_t hole_end = a->hole_start + a->hole_len;
	long r;

	/* our own glibc rseq area is about to vanish: the kernel must stop writing to it */
	if (a->self_rseq_ptr) {
		r = sys(__NR_rseq, a->self_rseq_ptr, a->self_rseq_len, RSEQ_FLAG_UNREGISTER, a->self_rseq_sig, 0, 0);
		if (is_err(r))
			fail(a, RST_STEP_RSEQ, r, a->self_rseq_ptr);
	}
	park_specials(a);
	r = sys(__NR_munmap, 0, a->hole_start, 0, 0, 0, 0);
	if (!is_err(r) && hole_end < TASK_SIZE_47)
		r = sys(__NR_munmap, hole_end, TASK_SIZE_47 - hole_end, 0, 0, 0, 0);
	if (is_err(r))
		fail(a, RST_STEP_UNMAP, r, 0);
	for (uint64_t i = 0; i < a->nr_vmas; i++)
		map_vma(a, &a->vmas[i]);
	if (a->help_req >= 0) {
		char go = 'm', st = 1;

		sys(__NR_write, a->help_req, &go, 1, 0, 0, 0);
		fill_all(a);
		if (sys(__NR_read, a->help_done, &st, 1, 0, 0, 0) != 1 || st != 0)
			fail(a, RST_STEP_FILL, -5, 0);
	} else {
		fill_all(a);
	}
	for (uint64_t i = 0; i < a->nr_vmas; i++)
		finish_vma(a, &a->vmas[i]);
	place_specials(a);
	set_mm(a);
	for (uint32_t i = 0; i < a->nr_threads; i++) {
		r = clone_thread(&a->threads[i]);
		if (is_err(r))
			fail(a, RST_STEP_CLONE, r, a->threads[i].st.tid);
	}
	sys(__NR_prctl, PR_SET_NAME, a->comm, 0, 0, 0, 0);
	if (a->thp_disable)
		sys(__NR_prctl, PR_SET_THP_DISABLE, 1, 0, 0, 0, 0);
	set_thread(a, &a->thread);
	for (uint32_t i = 0; i < a->nr_close; i++)
		sys(__NR_close, a->close_fds[i], 0, 0, 0, 0, 0);
	set_signals_and_timers(a);
	set_creds(a);
	/* after the credentials: changing them resets the dumpable flag */
	sys(__NR_prctl, PR_SET_DUMPABLE, a->dumpable, 0, 0, 0, 0);
	sys(__NR_write, a->status_fd, &ok, sizeof(ok), 0, 0, 0);
	sys(__NR_close, a->status_fd, 0, 0, 0, 0, 0);
	/* cr_restart takes it from here: unmaps the hole, loads registers, detaches */
	trap(0, a->task);
}
