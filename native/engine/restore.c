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
#include <pthread.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>
#include "arch.h"
#include "blcr/exitcodes.h"
#include "blcr/log.h"
#include "libcr-proto.h"
#include "restore-int.h"
#include "restorer/restorer.h"

static const char *step_name(int step)
{
	static const char *names[] = { "?", "releasing cr_restart's rseq area", "moving the vDSO aside",
		"unmapping cr_restart", "mapping memory", "filling memory from the image",
		"verifying page checksums (the page data is corrupted)", "setting memory protections",
		"moving the vDSO into place", "PR_SET_MM_MAP", "per-thread state (rseq, robust list)",
		"signals", "timers", "creating threads", "setting the saved credentials" };

	return step > 0 && step < (int)(sizeof(names) / sizeof(names[0])) ? names[step] : "?";
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
static int finish(struct rtask *img, pid_t *tids, uint64_t hole, uint64_t hole_len, uint64_t gadget)
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

	child_pid = pid;	/* forward() sends here */
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

/*
 * The shared memory object itself, as it was: a memfd under its name, or the kernel's
 * anonymous shmem ("/dev/zero (deleted)") taken from a MAP_SHARED|MAP_ANONYMOUS mapping
 * of our own through map_files (needs CAP_CHECKPOINT_RESTORE; else a memfd stands in).
 */
static int shmem_object(const char *name, uint64_t size)
{
	int fd = -1;

	if (!strncmp(name, "/memfd:", 7)) {
		fd = memfd_create(name + 7, 0);
	} else {
		void *p = mmap(NULL, size ? size : 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		char mf[96];

		if (p != MAP_FAILED) {
			snprintf(mf, sizeof(mf), "/proc/self/map_files/%lx-%lx", (unsigned long)p,
				 (unsigned long)p + (unsigned long)((size + 4095) & ~4095ULL));
			fd = open(mf, O_RDWR);
			munmap(p, size ? size : 4096);
		}
		if (fd >= 0)
			return fd;
		fd = memfd_create("blcr-shmem", 0);
	}
	if (fd >= 0 && ftruncate(fd, (off_t)size)) {
		close(fd);
		fd = -1;
	}
	return fd;
}

/*
 * An unlinked file, unlinked again: an O_TMPFILE in its old directory (a memfd if that
 * is gone) filled with the saved contents, then opened with the saved flags and offset.
 */
static int ghost_file(const struct rimage *img, const struct blcr_obj *b, const char *path)
{
	char dir[4096], proc[64];
	const char *slash = strrchr(path, '/');
	int tmp, fd;

	snprintf(dir, sizeof(dir), "%.*s", slash && slash != path ? (int)(slash - path) : 1, path);
	tmp = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, (mode_t)(b->arg[2] ? b->arg[2] : 0600));
	if (tmp < 0)
		tmp = memfd_create(slash ? slash + 1 : path, MFD_CLOEXEC);
	if (tmp < 0)
		return -1;
	if (b->arg[1] && (b->arg[0] + b->arg[1] > img->pipedata_len ||
			  pwrite(tmp, img->pipedata + b->arg[0], b->arg[1], 0) != (ssize_t)b->arg[1])) {
		close(tmp);
		errno = EIO;
		return -1;
	}
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", tmp);
	/* through the /proc magic link: O_NOFOLLOW (Python's tempfile sets it) would refuse it */
	fd = open(proc, (int)(b->open_flags & ~(O_CREAT | O_EXCL | O_TRUNC | O_NOFOLLOW)) | O_NOCTTY);
	close(tmp);
	if (fd >= 0 && lseek(fd, (off_t)b->pos, SEEK_SET) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * cr_restart's half of the fill: every odd chunk (restorer.h), read from the image and
 * written into the restoring process, which faults its pages in on this core.
 */
void *restore_fill_helper(void *arg)
{
	struct fill_helper *h = arg;
	struct rtask *t = h->t;
	char go, st = 0;
	char *buf = NULL;
	uint64_t k = 0;

	if (read(h->req, &go, 1) != 1)
		return NULL;	/* the restorer died before mapping: the coordinator reports it */
	buf = malloc(RST_FILL_CHUNK);
	for (uint64_t vi = 0; vi < t->nr_vmas && buf && !st; vi++) {
		struct blcr_vma *v = &t->vmas[vi];

		if (v->kind == BLCR_VMA_VDSO || v->kind == BLCR_VMA_VVAR || v->kind == BLCR_VMA_VVAR_VCLOCK ||
		    v->kind == BLCR_VMA_VSYSCALL)
			continue;	/* not among the restorer's vmas */
		for (uint64_t i = 0; i < v->nr_runs && !st; i++) {
			struct blcr_run *run = &t->runs[v->first_run + i];
			uint64_t len = run->nr_pages * BLCR_PAGE_SIZE;

			for (uint64_t off = 0; off < len && !st; off += RST_FILL_CHUNK, k++) {
				uint64_t n = len - off > RST_FILL_CHUNK ? RST_FILL_CHUNK : len - off;
				struct iovec l = { buf, n }, r = { (void *)(run->vaddr + off), n };

				if (!(k & 1))
					continue;
				if (pread(h->img_fd, buf, n, (off_t)(run->data_off + off)) != (ssize_t)n ||
				    process_vm_writev(h->pid, &l, 1, &r, 1, 0) != (ssize_t)n)
					st = 1;
			}
		}
	}
	if (!buf)
		st = 1;
	free(buf);
	if (write(h->done, &st, 1) != 1)
		return NULL;
	return NULL;
}

/* Open every shared object once, above every fd number any process will use. */
static int open_objects(struct restore_shared *sh, char *why, size_t whylen)
{
	struct rimage *img = sh->img;
	int base = 64, *pipefd;

	for (uint32_t ti = 0; ti < img->nr_tasks; ti++)
		for (uint64_t i = 0; i < img->tasks[ti].nr_fds; i++)
			if (img->tasks[ti].fds[i].fd + 64 > base)
				base = img->tasks[ti].fds[i].fd + 64;
	sh->objfd = calloc(img->nr_objs + 1, sizeof(int));
	for (uint64_t i = 0; i < img->nr_objs; i++)
		sh->objfd[i] = -1;
	pipefd = calloc(2 * img->nr_pipes + 2, sizeof(int));
	for (uint64_t i = 0; i < 2 * img->nr_pipes; i++)
		pipefd[i] = -1;
	for (uint64_t i = 0; i < img->nr_objs; i++) {
		struct blcr_obj *b = &img->objs[i];
		const char *saved = rimage_gstr(img, b->path_str);
		char buf[4096];
		const char *path = reloc_apply(sh->o, saved, buf, sizeof(buf));
		int fd = -1;

		switch (b->kind) {
		case BLCR_OBJ_REG:
		case BLCR_OBJ_DEV:
		case BLCR_OBJ_DIR:
			fd = open(path, (int)(b->kind == BLCR_OBJ_DIR ? O_RDONLY | O_DIRECTORY : b->open_flags) | O_NOCTTY);
			if (fd >= 0 && b->kind != BLCR_OBJ_DEV && lseek(fd, (off_t)b->pos, SEEK_SET) < 0) {
				close(fd);
				fd = -1;
			}
			if (fd < 0) {
				snprintf(why, whylen, "cannot reopen %s%s%s: %s%s", path, path != saved ? " (relocated from " : "",
					 path != saved ? saved : "", strerror(errno), path != saved ? ")" : "; if it moved, use --relocate OLD=NEW");
				return errno == ENOENT ? BLCR_EXIT_FILECHANGED : BLCR_EXIT_RESTORE;
			}
			break;
		case BLCR_OBJ_PIPE_R:
		case BLCR_OBJ_PIPE_W: {
			struct blcr_pipe *p = &img->pipes[b->pipe];
			int *ends = &pipefd[2 * b->pipe];

			if (ends[0] < 0) {
				if (p->fifo) {
					const char *fp = reloc_apply(sh->o, rimage_gstr(img, p->path_str), buf, sizeof(buf));

					/* O_RDWR never blocks on a FIFO and keeps it open while we fill it */
					ends[0] = open(fp, O_RDWR | O_NONBLOCK);
					ends[1] = ends[0] >= 0 ? dup(ends[0]) : -1;
					if (ends[0] >= 0 && sh->nr_keepers < 64)
						sh->keeper_fds[sh->nr_keepers++] = ends[0];
				} else if (pipe2(ends, O_NONBLOCK)) {
					ends[0] = ends[1] = -1;
				}
				if (ends[0] < 0) {
					snprintf(why, whylen, "cannot recreate a pipe: %s", strerror(errno));
					return BLCR_EXIT_RESTORE;
				}
				if (p->capacity)
					fcntl(ends[1], F_SETPIPE_SZ, p->capacity);
				if (p->data_len &&
				    write(ends[1], img->pipedata + p->data_off, p->data_len) != (ssize_t)p->data_len) {
					snprintf(why, whylen, "cannot refill a pipe with its %" PRIu64 " saved bytes: %s",
						 p->data_len, strerror(errno));
					return BLCR_EXIT_RESTORE;
				}
			}
			if (p->fifo) {
				const char *fp = reloc_apply(sh->o, rimage_gstr(img, p->path_str), buf, sizeof(buf));

				fd = open(fp, (int)(b->open_flags | O_NONBLOCK));
			} else {
				/* the end pipe(2) made: every holder of this end shares it */
				fd = dup(ends[b->kind == BLCR_OBJ_PIPE_W]);
			}
			if (fd < 0) {
				snprintf(why, whylen, "cannot reopen a pipe end: %s", strerror(errno));
				return BLCR_EXIT_RESTORE;
			}
			fcntl(fd, F_SETFL, (int)(b->open_flags & (O_NONBLOCK | O_APPEND | O_ASYNC | O_DIRECT | O_NOATIME)));
			break;
		}
		case BLCR_OBJ_SHMEM:
			fd = shmem_object(rimage_gstr(img, b->path_str), b->size);
			if (fd < 0) {
				snprintf(why, whylen, "cannot create %" PRIu64 " bytes of shared memory: %s", b->size, strerror(errno));
				return BLCR_EXIT_RESTORE;
			}
			break;
		case BLCR_OBJ_GHOST:
			fd = ghost_file(img, b, reloc_apply(sh->o, saved, buf, sizeof(buf)));
			if (fd < 0) {
				snprintf(why, whylen, "cannot recreate the unlinked file %s: %s", saved, strerror(errno));
				return BLCR_EXIT_RESTORE;
			}
			break;
		case BLCR_OBJ_EVENTFD:
			fd = eventfd((unsigned int)b->arg[0], b->arg[1] ? EFD_SEMAPHORE : 0);
			break;
		case BLCR_OBJ_SIGNALFD: {
			sigset_t set;

			sigemptyset(&set);
			memcpy(&set, &b->arg[0], sizeof(uint64_t));
			fd = signalfd(-1, &set, 0);
			break;
		}
		case BLCR_OBJ_TIMERFD: {
			struct itimerspec its = { { (time_t)b->arg[4], (long)b->arg[5] }, { (time_t)b->arg[2], (long)b->arg[3] } };
			uint64_t ticks = b->arg[1];

			fd = timerfd_create((int)b->arg[0], 0);
			/* the time that was left runs on; ticks not yet read are put back */
			if (fd >= 0 && (its.it_value.tv_sec || its.it_value.tv_nsec))
				timerfd_settime(fd, 0, &its, NULL);
			if (fd >= 0 && ticks)
				ioctl(fd, _IOW('T', 0, uint64_t), &ticks);
			break;
		}
		case BLCR_OBJ_EPOLL:
			fd = epoll_create1(0);
			break;
		case BLCR_OBJ_INOTIFY:
			fd = inotify_init1(0);
			for (uint64_t k = 0; fd >= 0 && k < img->nr_watches; k++) {
				struct blcr_watch *w = &img->watches[k];
				const char *wp;

				if (w->obj != i || w->kind != BLCR_WATCH_INOTIFY)
					continue;
				wp = reloc_apply(sh->o, rimage_gstr(img, w->path_str), buf, sizeof(buf));
				ioctl(fd, _IOW('I', 0, int32_t), &w->tfd);	/* INOTIFY_IOC_SETNEXTWD: same wd */
				if (inotify_add_watch(fd, wp, w->events) < 0) {
					snprintf(why, whylen, "cannot watch %s again with inotify: %s", wp, strerror(errno));
					return errno == ENOENT ? BLCR_EXIT_FILECHANGED : BLCR_EXIT_RESTORE;
				}
			}
			break;
		case BLCR_OBJ_UNIX: {
			int sv[2];
			uint64_t peer = b->arg[1];

			if (sh->objfd[i] >= 0 || peer == BLCR_NONE)
				continue;	/* made with its peer, or nobody holds it any more */
			if (socketpair(AF_UNIX, (int)b->arg[0], 0, sv)) {
				snprintf(why, whylen, "cannot recreate a unix socket pair: %s", strerror(errno));
				return BLCR_EXIT_RESTORE;
			}
			/* what was queued for each end is sent again by its peer */
			if ((b->arg[3] && write(sv[1], img->pipedata + b->arg[2], b->arg[3]) != (ssize_t)b->arg[3]) ||
			    (img->objs[peer].arg[3] &&
			     write(sv[0], img->pipedata + img->objs[peer].arg[2], img->objs[peer].arg[3]) != (ssize_t)img->objs[peer].arg[3])) {
				snprintf(why, whylen, "cannot refill a unix socket pair: %s", strerror(errno));
				return BLCR_EXIT_RESTORE;
			}
			fcntl(sv[1], F_SETFL, (int)(img->objs[peer].open_flags & O_NONBLOCK));
			sh->objfd[peer] = fcntl(sv[1], F_DUPFD, base);
			close(sv[1]);
			fd = sv[0];
			break;
		}
		default:
			snprintf(why, whylen, "object %" PRIu64 " has an unknown kind %u (image from a newer blcr?)", i, b->kind);
			return BLCR_EXIT_BADIMG;
		}
		if (fd < 0) {
			snprintf(why, whylen, "cannot recreate object %" PRIu64 " (kind %u): %s", i, b->kind, strerror(errno));
			return BLCR_EXIT_RESTORE;
		}
		if (b->kind >= BLCR_OBJ_EVENTFD)
			fcntl(fd, F_SETFL, (int)(b->open_flags & O_NONBLOCK));
		sh->objfd[i] = fcntl(fd, F_DUPFD, base);
		close(fd);
		if (sh->objfd[i] < 0) {
			snprintf(why, whylen, "out of file descriptors: %s", strerror(errno));
			return BLCR_EXIT_RESTORE;
		}
	}
	for (uint64_t i = 0; i < 2 * img->nr_pipes; i++)
		if (pipefd[i] >= 0) {
			int keep = 0;

			for (int k = 0; k < sh->nr_keepers; k++)
				keep |= sh->keeper_fds[k] == pipefd[i];
			if (!keep)
				close(pipefd[i]);
		}
	free(pipefd);
	return 0;
}

struct seen {
	pid_t *pids;
	int n, cap;
};

static void seen_add(struct seen *s, pid_t p)
{
	for (int i = 0; i < s->n; i++)
		if (s->pids[i] == p)
			return;
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		s->pids = realloc(s->pids, (size_t)s->cap * sizeof(pid_t));
	}
	s->pids[s->n++] = p;
}

/* All or nothing: a restore that fails leaves no process of the image behind. */
static void kill_all(struct seen *s)
{
	for (int i = 0; i < s->n; i++)
		kill(s->pids[i], SIGKILL);
	while (waitpid(-1, NULL, __WALL) > 0)
		;
}

int blcr_restore(const struct restore_opts *o)
{
	struct restore_shared sh;
	struct rimage img;
	struct seen seen = { 0 };
	char why[1024];
	int go[2], st[2], status, ret, nroots = 0, was_dumpable;
	uint32_t total_threads = 0, trapped = 0, done_tasks = 0, live_tasks = 0;
	char *src_path = realpath(o->path, NULL);	/* cr_get_restart_info() gives the full path */
	static struct fill_helper helper;
	pthread_t helper_thread;
	int helper_started = 0;
	struct rst_status *statuses;
	pid_t **tids, root = -1;
	sigset_t all;

	ret = rimage_load(o->path, &img, why, sizeof(why));
	if (!ret)
		ret = check_cpu(&img, why, sizeof(why));
	if (!ret)
		ret = check_vdso(&img, why, sizeof(why));
	if (!ret)
		ret = check_files(&img, o, why, sizeof(why));
	if (!ret && o->restore_pid)
		ret = check_pids_free(&img, why, sizeof(why));
	for (uint32_t i = 0; !ret && getuid() != 0 && i < img.nr_tasks; i++) {
		const struct blcr_task *k = img.tasks[i].task;

		/* only root may give a process someone else's identity */
		if (k->cred_uid[0] != getuid() || k->cred_uid[1] != getuid() || k->cred_uid[2] != getuid()) {
			snprintf(why, sizeof(why), "process %u of the checkpoint ran as uid %u: only root can restart another user's processes",
				 k->pid, k->cred_uid[1]);
			ret = BLCR_EXIT_PERM;
		}
	}
	memset(&sh, 0, sizeof(sh));
	sh.o = o;
	sh.img = &img;
	if (!ret)
		ret = open_objects(&sh, why, sizeof(why));
	if (ret) {
		pr_err("%s\n", why);
		return ret;
	}
	if (pipe2(go, O_CLOEXEC) || pipe2(st, O_CLOEXEC)) {
		pr_perror("pipe");
		return BLCR_EXIT_INTERNAL;
	}
	/* one big process: cr_restart fills half of its pages on the other core */
	sh.help_req = sh.help_done = -1;
	{
		uint64_t pages = 0;
		int req[2], done[2];

		for (uint64_t i = 0; img.nr_tasks == 1 && i < img.tasks[0].nr_vmas; i++)
			pages += img.tasks[0].vmas[i].nr_pages;
		if (pages >= (64u << 20) / BLCR_PAGE_SIZE && sysconf(_SC_NPROCESSORS_ONLN) > 1 &&
		    !pipe2(req, O_CLOEXEC) && !pipe2(done, O_CLOEXEC)) {
			helper.t = &img.tasks[0];
			helper.img_fd = img.r.fd;
			helper.req = req[0];
			helper.done = done[1];
			sh.help_req = req[1];
			sh.help_done = done[0];
		}
	}
	sh.go_fd = go[0];
	sh.status_fd = st[1];
	tids = calloc(img.nr_tasks, sizeof(*tids));
	statuses = calloc(img.nr_tasks, sizeof(*statuses));
	for (uint32_t i = 0; i < img.nr_tasks; i++) {
		tids[i] = calloc(img.tasks[i].nr_threads + 1, sizeof(pid_t));
		if (!(img.tasks[i].task->flags & BLCR_TASK_ZOMBIE)) {
			total_threads += img.tasks[i].nr_threads + 1;
			live_tasks++;
		}
	}
	/* signals wait until the processes are ours to forward them to */
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, NULL);
	/*
	 * Run with file capabilities (setcap cap_checkpoint_restore+ep), we and our children
	 * are not dumpable, and we could not trace them: be dumpable just while they are
	 * created and seized (the restorer sets each process's own flag).
	 */
	was_dumpable = prctl(PR_GET_DUMPABLE);
	if (was_dumpable != 1)
		prctl(PR_SET_DUMPABLE, 1);
	for (uint32_t i = 0; i < img.nr_tasks; i++) {
		pid_t pid;

		if (img.tasks[i].task->parent_index != BLCR_NONE)
			continue;	/* its parent creates it */
		pid = restore_spawn(&sh, i, 1);
		if (pid < 0) {
			int e = -pid;

			if (e == EEXIST) {
				check_pid_free((pid_t)img.tasks[i].task->pid, why, sizeof(why));
				pr_err("%s\n", why);
			} else if (e == EPERM) {
				pr_err("restoring pid %u needs CAP_CHECKPOINT_RESTORE (or root, or the blcr kernel module); restart with --no-restore-pid to take a new pid\n",
				       img.tasks[i].task->pid);
			} else {
				pr_err("cannot create the process: %s\n", strerror(e));
			}
			kill_all(&seen);
			return e == EEXIST ? BLCR_EXIT_PIDINUSE : e == EPERM ? BLCR_EXIT_PERM : BLCR_EXIT_INTERNAL;
		}
		seen_add(&seen, pid);
		if (root < 0)
			root = pid;
		if (sh.help_req >= 0 && !helper_started) {
			helper.pid = pid;
			helper_started = !pthread_create(&helper_thread, NULL, restore_fill_helper, &helper);
			if (!helper_started && write(helper.done, "\1", 1) != 1)
				pr_info("cannot tell the restorer the fill helper is missing\n");
		}
		if (ptrace(PTRACE_SEIZE, pid, 0, (void *)(long)(PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL |
							    PTRACE_O_TRACECLONE | PTRACE_O_TRACEFORK))) {
			pr_perror("cannot trace the restoring process");
			kill_all(&seen);
			return BLCR_EXIT_INTERNAL;
		}
		nroots++;
	}
	if (was_dumpable != 1)
		prctl(PR_SET_DUMPABLE, was_dumpable);
	for (int i = 0; i < nroots; i++)
		if (write(go[1], "g", 1) != 1)
			break;
	close(go[0]);
	close(st[1]);
	if (sh.help_req >= 0) {
		/* the child has its ends; ours go with the helper thread */
		close(sh.help_req);
		close(sh.help_done);
	}
	for (int k = 0; k < sh.nr_keepers; k++)
		close(sh.keeper_fds[k]);
	for (uint64_t i = 0; i < img.nr_objs; i++)
		if (sh.objfd[i] >= 0)
			close(sh.objfd[i]);
	while (trapped < total_threads) {
		pid_t w = waitpid(-1, &status, __WALL);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			pr_perror("waiting for the restoring processes");
			kill_all(&seen);
			return BLCR_EXIT_INTERNAL;
		}
		seen_add(&seen, w);
		if (WIFEXITED(status) || WIFSIGNALED(status)) {
			struct rst_status rs;
			ssize_t n;

			fcntl(st[0], F_SETFL, O_NONBLOCK);
			while ((n = read(st[0], &rs, sizeof(rs))) == sizeof(rs)) {
				if (!rs.ok) {
					pr_err("restore of process %u failed while %s at 0x%" PRIx64 ": %s\n",
					       rs.task < img.nr_tasks ? img.tasks[rs.task].task->pid : 0, step_name(rs.step),
					       rs.addr, strerror((int)-rs.err));
					kill_all(&seen);
					return rs.step == RST_STEP_VERIFY ? BLCR_EXIT_BADIMG : BLCR_EXIT_RESTORE;
				}
				if (rs.task < img.nr_tasks)
					statuses[rs.task] = rs;
			}
			fcntl(st[0], F_SETFL, 0);
			kill_all(&seen);
			if (WIFEXITED(status))
				return WEXITSTATUS(status) ? WEXITSTATUS(status) : BLCR_EXIT_RESTORE;
			pr_err("a restoring process died from signal %d before it was restored\n", WTERMSIG(status));
			return BLCR_EXIT_RESTORE;
		}
		if (!WIFSTOPPED(status))
			continue;
		if (status >> 16) {	/* fork/clone events, new tasks' initial stops */
			ptrace(PTRACE_CONT, w, 0, 0);
			continue;
		}
		if (WSTOPSIG(status) == SIGTRAP) {
			struct user_regs_struct r;

			/* rdi: thread index (0 = leader), rsi: process index */
			if (ptrace(PTRACE_GETREGS, w, 0, &r) || r.rsi >= img.nr_tasks ||
			    r.rdi > img.tasks[r.rsi].nr_threads || tids[r.rsi][r.rdi]) {
				pr_err("unexpected trap in %d while restoring\n", w);
				kill_all(&seen);
				return BLCR_EXIT_RESTORE;
			}
			tids[r.rsi][r.rdi] = w;
			trapped++;
			continue;
		}
		/* a fault inside a restorer */
		{
			siginfo_t si;
			struct user_regs_struct r;

			memset(&r, 0, sizeof(r));
			ptrace(PTRACE_GETSIGINFO, w, 0, &si);
			ptrace(PTRACE_GETREGS, w, 0, &r);
			pr_err("the restorer crashed (thread %d, signal %d, address %p, ip 0x%llx); the image may not fit this node\n",
			       w, WSTOPSIG(status), si.si_addr, r.rip);
			kill_all(&seen);
			return BLCR_EXIT_RESTORE;
		}
	}
	if (helper_started)
		pthread_join(helper_thread, NULL);
	/* every thread of every process is at its trap: collect the restorers' reports */
	while (done_tasks < live_tasks) {
		struct rst_status rs;

		if (read(st[0], &rs, sizeof(rs)) != sizeof(rs) || !rs.ok || rs.task >= img.nr_tasks) {
			pr_err("a restorer stopped without finishing\n");
			kill_all(&seen);
			return BLCR_EXIT_RESTORE;
		}
		statuses[rs.task] = rs;
		done_tasks++;
	}
	close(st[0]);
	for (uint32_t i = 0; i < img.nr_tasks; i++) {
		struct rst_status *rs = &statuses[i];

		if (img.tasks[i].task->flags & BLCR_TASK_ZOMBIE)
			continue;
		if ((ret = finish(&img.tasks[i], tids[i], rs->hole_start, rs->hole_len, find_gadget(rs->hole_start)))) {
			pr_err("could not hand process %u its registers: %s\n", img.tasks[i].task->pid, strerror(-ret));
			kill_all(&seen);
			return BLCR_EXIT_RESTORE;
		}
	}
	for (uint32_t i = 0; i < img.nr_tasks; i++) {
		if (img.tasks[i].task->flags & BLCR_TASK_ZOMBIE)
			continue;
		/* libcr's callbacks, waiting in cr_checkpoint(), will see "restarted" */
		if (img.tasks[i].task->libcr_ctl &&
		    libcr_mark_restarted(tids[i][0], img.tasks[i].task->libcr_ctl, src_path ? src_path : o->path))
			pr_info("process %u: could not tell libcr it was restarted\n", img.tasks[i].task->pid);
		if (img.tasks[i].task->flags & BLCR_TASK_STOPPED)
			kill(tids[i][0], SIGSTOP);
		for (uint32_t j = 0; j <= img.tasks[i].nr_threads; j++) {
			if (ptrace(PTRACE_DETACH, tids[i][j], 0, 0)) {
				pr_perror("detaching from the restored process %d", tids[i][j]);
				kill_all(&seen);
				return BLCR_EXIT_RESTORE;
			}
		}
	}
	for (uint32_t i = 0; i < img.nr_tasks; i++)
		if (o->signal_after && !(img.tasks[i].task->flags & BLCR_TASK_ZOMBIE))
			kill(tids[i][0], o->signal_after);
	pr_info("restored %u process(es), root pid %d\n", img.nr_tasks, root);
	rimage_free(&img);
	if (o->on_success) {
		int hs = system(o->on_success);

		/* BLCR: a failing success hook makes cr_restart exit at once, without waiting */
		if (hs != -1 && WIFEXITED(hs) && WEXITSTATUS(hs))
			exit(WEXITSTATUS(hs));
	}
	/* mirror() installs the forwarding handlers, then unblocks signals */
	mirror(root);
}
