// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The checkpoint: freeze every thread, read what only the target can tell through
 * injected system calls, put the target back exactly as found, then save memory, files
 * and the rest. The target stays frozen until blcr_dump_release(), so the caller can
 * make the context file durable before a --kill.
 */
#define _GNU_SOURCE
#define LOG_PREFIX ""
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/ptrace.h>
#include "arch.h"
#include "blcr/exitcodes.h"
#include "blcr/log.h"
#include "dump.h"
#include "dump-int.h"
#include "dump-objs.h"
#include "libcr-proto.h"
#include <dirent.h>

#ifndef PTRACE_GET_RSEQ_CONFIGURATION
#define PTRACE_GET_RSEQ_CONFIGURATION 0x420f
struct ptrace_rseq_configuration {
	uint64_t rseq_abi_pointer;
	uint32_t rseq_abi_size;
	uint32_t signature;
	uint32_t flags;
	uint32_t pad;
};
#endif

static struct dtask *tasks;
static int nr_tasks;

static uint64_t now_ns(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static int errno_exit(int err)
{
	switch (err) {
	case ESRCH: return BLCR_EXIT_NOPROC;
	case EPERM: case EACCES: return BLCR_EXIT_PERM;
	case ENOSPC: return BLCR_EXIT_NOSPC;
	default: return BLCR_EXIT_INTERNAL;
	}
}

static int is_zombie(pid_t pid);

static int seize_task(struct dtask *t)
{
	struct proc_stat st;
	int ret;

	if (proc_read_stat(t->pid, t->pid, &st)) {
		if (t->index == 0)
			pr_err("no such process: %d\n", t->pid);
		return BLCR_EXIT_NOPROC;
	}
	if ((st.state == 'Z' || st.state == 'X') && t->index) {
		return BLCR_EXIT_NOPROC;
	}
	if (st.state == 'Z' || st.state == 'X') {
		pr_err("process %d is a zombie (exited, not yet reaped): nothing to checkpoint\n", t->pid);
		return BLCR_EXIT_NOPROC;
	}
	vec_init(&t->seized, sizeof(pid_t));
	/* rescan until a pass finds no new thread (CRIU gives up after 5 passes) */
	for (int pass = 0; pass < 5; pass++) {
		size_t before = t->seized.len;

		vec_free(&t->tids);
		if (proc_list_threads(t->pid, &t->tids) <= 0)
			return BLCR_EXIT_NOPROC;
		for (size_t i = 0; i < t->tids.len; i++) {
			pid_t tid = *vec_at(&t->tids, pid_t, i);
			struct infect_stop stop;
			int have = 0;

			for (size_t j = 0; j < t->seized.len; j++)
				have |= *vec_at(&t->seized, pid_t, j) == tid;
			if (have)
				continue;
			ret = infect_seize(tid, &stop);
			/* a process in the middle of exit() refuses ptrace with EPERM */
			if ((ret == -EPERM || ret == -ESRCH) && t->index && is_zombie(t->pid))
				return BLCR_EXIT_NOPROC;
			if (ret == -EPERM || ret == -EACCES) {
				pr_err("cannot attach to process %d: %s (ptrace not permitted: another user's process, a tracer already attached, or kernel.yama.ptrace_scope; see 'blcr doctor')\n",
				       t->pid, strerror(-ret));
				return BLCR_EXIT_PERM;
			}
			if (ret == -ESRCH && tid != t->pid)
				continue;	/* a thread that just exited */
			if (ret) {
				pr_err("cannot freeze process %d (thread %d): %s\n", t->pid, tid, strerror(-ret));
				return errno_exit(-ret);
			}
			*(pid_t *)vec_push(&t->seized) = tid;
			if (stop.stopped_sig)
				t->stopped_sig = stop.stopped_sig;
		}
		if (t->seized.len == before)
			return 0;
	}
	pr_err("process %d keeps creating threads; cannot freeze it\n", t->pid);
	return BLCR_EXIT_INTERNAL;
}

static int find_vdso(pid_t pid, uint64_t *start, uint64_t *end)
{
	char path[64], *maps, *line;

	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	maps = read_text_file(path, NULL);
	*start = *end = 0;
	if (!maps)
		return -errno;
	for (line = maps; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
		char *nl = strchr(line, '\n');

		if (nl)
			*nl = 0;
		if (strstr(line, "[vdso]"))
			sscanf(line, "%" SCNx64 "-%" SCNx64, start, end);
		if (nl)
			*nl = '\n';
	}
	free(maps);
	return 0;
}

#define INJ(t, r, nr, a1, a2, a3, a4) \
	do { int __e = infect_syscall(t, r, nr, (long)(a1), (long)(a2), (long)(a3), (long)(a4), 0, 0); \
	     if (__e) { ret = __e; goto cure; } } while (0)

/*
 * What only the target itself can report, read through injected syscalls. Process-wide
 * state (signal actions, brk, timers, prctl flags) comes from the leader; every thread
 * reports its own clear_child_tid address and alternate signal stack.
 */
static int collect_injected(struct dtask *t, pid_t tid, struct blcr_thread_state *ts,
			    struct user_regs_struct *regs)
{
	struct infect_task it;
	struct blcr_task *k = &t->task;
	int leader = tid == t->pid;
	long r;
	int ret, cret;

	ret = infect_prepare(&it, tid, t->vdso_start, t->vdso_end);
	if (ret) {
		pr_err("process %d (thread %d): cannot run code in the target: %s\n", t->pid, tid, strerror(-ret));
		if (it.dirty)
			infect_cure(&it);
		return BLCR_EXIT_INTERNAL;
	}
	*regs = it.regs;
	ts->tid = (uint32_t)tid;
	ts->sigmask = it.sigmask;
	ret = infect_scratch(&it, 4096);
	if (ret)
		goto cure;
	INJ(&it, &r, SYS_prctl, PR_GET_TID_ADDRESS, it.scratch, 0, 0);
	if (r == 0)
		infect_read(t->pid, it.scratch, &ts->tid_address, 8);
	INJ(&it, &r, SYS_sigaltstack, 0, it.scratch, 0, 0);
	if (r == 0) {
		stack_t ss;

		infect_read(t->pid, it.scratch, &ss, sizeof(ss));
		ts->altstack_sp = (uint64_t)ss.ss_sp;
		ts->altstack_size = ss.ss_size;
		ts->altstack_flags = ss.ss_flags;
	}
	if (!leader)
		goto done;
	for (int sig = 1; sig <= BLCR_NSIG; sig++) {
		if (sig == SIGKILL || sig == SIGSTOP)
			continue;
		INJ(&it, &r, SYS_rt_sigaction, sig, 0, it.scratch, 8);
		if (r == 0 && (ret = infect_read(t->pid, it.scratch, &t->sigact[sig - 1], sizeof(t->sigact[0]))))
			goto cure;
	}
	INJ(&it, &r, SYS_brk, 0, 0, 0, 0);
	k->brk = (uint64_t)r;
	for (int w = 0; w < 3; w++) {
		struct itimerval itv;

		INJ(&it, &r, SYS_getitimer, w, it.scratch, 0, 0);
		if (r == 0 && !infect_read(t->pid, it.scratch, &itv, sizeof(itv))) {
			k->itimers[w].interval_sec = itv.it_interval.tv_sec;
			k->itimers[w].interval_usec = itv.it_interval.tv_usec;
			k->itimers[w].value_sec = itv.it_value.tv_sec;
			k->itimers[w].value_usec = itv.it_value.tv_usec;
		}
	}
	INJ(&it, &r, SYS_prctl, PR_GET_DUMPABLE, 0, 0, 0);
	k->dumpable = (uint32_t)r;
	INJ(&it, &r, SYS_prctl, PR_GET_THP_DISABLE, 0, 0, 0);
	k->thp_disable = (uint32_t)r;
done:
	ret = 0;
cure:
	cret = infect_cure(&it);
	if (ret) {
		pr_err("process %d (thread %d): injected system call failed: %s\n", t->pid, tid, strerror(-ret));
		return BLCR_EXIT_INTERNAL;
	}
	if (cret) {
		pr_err("process %d (thread %d): could not restore its registers: %s\n", t->pid, tid, strerror(-cret));
		return BLCR_EXIT_INTERNAL;
	}
	return 0;
}

static void fixup_rseq(struct dtask *t, pid_t tid, struct blcr_thread_state *ts, struct user_regs_struct *regs)
{
	struct ptrace_rseq_configuration conf;
	struct { uint32_t version, flags; uint64_t start_ip, post_commit_offset, abort_ip; } cs;
	uint64_t cs_ptr = 0;

	memset(&conf, 0, sizeof(conf));
	if (ptrace(PTRACE_GET_RSEQ_CONFIGURATION, tid, (void *)sizeof(conf), &conf) < 0 || !conf.rseq_abi_pointer)
		return;
	ts->rseq_ptr = conf.rseq_abi_pointer;
	ts->rseq_len = conf.rseq_abi_size;
	ts->rseq_sig = conf.signature;
	/* inside an rseq critical section: resume at its abort handler, as the kernel would */
	if (!infect_read(t->pid, conf.rseq_abi_pointer + 8, &cs_ptr, 8) && cs_ptr &&
	    !infect_read(t->pid, cs_ptr, &cs, sizeof(cs)) &&
	    regs->rip >= cs.start_ip && regs->rip < cs.start_ip + cs.post_commit_offset)
		regs->rip = cs.abort_ip;
}

static void collect_signals(struct dtask *t, pid_t tid, int leader)
{
	for (int shared = 0; shared < 1 + leader; shared++) {
		for (uint64_t off = 0;; off++) {
			struct ptrace_peeksiginfo_args a = { .off = off, .flags = shared ? PTRACE_PEEKSIGINFO_SHARED : 0, .nr = 1 };
			struct blcr_siginfo *s;
			uint8_t info[128];

			if (ptrace(PTRACE_PEEKSIGINFO, tid, &a, info) != 1)
				break;
			s = vec_push(&t->sigpending);
			s->shared = (uint32_t)shared;
			s->tid = (uint32_t)tid;
			memcpy(s->info, info, sizeof(info));
		}
	}
}

static int find_vdso(pid_t pid, uint64_t *start, uint64_t *end);

static void read_creds(struct dtask *t)
{
	struct blcr_task *k = &t->task;
	char buf[4096];

	if (!proc_status_field(t->pid, "Uid", buf, sizeof(buf)))
		sscanf(buf, "%u %u %u %u", &k->cred_uid[0], &k->cred_uid[1], &k->cred_uid[2], &k->cred_uid[3]);
	if (!proc_status_field(t->pid, "Gid", buf, sizeof(buf)))
		sscanf(buf, "%u %u %u %u", &k->cred_gid[0], &k->cred_gid[1], &k->cred_gid[2], &k->cred_gid[3]);
	k->uid = k->cred_uid[0];
	k->euid = k->cred_uid[1];
	k->gid = k->cred_gid[0];
	k->egid = k->cred_gid[1];
	if (!proc_status_field(t->pid, "Groups", buf, sizeof(buf))) {
		char *p = buf, *end;

		for (k->ngroups = 0; k->ngroups < 64; k->ngroups++) {
			unsigned long g = strtoul(p, &end, 10);

			if (end == p)
				break;
			k->groups[k->ngroups] = (uint32_t)g;
			p = end;
		}
	}
}

/*
 * Resource limits from /proc/PID/limits: prlimit() on another user's process needs
 * CAP_SYS_RESOURCE, which a root without it (containers, this CI) lacks.
 */
static int read_limits(struct dtask *t)
{
	char path[64], *text, *l;
	int r = 0;

	snprintf(path, sizeof(path), "/proc/%d/limits", t->pid);
	text = read_text_file(path, NULL);
	if (!text) {
		pr_perror("pid %d: cannot read %s", t->pid, path);
		return BLCR_EXIT_PERM;
	}
	l = strchr(text, '\n');	/* skip the header line */
	for (; l && *++l && r < BLCR_RLIM_NLIMITS; l = strchr(l, '\n'), r++) {
		char soft[32], hard[32];

		/* "Max cpu time   unlimited   unlimited   seconds": the values start at column 26 */
		if (strlen(l) < 26 || sscanf(l + 26, "%31s %31s", soft, hard) != 2) {
			pr_err("pid %d: cannot parse %s\n", t->pid, path);
			free(text);
			return BLCR_EXIT_INTERNAL;
		}
		t->task.rlimits[r].cur = strcmp(soft, "unlimited") ? strtoull(soft, NULL, 10) : RLIM_INFINITY;
		t->task.rlimits[r].max = strcmp(hard, "unlimited") ? strtoull(hard, NULL, 10) : RLIM_INFINITY;
	}
	free(text);
	return r == BLCR_RLIM_NLIMITS ? 0 : BLCR_EXIT_INTERNAL;
}

/* Who the process is and where it sits: what even a zombie keeps. */
static int read_identity(struct dtask *t, struct proc_stat *st)
{
	struct blcr_task *k = &t->task;

	if (proc_read_stat(t->pid, t->pid, st))
		return BLCR_EXIT_NOPROC;
	k->pid = (uint32_t)t->pid;
	k->ppid = (uint32_t)st->ppid;
	k->pgid = (uint32_t)st->pgid;
	k->sid = (uint32_t)st->sid;
	k->exit_signal = (uint32_t)st->exit_signal;
	memcpy(k->comm, st->comm, sizeof(k->comm));
	return 0;
}

static int collect_zombie(struct dtask *t)
{
	struct proc_stat st;

	if (read_identity(t, &st))
		return BLCR_EXIT_NOPROC;
	t->task.exit_code = st.exit_code;
	t->task.flags |= BLCR_TASK_ZOMBIE;
	return 0;
}

static int collect_task(struct dtask *t)
{
	struct blcr_task *k = &t->task;
	struct proc_stat st;
	char buf[4096], path[64];
	ssize_t n;
	int ret;

	if (t->zombie)
		return collect_zombie(t);

	if (read_identity(t, &st))
		return BLCR_EXIT_NOPROC;
	k->parent_index = BLCR_NONE;
	k->nr_threads = (uint32_t)t->seized.len;
	k->start_code = st.start_code;
	k->end_code = st.end_code;
	k->start_data = st.start_data;
	k->end_data = st.end_data;
	k->start_brk = st.start_brk;
	k->start_stack = st.start_stack;
	k->arg_start = st.arg_start;
	k->arg_end = st.arg_end;
	k->env_start = st.env_start;
	k->env_end = st.env_end;
	if (t->stopped_sig)
		k->flags |= BLCR_TASK_STOPPED;
	if (!proc_status_field(t->pid, "Umask", buf, sizeof(buf)))
		k->umask = (uint32_t)strtoul(buf, NULL, 8);
	read_creds(t);
	snprintf(path, sizeof(path), "/proc/%d/personality", t->pid);
	{
		char *p = read_text_file(path, NULL);

		if (p) {
			k->personality = (uint32_t)strtoul(p, NULL, 16);
			free(p);
		}
	}
	find_vdso(t->pid, &t->vdso_start, &t->vdso_end);
	t->threads = xzalloc(t->seized.len * sizeof(struct dthread));
	for (size_t i = 0; i < t->seized.len; i++) {
		pid_t tid = *vec_at(&t->seized, pid_t, i);
		int leader = tid == t->pid;
		struct dthread *th = &t->threads[i];
		struct blcr_thread_state *ts = leader ? &k->main : &th->st;
		struct user_regs_struct *regs = leader ? &t->regs : &th->regs;
		uint8_t *xs = xzalloc(BLCR_XSTATE_MAX);
		uint32_t xlen = BLCR_XSTATE_MAX;

		if ((ret = collect_injected(t, tid, ts, regs))) {
			free(xs);
			return ret;
		}
		arch_resolve_syscall_restart(regs);
		fixup_rseq(t, tid, ts, regs);
		{
			char cpath[64], *c;

			snprintf(cpath, sizeof(cpath), "/proc/%d/task/%d/comm", t->pid, tid);
			if ((c = read_text_file(cpath, NULL))) {
				snprintf(ts->comm, sizeof(ts->comm), "%.*s", (int)strcspn(c, "\n"), c);
				free(c);
			}
		}
		syscall(SYS_get_robust_list, tid, &ts->robust_head, &ts->robust_len);
		if ((ret = arch_get_xstate(tid, xs, &xlen))) {
			pr_err("process %d (thread %d): cannot read its FPU/xstate registers: %s\n", t->pid, tid, strerror(-ret));
			free(xs);
			return BLCR_EXIT_INTERNAL;
		}
		ts->xstate_len = xlen;
		if (leader) {
			t->xstate = xs;
			t->xstate_len = xlen;
		} else {
			th->xstate = xs;
		}
		collect_signals(t, tid, leader);
	}
	if ((ret = read_limits(t)))
		return ret;
	snprintf(path, sizeof(path), "/proc/%d/auxv", t->pid);
	{
		size_t len = 0;
		char *a = read_text_file(path, &len);

		if (a) {
			if (len > sizeof(k->auxv))
				len = sizeof(k->auxv);
			memcpy(k->auxv, a, len);
			k->auxv_words = (uint32_t)(len / 8);
			free(a);
		}
	}
	snprintf(path, sizeof(path), "/proc/%d/cwd", t->pid);
	if ((n = readlink(path, buf, sizeof(buf) - 1)) > 0) {
		buf[n] = 0;
		k->cwd_str = strtab_add(&t->strings, buf);
	}
	snprintf(path, sizeof(path), "/proc/%d/exe", t->pid);
	k->exe_file = BLCR_NONE;
	if ((n = readlink(path, buf, sizeof(buf) - 1)) > 0) {
		buf[n] = 0;
		k->exe_str = strtab_add(&t->strings, buf);
		k->exe_file = dump_file_identity(t, buf, path);
	}
	if ((ret = dump_collect_vmas(t, 0)))
		return ret;
	return dump_collect_fds(t, 0);
}

static int write_task(struct dtask *t, struct img_writer *w, uint64_t *npages)
{
	struct blcr_task *k = &t->task;
	int ret;

	if (t->zombie)
		return iw_section(w, BLCR_SEC_TASK, t->index, k, sizeof(*k)) ? BLCR_EXIT_IO : 0;
	ret = dump_write_pages(t, w, npages);

	if (ret)
		return ret;
	k->nr_vmas = (uint32_t)t->vmas.len;
	k->nr_fds = (uint32_t)t->fds.len;
	k->nr_sigpending = (uint32_t)t->sigpending.len;
	k->nr_files = (uint32_t)t->files.len;
	if (iw_section(w, BLCR_SEC_TASK, t->index, k, sizeof(*k)) ||
	    iw_section(w, BLCR_SEC_REGS, t->index, &t->regs, sizeof(t->regs)) ||
	    iw_section(w, BLCR_SEC_XSTATE, t->index, t->xstate, t->xstate_len) ||
	    iw_section(w, BLCR_SEC_SIGACT, t->index, t->sigact, sizeof(t->sigact)) ||
	    iw_section(w, BLCR_SEC_SIGINFO, t->index, t->sigpending.data, t->sigpending.len * sizeof(struct blcr_siginfo)) ||
	    iw_section(w, BLCR_SEC_VMAS, t->index, t->vmas.data, t->vmas.len * sizeof(struct blcr_vma)) ||
	    iw_section(w, BLCR_SEC_RUNS, t->index, t->runs.data, t->runs.len * sizeof(struct blcr_run)) ||
	    iw_section(w, BLCR_SEC_FDS, t->index, t->fds.data, t->fds.len * sizeof(struct blcr_fd)) ||
	    iw_section(w, BLCR_SEC_FILES, t->index, t->files.data, t->files.len * sizeof(struct blcr_file)) ||
	    iw_section(w, BLCR_SEC_STRINGS, t->index, t->strings.data, t->strings.len))
		return errno == ENOSPC ? BLCR_EXIT_NOSPC : BLCR_EXIT_IO;
	/* non-leader threads: state, registers, xstate, in one section each */
	for (size_t i = 0; i < t->seized.len; i++) {
		struct dthread *th = &t->threads[i];
		size_t len = sizeof(th->st) + sizeof(th->regs) + th->st.xstate_len;
		char *buf;
		int err;

		if (*vec_at(&t->seized, pid_t, i) == t->pid)
			continue;
		buf = xzalloc(len);
		memcpy(buf, &th->st, sizeof(th->st));
		memcpy(buf + sizeof(th->st), &th->regs, sizeof(th->regs));
		memcpy(buf + sizeof(th->st) + sizeof(th->regs), th->xstate, th->st.xstate_len);
		err = iw_section(w, BLCR_SEC_THREAD, t->index, buf, len);
		free(buf);
		if (err)
			return err == -ENOSPC ? BLCR_EXIT_NOSPC : BLCR_EXIT_IO;
	}
	return 0;
}

static int task_index_of(pid_t pid)
{
	for (int i = 0; i < nr_tasks; i++)
		if (tasks[i].pid == pid)
			return i;
	return -1;
}

static void add_task(pid_t pid)
{
	struct dtask *t;

	if (task_index_of(pid) >= 0 || pid == getpid())
		return;
	tasks = realloc(tasks, (size_t)(nr_tasks + 1) * sizeof(*tasks));
	t = &tasks[nr_tasks];
	memset(t, 0, sizeof(*t));
	t->pid = pid;
	t->index = (uint32_t)nr_tasks++;
	vec_init(&t->sigpending, sizeof(struct blcr_siginfo));
	vec_init(&t->files, sizeof(struct blcr_file));
	vec_init(&t->seized, sizeof(pid_t));
	strtab_init(&t->strings);
}

static int is_zombie(pid_t pid)
{
	struct proc_stat st;

	return proc_read_stat(pid, pid, &st) || st.state == 'Z' || st.state == 'X';
}

/* Descendants of tasks[from..]: BLCR's --tree (orphans reparented away are not ours). */
static void add_descendants(int from)
{
	for (int i = from; i < nr_tasks; i++) {
		struct vec kids;

		if (tasks[i].gone || proc_list_children(tasks[i].pid, &kids) < 0)
			continue;
		for (size_t j = 0; j < kids.len; j++) {
			pid_t c = *vec_at(&kids, pid_t, j);

			/* a zombie child: its parent's wait() must find it after restart */
			add_task(c);
			if (is_zombie(c))
				tasks[task_index_of(c)].zombie = 1;
		}
		vec_free(&kids);
	}
}

/* Every process whose process group (field 5) or session (field 6) is id. */
static void add_by_group(pid_t id, int sess)
{
	DIR *d = opendir("/proc");
	struct dirent *de;

	while (d && (de = readdir(d))) {
		pid_t pid = (pid_t)atoi(de->d_name);
		struct proc_stat st;

		if (pid <= 0 || proc_read_stat(pid, pid, &st) || st.state == 'Z')
			continue;
		if ((sess ? st.sid : st.pgid) == id && pid != getpid() && pid != getppid())
			add_task(pid);
	}
	if (d)
		closedir(d);
}

static int resolve_scope(const struct dump_opts *o)
{
	if (o->id <= 0 || (kill(o->id, 0) && errno == ESRCH)) {
		pr_err("no such process: %d\n", o->id);
		return BLCR_EXIT_NOPROC;
	}
	if (o->scope == BLCR_SCOPE_PGRP || o->scope == BLCR_SCOPE_SESS) {
		add_by_group(o->id, o->scope == BLCR_SCOPE_SESS);
		if (!nr_tasks) {
			pr_err("no process in %s %d (other than cr_checkpoint and its parent)\n",
			       o->scope == BLCR_SCOPE_SESS ? "session" : "process group", o->id);
			return BLCR_EXIT_NOPROC;
		}
		return 0;
	}
	add_task(o->id);
	if (o->scope == BLCR_SCOPE_TREE)
		add_descendants(0);
	return 0;
}

/*
 * With every live process frozen, decide for good about the ones that were exiting:
 * a zombie child of a saved parent is saved as one; anything else (reaped meanwhile,
 * or its pid already reused) was never ours.
 */
static void settle_exited_children(void)
{
	for (int i = 1; i < nr_tasks; i++) {
		struct dtask *t = &tasks[i];
		struct proc_stat st;
		int parent;

		if (!t->zombie && !t->gone)
			continue;
		parent = proc_read_stat(t->pid, t->pid, &st) ? -1 : task_index_of(st.ppid);
		if (parent >= 0 && (st.state == 'Z' || st.state == 'X') && !tasks[parent].gone && !tasks[parent].zombie &&
		    tasks[parent].seized.len) {
			t->zombie = 1;
			t->gone = 0;
		} else {
			t->zombie = 0;
			t->gone = 1;
		}
	}
}

static void drop_gone_tasks(void)
{
	int n = 0;

	for (int i = 0; i < nr_tasks; i++) {
		if (tasks[i].gone)
			continue;
		tasks[n] = tasks[i];
		tasks[n].index = (uint32_t)n;
		n++;
	}
	nr_tasks = n;
}

/* Parents before children; parent_index links them when both are saved. */
static void link_tasks(void)
{
	for (int i = 0; i < nr_tasks; i++) {
		int p = task_index_of((pid_t)tasks[i].task.ppid);

		tasks[i].task.parent_index = p >= 0 ? (uint32_t)p : BLCR_NONE;
	}
}

/*
 * BLCR's callbacks, before anything is frozen: every process with libcr is asked, and
 * the checkpoint goes on only when all of them are ready. A process that asks to be
 * omitted (cr_run --omit, CR_CHECKPOINT_OMIT) leaves with its descendants.
 */
static int run_callbacks(const struct dump_opts *o)
{
	int ret;

	for (int i = 0; i < nr_tasks; i++) {
		struct dtask *t = &tasks[i];
		struct cri_ctl c, req;
		int omit = 0;

		if (t->gone)
			continue;
		for (int p = 0; p < i; p++) {
			struct proc_stat st;

			/* under a left-out parent: left out too */
			if (tasks[p].gone && o->scope == BLCR_SCOPE_TREE && !proc_read_stat(t->pid, t->pid, &st) &&
			    st.ppid == tasks[p].pid)
				t->gone = 1;
		}
		if (t->gone || t->zombie || !(t->task.libcr_ctl = libcr_find(t->pid, &c)))
			continue;
		if (c.omit) {
			omit = 1;
		} else {
			memset(&req, 0, sizeof(req));
			req.signum = c.signum;
			req.requester = getpid();
			req.scope = (int32_t)o->scope;
			req.target = o->id;
			req.sig = o->signal_after;
			req.request_id = now_ns(CLOCK_MONOTONIC);
			snprintf(req.dest, sizeof(req.dest), "%s", o->dest ? o->dest : "");
			if ((ret = libcr_request(t->pid, t->task.libcr_ctl, &req, o->timeout_sec, &omit))) {
				for (int k = 0; k < i; k++)
					if (tasks[k].task.libcr_ctl && !tasks[k].gone)
						libcr_write_state(tasks[k].pid, tasks[k].task.libcr_ctl, CRI_ABORT);
				return ret;
			}
		}
		if (omit) {
			if (t->pid == o->id) {
				pr_err("process %d asked to be left out of checkpoints (cr_run --omit or CR_CHECKPOINT_OMIT): nothing to checkpoint\n", t->pid);
				return BLCR_EXIT_NOPROC;
			}
			pr_info("pid %d omitted itself from the checkpoint\n", t->pid);
			if (t->task.libcr_ctl)
				libcr_write_state(t->pid, t->task.libcr_ctl, CRI_CONTINUE);
			t->gone = 1;
		}
	}
	return 0;
}

static uint64_t freeze_start;

void blcr_dump_release(int sig, int ok)
{
	for (int i = 0; i < nr_tasks; i++) {
		struct dtask *t = &tasks[i];

		if (t->gone || t->zombie)
			continue;
		if (sig == SIGKILL) {
			kill(t->pid, SIGKILL);
			continue;
		}
		/* callbacks waiting in cr_checkpoint() learn how it ended */
		if (t->task.libcr_ctl)
			libcr_write_state(t->pid, t->task.libcr_ctl, ok ? CRI_CONTINUE : CRI_ABORT);
		if (t->stopped_sig)
			kill(t->pid, t->stopped_sig);
		for (size_t j = 0; j < t->seized.len; j++)
			infect_detach(*vec_at(&t->seized, pid_t, j));
		if (sig)
			kill(t->pid, sig);
	}
}

uint64_t blcr_dump_freeze_ns(void)
{
	return freeze_start ? now_ns(CLOCK_MONOTONIC) - freeze_start : 0;
}

int blcr_dump(const struct dump_opts *o, struct dump_result *res)
{
	struct blcr_img_header hdr;
	struct img_writer w;
	int ret;

	memset(res, 0, sizeof(*res));
	ret = resolve_scope(o);
	if (ret)
		return ret;
	dump_objs_init();
	if ((ret = run_callbacks(o)))
		return ret;
	freeze_start = now_ns(CLOCK_MONOTONIC);
	for (int done = 0, pass = 0; done < nr_tasks; pass++) {
		int before = nr_tasks;

		for (int i = done; i < before; i++) {
			if (tasks[i].gone || tasks[i].zombie)
				continue;
			ret = seize_task(&tasks[i]);
			/* one that died meanwhile is a zombie now (its parent is frozen), or gone */
			if (ret == BLCR_EXIT_NOPROC && tasks[i].pid != o->id && !tasks[i].seized.len && is_zombie(tasks[i].pid) &&
			    kill(tasks[i].pid, 0) == 0) {
				tasks[i].zombie = 1;
				continue;
			}
			/* a descendant that exits while we freeze the tree was never ours to save */
			if (ret == BLCR_EXIT_NOPROC && tasks[i].pid != o->id && !tasks[i].seized.len) {
				pr_info("pid %d exited during the checkpoint; not saved\n", tasks[i].pid);
				tasks[i].gone = 1;
				continue;
			}
			if (ret)
				return ret;
		}
		/* children forked before their parent froze join the tree */
		if (o->scope == BLCR_SCOPE_TREE)
			add_descendants(0);
		done = before;
		if (pass > 8) {
			pr_err("process tree of %d keeps changing; cannot freeze it\n", o->id);
			return BLCR_EXIT_INTERNAL;
		}
	}
	settle_exited_children();
	drop_gone_tasks();
	for (int i = 0; i < nr_tasks; i++)
		if ((ret = collect_task(&tasks[i])))
			return ret;
	link_tasks();
	if ((ret = dump_objs_resolve(tasks, nr_tasks, o->ignore_unsupported)))
		return ret;
	if (iw_open(&w, o->out_fd)) {
		pr_perror("writing the context file");
		return errno == ENOSPC ? BLCR_EXIT_NOSPC : BLCR_EXIT_IO;
	}
	for (int i = 0; i < nr_tasks && !ret; i++) {
		uint64_t np = 0;

		ret = write_task(&tasks[i], &w, &np);
		res->pages += np;
	}
	if (!ret && (iw_section(&w, BLCR_SEC_OBJS, BLCR_GLOBAL, dobjs.objs.data, dobjs.objs.len * sizeof(struct blcr_obj)) ||
		     iw_section(&w, BLCR_SEC_PIPES, BLCR_GLOBAL, dobjs.pipes.data, dobjs.pipes.len * sizeof(struct blcr_pipe)) ||
		     iw_section(&w, BLCR_SEC_PIPEDATA, BLCR_GLOBAL, dobjs.pipedata, dobjs.pipedata_len) ||
		     iw_section(&w, BLCR_SEC_GSTRINGS, BLCR_GLOBAL, dobjs.strings.data, dobjs.strings.len) ||
		     iw_section(&w, BLCR_SEC_WATCHES, BLCR_GLOBAL, dobjs.watches.data, dobjs.watches.len * sizeof(struct blcr_watch))))
		ret = errno == ENOSPC ? BLCR_EXIT_NOSPC : BLCR_EXIT_IO;
	if (!ret) {

		memset(&hdr, 0, sizeof(hdr));
		hdr.arch = BLCR_ARCH_X86_64;
		hdr.created_ns = now_ns(CLOCK_REALTIME);
		hdr.created_mono_ns = now_ns(CLOCK_MONOTONIC);
		{
			char *rel = read_text_file("/proc/sys/kernel/osrelease", NULL);
			char *hn = read_text_file("/proc/sys/kernel/hostname", NULL);

			if (rel)
				snprintf(hdr.kernel_release, sizeof(hdr.kernel_release), "%.*s", (int)strcspn(rel, "\n"), rel);
			if (hn)
				snprintf(hdr.hostname, sizeof(hdr.hostname), "%.*s", (int)strcspn(hn, "\n"), hn);
			free(rel);
			free(hn);
		}
		hdr.nr_tasks = (uint32_t)nr_tasks;
		hdr.xfeatures = arch_xfeatures();
		hdr.xstate_size = arch_xstate_size();
		hdr.scope = (uint32_t)o->scope;
		if (iw_finish(&w, &hdr))
			ret = errno == ENOSPC ? BLCR_EXIT_NOSPC : BLCR_EXIT_IO;
		res->bytes = w.off;
	}
	if (ret == BLCR_EXIT_NOSPC)
		pr_err("no space left on the device holding the context file\n");
	else if (ret == BLCR_EXIT_IO)
		pr_perror("writing the context file");
	iw_free(&w);
	res->nr_tasks = nr_tasks;
	return ret;
}
