// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The restoring child, before it gives itself to the restorer: it reopens the files the
 * process had (at the same fd numbers), prepares everything the restorer cannot do
 * without libc (open files to map, memfds for shared memory), finds a hole no saved
 * mapping uses, lays out the restorer's arguments there and jumps.
 */
#define _GNU_SOURCE
#define LOG_PREFIX ""
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/resource.h>
#include <sys/rseq.h>
#include <sys/stat.h>
#include <unistd.h>
#include "blcr/exitcodes.h"
#include "blcr/log.h"
#include <linux/sched.h>
#include <sys/syscall.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include "kmod/uapi/blcr.h"
#include "restore-int.h"
#include "restorer/restorer.h"

#define HOLE_STACK (128 * 1024)
#define THREAD_STACK (16 * 1024)
#define PAGE_UP(x) (((x) + 4095) & ~4095ULL)

struct range { uint64_t s, e; };

static void __attribute__((noreturn)) die(int code)
{
	_exit(code);
}

static int cmp_range(const void *a, const void *b)
{
	const struct range *x = a, *y = b;

	return x->s < y->s ? -1 : x->s > y->s;
}

/* A free range of len bytes that neither we nor the checkpointed process use. */
static uint64_t find_hole(const struct rtask *img, uint64_t len)
{
	char *maps = read_text_file("/proc/self/maps", NULL), *l;
	struct vec rs;
	uint64_t cand = 0x100000000ULL;	/* above 4 GiB: clear of small static binaries */

	vec_init(&rs, sizeof(struct range));
	for (uint64_t i = 0; i < img->nr_vmas; i++) {
		struct range *r = vec_push(&rs);

		r->s = img->vmas[i].start;
		r->e = img->vmas[i].end;
	}
	for (l = maps; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		struct range *r = vec_push(&rs);

		if (sscanf(l, "%" SCNx64 "-%" SCNx64, &r->s, &r->e) != 2)
			rs.len--;
	}
	free(maps);
	qsort(rs.data, rs.len, sizeof(struct range), cmp_range);
	for (size_t i = 0; i < rs.len; i++) {
		struct range *r = vec_at(&rs, struct range, i);

		if (r->e <= cand)
			continue;
		if (r->s >= cand + len + 4096)
			break;
		cand = PAGE_UP(r->e) + 4096;
	}
	vec_free(&rs);
	return cand + len < 0x7ffffffff000ULL ? cand : 0;
}

static int fd_high;	/* next number for helper fds, above every fd the process had */
static int stdio_saved[3] = { -1, -1, -1 };	/* cr_restart's stdio, before any fd is restored */

static int move_high(int fd)
{
	int n = fcntl(fd, F_DUPFD_CLOEXEC, fd_high);

	if (n < 0) {
		pr_perror("cannot move helper fd %d", fd);
		die(BLCR_EXIT_RESTORE);
	}
	close(fd);
	fd_high = n + 1;
	return n;
}

static int open_at(int target, const char *path, int flags, uint64_t pos, int seek)
{
	int fd = open(path, flags | O_NOCTTY);

	if (fd < 0)
		return -errno;
	if (seek && lseek(fd, (off_t)pos, SEEK_SET) < 0 && errno != ESPIPE) {
		close(fd);
		return -errno;
	}
	if (fd != target) {
		if (dup2(fd, target) < 0) {
			close(fd);
			return -errno;
		}
		close(fd);
	}
	return 0;
}

static void restore_fds(struct restore_shared *sh, uint32_t ti, struct rtask *t, int *keep, int nkeep)
{
	for (uint64_t i = 0; i < t->nr_fds; i++) {
		const struct blcr_fd *f = &t->fds[i];
		int ret = 0;

		if (f->fd < 0)
			continue;	/* dropped at checkpoint (--ignore-unsupported) */
		switch (f->kind) {
		case BLCR_FD_OBJ:
			/* the description cr_restart opened once, shared as it was */
			if (dup2(sh->objfd[f->obj], f->fd) < 0)
				ret = -errno;
			break;
		case BLCR_FD_SHMEM: {
			/* its own description (offset, flags) of the shared memory object */
			char proc[64];

			snprintf(proc, sizeof(proc), "/proc/self/fd/%d", sh->objfd[f->obj]);
			ret = open_at(f->fd, proc, (int)(f->open_flags & ~O_NOFOLLOW), f->pos, 1);
			break;
		}
		case BLCR_FD_TTY:
			/* BLCR: a terminal maps to cr_restart's terminal */
			if (isatty(f->fd))
				break;
			if (open_at(f->fd, "/dev/tty", (int)(f->open_flags & O_ACCMODE), 0, 0))
				ret = open_at(f->fd, "/dev/null", O_RDWR, 0, 0);
			break;
		case BLCR_FD_INHERIT: {
			/* a pipe or socket to outside: cr_restart's own stdio takes its place */
			int from = f->inherit_from >= 0 && f->inherit_from <= 2 ? stdio_saved[f->inherit_from] : -1;

			if (from >= 0)
				ret = dup2(from, f->fd) < 0 ? -errno : 0;
			else
				ret = open_at(f->fd, "/dev/null", O_RDWR, 0, 0);
			break;
		}
		default:
			pr_err("process %u: fd %d has an unknown kind %u (image from a newer blcr?)\n", t->task->pid, f->fd, f->kind);
			die(BLCR_EXIT_BADIMG);
		}
		if (ret) {
			errno = -ret;
			pr_perror("process %u: cannot restore fd %d (%s)", t->task->pid, f->fd, rtask_str(t, f->path_str));
			die(BLCR_EXIT_FILECHANGED);
		}
		if (fcntl(f->fd, F_SETFD, f->fd_flags) < 0) {
			pr_perror("fd %d", f->fd);
			die(BLCR_EXIT_RESTORE);
		}
	}
	/* epoll watch lists name fds of this process: they exist now */
	for (uint64_t i = 0; i < sh->img->nr_watches; i++) {
		struct blcr_watch *w = &sh->img->watches[i];
		struct epoll_event ev = { .events = w->events, .data.u64 = w->data };

		if (w->kind != BLCR_WATCH_EPOLL || w->task != ti)
			continue;
		if (epoll_ctl(sh->objfd[w->obj], EPOLL_CTL_ADD, w->tfd, &ev) && errno != EEXIST)
			pr_info("process %u: epoll watch on fd %d not restored: %s\n", t->task->pid, w->tfd, strerror(errno));
	}
	/* nothing else of cr_restart's may leak into the restored process */
	{
		DIR *d = opendir("/proc/self/fd");
		struct dirent *de;
		int dfd = d ? dirfd(d) : -1;
		int close_list[4096], n = 0;

		while (d && (de = readdir(d)) && n < 4096) {
			int fd = atoi(de->d_name), wanted = 0;

			if (de->d_name[0] == '.' || fd == dfd)
				continue;
			for (uint64_t i = 0; i < t->nr_fds; i++)
				wanted |= t->fds[i].fd == fd;
			for (int i = 0; i < nkeep; i++)
				wanted |= keep[i] == fd;
			if (!wanted)
				close_list[n++] = fd;
		}
		if (d)
			closedir(d);
		for (int i = 0; i < n; i++)
			close(close_list[i]);
	}
}

static pid_t clone_pid(pid_t pid)
{
	struct clone_args ca;
	pid_t tid = pid;

	memset(&ca, 0, sizeof(ca));
	ca.exit_signal = SIGCHLD;
	if (pid > 0) {
		ca.set_tid = (uint64_t)(uintptr_t)&tid;
		ca.set_tid_size = 1;
	}
	return (pid_t)syscall(SYS_clone3, &ca, sizeof(ca));
}

static void __attribute__((noreturn)) task_main(struct restore_shared *sh, uint32_t ti, int is_root);

static pid_t clone_pid(pid_t pid);

/*
 * Without CAP_CHECKPOINT_RESTORE, blcr.ko's /dev/blcr forks a child with the wanted pid
 * in our own pid namespace (only if it is free): BLCR's "root installs, anyone restarts
 * their own processes".
 */
static pid_t module_fork_pid(pid_t want)
{
	struct blcr_fork_pid req = { .pid = want, .flags = 0 };
	int fd = open(BLCR_DEVICE, O_RDWR | O_CLOEXEC);
	pid_t pid = -1;

	if (fd < 0) {
		errno = EPERM;
		return -1;
	}
	for (int tries = 0; tries < 3; tries++) {
		pid = (pid_t)ioctl(fd, BLCR_IOC_FORK_PID, &req);
		if (pid == 0) {
			close(fd);
			if (syscall(SYS_getpid) != want)
				_exit(BLCR_EXIT_RESTORE);	/* raced: the module already sent SIGKILL */
			return 0;
		}
		if (pid < 0 || pid == want)
			break;
		waitpid(pid, NULL, __WALL);	/* another fork took the pid first: reap, retry */
	}
	if (pid < 0 && errno == EOPNOTSUPP) {
		/* IBT kernels: the module only reserves the pid; we fork, check, retry */
		for (int tries = 0; tries < 5; tries++) {
			if (ioctl(fd, BLCR_IOC_RESERVE_PID, &req) < 0)
				break;
			pid = clone_pid(0);
			if (pid == 0) {
				close(fd);
				if (syscall(SYS_getpid) != want)
					_exit(BLCR_EXIT_RESTORE);	/* lost the race: this child goes */
				return 0;
			}
			if (pid < 0 || pid == want)
				break;
			waitpid(pid, NULL, __WALL);
			pid = -1;
			errno = EAGAIN;
		}
	}
	if (pid < 0 && errno == EBUSY)
		errno = EEXIST;
	close(fd);
	return pid;
}

pid_t restore_spawn(struct restore_shared *sh, uint32_t ti, int is_root)
{
	pid_t want = sh->o->restore_pid ? (pid_t)sh->img->tasks[ti].task->pid : 0;
	pid_t pid = clone_pid(want);

	if (pid < 0 && errno == EPERM && want)
		pid = module_fork_pid(want);
	if (pid == 0)
		task_main(sh, ti, is_root);
	return pid < 0 ? -errno : pid;
}

/*
 * An exited child its parent had not reaped: a process with its pid that exits at once
 * with the saved status (untraced: cr_restart has nothing to restore in it), waited for
 * with WNOWAIT so it is a zombie again before the parent runs.
 */
static int spawn_zombie(struct restore_shared *sh, const struct blcr_task *c)
{
	struct clone_args ca;
	pid_t tid = (pid_t)c->pid, pid;
	siginfo_t si;

	memset(&ca, 0, sizeof(ca));
	ca.flags = CLONE_UNTRACED;
	ca.exit_signal = SIGCHLD;
	if (sh->o->restore_pid) {
		ca.set_tid = (uint64_t)(uintptr_t)&tid;
		ca.set_tid_size = 1;
	}
	pid = (pid_t)syscall(SYS_clone3, &ca, sizeof(ca));
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int status = c->exit_code;

		if (WIFSIGNALED(status)) {
			sigset_t all;

			prctl(PR_SET_DUMPABLE, 0);	/* no core file for a replayed death */
			signal(WTERMSIG(status), SIG_DFL);
			sigemptyset(&all);
			sigprocmask(SIG_SETMASK, &all, NULL);
			kill((pid_t)syscall(SYS_getpid), WTERMSIG(status));
		}
		_exit(WEXITSTATUS(status));
	}
	return waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT);
}

/* Join the saved process group; its leader may still be on its way. */
static void join_pgid(const struct rtask *t)
{
	pid_t pgid = (pid_t)t->task->pgid, me = (pid_t)syscall(SYS_getpid);

	if (pgid == me) {
		setpgid(0, 0);
		return;
	}
	for (int i = 0; i < 2000; i++) {
		if (!setpgid(0, pgid) || errno != EPERM)
			return;
		usleep(1000);
	}
	pr_info("process %u: could not rejoin process group %d\n", t->task->pid, pgid);
}

static void __attribute__((noreturn)) task_main(struct restore_shared *sh, uint32_t ti, int is_root)
{
	const struct restore_opts *o = sh->o;
	struct rtask *img = &sh->img->tasks[ti];
	int go_fd = sh->go_fd, status_fd = sh->status_fd;
	struct blcr_task *k = img->task;
	struct restore_args *a;
	struct rlimit nofile;
	uint64_t blob_len = (uint64_t)(blcr_restorer_blob_end - blcr_restorer_blob);
	uint64_t args_len, park_len = 0, hole_len, hole, cur_s[3] = { 0 }, cur_e[3] = { 0 };
	int keep[RST_MAX_CLOSE], nkeep = 0, maxfd = 2, img_fd, exe_fd = -1;
	char go, buf[4096];
	sigset_t all;

	/* a root waits until cr_restart holds it; children are traced from birth */
	if (is_root && read(go_fd, &go, 1) != 1)
		die(BLCR_EXIT_RESTORE);
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, NULL);
	/* a session leader makes its session before anyone who must inherit it exists */
	if (o->restore_sid && k->sid == k->pid)
		setsid();
	if (o->restore_pgid)
		join_pgid(img);
	for (uint32_t j = ti + 1; j < sh->img->nr_tasks; j++) {
		const struct blcr_task *c = sh->img->tasks[j].task;

		if (c->parent_index != ti)
			continue;
		if ((c->flags & BLCR_TASK_ZOMBIE) ? spawn_zombie(sh, c) : restore_spawn(sh, j, 0) < 0) {
			pr_perror("process %u: cannot create its child %u", k->pid, c->pid);
			die(errno == EEXIST ? BLCR_EXIT_PIDINUSE : BLCR_EXIT_RESTORE);
		}
	}
	/* the zombies' SIGCHLDs are not news: only the saved pending signals come back */
	{
		sigset_t chld;
		struct timespec zero = { 0, 0 };

		sigemptyset(&chld);
		sigaddset(&chld, SIGCHLD);
		while (sigtimedwait(&chld, NULL, &zero) > 0)
			;
	}
	if (!getrlimit(RLIMIT_NOFILE, &nofile)) {
		nofile.rlim_cur = nofile.rlim_max;
		setrlimit(RLIMIT_NOFILE, &nofile);
	}
	for (uint64_t i = 0; i < img->nr_fds; i++)
		if (img->fds[i].fd > maxfd)
			maxfd = img->fds[i].fd;
	fd_high = maxfd + 1 > 100 ? maxfd + 1 : 100;
	for (int i = 0; i < 3; i++) {
		stdio_saved[i] = fcntl(i, F_DUPFD_CLOEXEC, fd_high);
		if (stdio_saved[i] >= 0) {
			fd_high = stdio_saved[i] + 1;
			keep[nkeep++] = stdio_saved[i];
		}
	}
	img_fd = move_high(dup(sh->img->r.fd));
	status_fd = move_high(status_fd);
	keep[nkeep++] = img_fd;
	for (int i = 0; i < 2; i++) {
		int fd = i ? sh->help_done : sh->help_req;

		if (fd >= 0)
			keep[nkeep++] = fd;
	}
	keep[nkeep++] = status_fd;

	/* files to map and shared memory objects, opened while we still have libc */
	{
		int *vfd = calloc(img->nr_vmas + 1, sizeof(int));

		for (uint64_t i = 0; i < img->nr_vmas; i++) {
			struct blcr_vma *v = &img->vmas[i];
			const char *path = reloc_apply(o, rtask_str(img, v->path_str), buf, sizeof(buf));

			vfd[i] = -1;
			if (v->kind == BLCR_VMA_FILE_PRIVATE || v->kind == BLCR_VMA_FILE_SHARED) {
				int flags = v->kind == BLCR_VMA_FILE_SHARED && (v->prot & PROT_WRITE) ? O_RDWR : O_RDONLY;
				int fd = open(path, flags | O_CLOEXEC);

				if (fd < 0) {
					pr_perror("cannot open %s to map it", path);
					die(BLCR_EXIT_FILECHANGED);
				}
				vfd[i] = move_high(fd);
			} else if (v->kind == BLCR_VMA_SHMEM) {
				vfd[i] = sh->objfd[v->shmem_obj];	/* the one memfd every sharer maps */
			}
			if (vfd[i] >= 0) {
				if (nkeep >= RST_MAX_CLOSE) {
					pr_err("too many mapped files (%d)\n", nkeep);
					die(BLCR_EXIT_RESTORE);
				}
				keep[nkeep++] = vfd[i];
			}
		}
		if (k->exe_str) {
			const char *exe = reloc_apply(o, rtask_str(img, k->exe_str), buf, sizeof(buf));
			int fd = open(exe, O_RDONLY | O_CLOEXEC);

			if (fd >= 0) {
				exe_fd = move_high(fd);
				keep[nkeep++] = exe_fd;
			}
		}
		restore_fds(sh, ti, img, keep, nkeep);
		/* cwd, umask, personality */
		if (k->cwd_str) {
			const char *cwd = reloc_apply(o, rtask_str(img, k->cwd_str), buf, sizeof(buf));

			if (chdir(cwd)) {
				pr_perror("cannot enter the saved working directory %s", cwd);
				die(BLCR_EXIT_FILECHANGED);
			}
		}
		umask(k->umask);
		personality(k->personality);

		/* the hole: blob, args, vma and run tables, signals, stack, vdso parking */
		{
			char *maps = read_text_file("/proc/self/maps", NULL), *l;

			for (l = maps; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
				const char *nl = strchr(l, '\n');
				size_t n = nl ? (size_t)(nl - l) : strlen(l);
				int idx = memmem(l, n, "[vvar]", 6) ? RST_VVAR : memmem(l, n, "[vvar_vclock]", 13) ? RST_VCLOCK
					: memmem(l, n, "[vdso]", 6) ? RST_VDSO : -1;

				if (idx >= 0)
					sscanf(l, "%" SCNx64 "-%" SCNx64, &cur_s[idx], &cur_e[idx]);
			}
			free(maps);
		}
		for (int i = 0; i < RST_NR_SPECIAL; i++)
			park_len += cur_e[i] - cur_s[i];
		args_len = PAGE_UP(sizeof(*a) + img->nr_vmas * sizeof(struct rst_vma) +
				   img->nr_runs * sizeof(struct blcr_run) + img->nr_sigpending * sizeof(struct blcr_siginfo) +
				   img->nr_threads * sizeof(struct rst_thread) + 64);
		hole_len = PAGE_UP(blob_len) + args_len + HOLE_STACK + PAGE_UP(park_len) +
			   (uint64_t)img->nr_threads * THREAD_STACK;
		hole = find_hole(img, hole_len);
		if (!hole || mmap((void *)hole, hole_len, PROT_READ | PROT_WRITE | PROT_EXEC,
				  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0) != (void *)hole) {
			pr_perror("no room for the restorer (%" PRIu64 " bytes)", hole_len);
			die(BLCR_EXIT_RESTORE);
		}
		memcpy((void *)hole, blcr_restorer_blob, blob_len);
		a = (struct restore_args *)(hole + PAGE_UP(blob_len));
		memset(a, 0, sizeof(*a));
		a->hole_start = hole;
		a->hole_len = hole_len;
		a->task = ti;
		a->park = hole + PAGE_UP(blob_len) + args_len + HOLE_STACK;
		a->img_fd = img_fd;
		a->help_req = sh->help_req;
		a->help_done = sh->help_done;
		a->status_fd = status_fd;
		a->exe_fd = exe_fd;
		a->verify = o->verify;
		if (__rseq_size) {
			a->self_rseq_ptr = (uint64_t)((char *)__builtin_thread_pointer() + __rseq_offset);
			a->self_rseq_len = __rseq_size < 32 ? 32 : __rseq_size;
			a->self_rseq_sig = RSEQ_SIG;
		}
		for (int i = 0; i < RST_NR_SPECIAL; i++) {
			a->special[i].cur = cur_s[i];
			a->special[i].len = cur_e[i] - cur_s[i];
		}
		a->vmas = (struct rst_vma *)(a + 1);
		a->runs = (struct blcr_run *)(a->vmas + img->nr_vmas);
		a->sigpending = (struct blcr_siginfo *)(a->runs + img->nr_runs);
		a->threads = (struct rst_thread *)(a->sigpending + img->nr_sigpending);
		a->nr_threads = img->nr_threads;
		for (uint32_t i = 0; i < img->nr_threads; i++) {
			struct rst_thread *t = &a->threads[i];

			t->st = img->threads[i].st;
			t->index = (int32_t)i + 1;
			t->restore_tid = o->restore_pid;
			t->args = a;
			/* thread stacks sit after the vdso parking area */
			t->stack_top = a->park + PAGE_UP(park_len) + (uint64_t)(i + 1) * THREAD_STACK;
		}
		for (uint64_t i = 0; i < img->nr_vmas; i++) {
			struct blcr_vma *v = &img->vmas[i];
			struct rst_vma *r = &a->vmas[a->nr_vmas];

			if (v->kind == BLCR_VMA_VVAR || v->kind == BLCR_VMA_VVAR_VCLOCK || v->kind == BLCR_VMA_VDSO) {
				int idx = v->kind == BLCR_VMA_VVAR ? RST_VVAR : v->kind == BLCR_VMA_VVAR_VCLOCK ? RST_VCLOCK : RST_VDSO;

				a->special[idx].dst = v->start;
				continue;
			}
			if (v->kind == BLCR_VMA_VSYSCALL)
				continue;
			r->start = v->start;
			r->end = v->end;
			r->pgoff = v->pgoff;
			r->prot = v->prot;
			r->kind = v->kind;
			r->flags = v->flags;
			r->fd = vfd[i];
			r->first_run = v->first_run;
			r->nr_runs = v->nr_runs;
			r->csum = v->pages_csum;
			a->nr_vmas++;
		}
		free(vfd);
	}
	memcpy(a->runs, img->runs, img->nr_runs * sizeof(struct blcr_run));
	memcpy(a->sigpending, img->sigpending, img->nr_sigpending * sizeof(struct blcr_siginfo));
	a->nr_sigpending = img->nr_sigpending;
	a->start_code = k->start_code;
	a->end_code = k->end_code;
	a->start_data = k->start_data;
	a->end_data = k->end_data;
	a->start_brk = k->start_brk;
	a->brk = k->brk;
	a->start_stack = k->start_stack;
	a->arg_start = k->arg_start;
	a->arg_end = k->arg_end;
	a->env_start = k->env_start;
	a->env_end = k->env_end;
	memcpy(a->auxv, k->auxv, sizeof(a->auxv));
	a->auxv_words = k->auxv_words;
	a->thread = k->main;
	memcpy(a->itimers, k->itimers, sizeof(a->itimers));
	memcpy(a->rlimits, k->rlimits, sizeof(a->rlimits));
	memcpy(a->sigact, img->sigact, sizeof(a->sigact));
	memcpy(a->comm, k->comm, sizeof(a->comm));
	a->dumpable = k->dumpable;
	a->thp_disable = k->thp_disable;
	memcpy(a->cred_uid, k->cred_uid, sizeof(a->cred_uid));
	memcpy(a->cred_gid, k->cred_gid, sizeof(a->cred_gid));
	a->ngroups = k->ngroups > 64 ? 64 : k->ngroups;
	memcpy(a->groups, k->groups, sizeof(a->groups));
	a->set_groups = geteuid() == 0;
	for (int i = 0; i < nkeep; i++)
		if (keep[i] != status_fd)
			a->close_fds[a->nr_close++] = keep[i];

	/* off we go: the stack top is the end of the stack area, 16-byte aligned */
	{
		uint64_t sp = a->park - 64 - 8;	/* as if called: rsp+8 is 16-byte aligned */

		/* fixed registers: the compiler must not hand us rbp, which we clear */
		__asm__ volatile("mov %0, %%rsp\n\t"
				 "xor %%ebp, %%ebp\n\t"
				 "jmp *%%rax\n\t"
				 :
				 : "r"(sp), "D"(a), "a"(hole)
				 : "memory");
	}
	__builtin_unreachable();
}
