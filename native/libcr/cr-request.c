// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Requesting a checkpoint: cr_request_checkpoint runs the engine's cr_checkpoint as a child
 * (found through $BLCR_CR_CHECKPOINT, else <dir of libcr.so>/../bin/cr_checkpoint) with the
 * request's scope, target, fd and signal; the wait/log/reap calls follow that child.
 * A process may checkpoint itself: it lets the child ptrace it (PR_SET_PTRACER) before
 * the child execs. Restarted from that image, the child no longer exists: waitpid() says
 * ECHILD and the reap reports CR_ERESTARTED, BLCR's "restart of a checkpoint that
 * included yourself" (cr-reap.c). The child's stderr goes to a file (opened by the child
 * only, so the requester holds no extra descriptor while it is checkpointed) that
 * cr_log_checkpoint reads.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "libcr-cb.h"

CR_EXPORT int cri_init_checkpoint_args_t(cr_version_t ver, cr_checkpoint_args_t *a)
{
	if (ver != CR_CHECKPOINT_ARGS_VERSION || !a) {
		errno = EINVAL;
		return -1;
	}
	a->cr_version = ver;
	a->cr_scope = (cr_scope_t)-1;	/* must be set by the caller */
	a->cr_target = 0;		/* self */
	a->cr_fd = -1;			/* must be set by the caller */
	a->cr_signal = 0;
	a->cr_timeout = 0;
	a->cr_flags = 0;
	return 0;
}

/* The engine's cr_checkpoint: $BLCR_CR_CHECKPOINT, else next to the library. */
static int find_engine(char *out, size_t len)
{
	const char *env = getenv("BLCR_CR_CHECKPOINT");
	char lib[PATH_MAX];
	Dl_info info;

	if (env && *env) {
		snprintf(out, len, "%s", env);
	} else {
		if (!dladdr((void *)find_engine, &info) || !info.dli_fname ||
		    !realpath(info.dli_fname, lib))
			return -ENOENT;
		snprintf(out, len, "%s/../bin/cr_checkpoint", dirname(lib));
	}
	return access(out, X_OK) == 0 ? 0 : -ENOENT;
}

static int is_ancestor(pid_t pid)
{
	for (pid_t p = getpid(); p > 1;) {
		char path[64], buf[512], *rp;
		int fd, n;

		if (p == pid)
			return 1;
		snprintf(path, sizeof(path), "/proc/%d/stat", (int)p);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return 0;
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n <= 0)
			return 0;
		buf[n] = 0;
		rp = strrchr(buf, ')');
		if (!rp || sscanf(rp + 2, "%*c %d", &p) != 1)
			return 0;
	}
	return 0;
}

static int includes_self(cr_scope_t scope, pid_t target)
{
	switch (scope) {
	case CR_SCOPE_PROC: return target == getpid();
	case CR_SCOPE_TREE: return is_ancestor(target);
	case CR_SCOPE_PGRP: return target == getpgrp();
	case CR_SCOPE_SESS: return target == getsid(0);
	}
	return 0;
}

static const char *const scope_flag[] = { "--pid", "--pgid", "--sid", "--tree" };

/* The child: wait for the go (PR_SET_PTRACER is set), stderr to the log, exec. */
static void __attribute__((noreturn)) child(int go, int fd, const char *engine, char *const argv[], const char *log)
{
	char c;
	int lfd;

	while (read(go, &c, 1) < 0 && errno == EINTR)
		;
	if (fd >= 0)
		fcntl(fd, F_SETFD, 0);
	lfd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (lfd >= 0)
		dup2(lfd, 2);
	execv(engine, argv);
	dprintf(2, "libcr: cannot run %s: %s\n", engine, strerror(errno));
	_exit(127);
}

CR_EXPORT int cr_request_checkpoint(cr_checkpoint_args_t *a, cr_checkpoint_handle_t *handle)
{
	char engine[PATH_MAX], fdbuf[16], sigbuf[16], tbuf[16], pidbuf[16];
	char *argv[16];
	struct cri_request *r;
	pid_t target;
	int go[2], n = 0, err;

	if (!a || !handle || a->cr_version != CR_CHECKPOINT_ARGS_VERSION ||
	    (unsigned int)a->cr_scope > CR_SCOPE_TREE || a->cr_signal < 0 || a->cr_signal >= NSIG) {
		errno = EINVAL;
		return -1;
	}
	if (a->cr_fd != CR_DEST_CWD && (a->cr_fd < 0 || fcntl(a->cr_fd, F_GETFD) < 0)) {
		errno = EBADF;
		return -1;
	}
	target = a->cr_target;
	if (target == 0)
		target = a->cr_scope == CR_SCOPE_PGRP ? getpgrp() :
			 a->cr_scope == CR_SCOPE_SESS ? getsid(0) : getpid();
	if ((a->cr_flags & CR_CHKPT_PROHIBIT_SELF) && includes_self(a->cr_scope, target)) {
		errno = EDEADLK;
		return -1;
	}
	err = find_engine(engine, sizeof(engine));
	if (err) {
		errno = -err;
		return -1;
	}
	r = calloc(1, sizeof(*r));
	if (!r) {
		errno = ENOMEM;
		return -1;
	}
	snprintf(r->log, sizeof(r->log), "/tmp/.libcr-%d-%lx.log", (int)getpid(), (unsigned long)r);
	argv[n++] = engine;
	argv[n++] = (char *)scope_flag[a->cr_scope];
	if (a->cr_fd != CR_DEST_CWD) {
		snprintf(fdbuf, sizeof(fdbuf), "%d", a->cr_fd);
		argv[n++] = "-F";
		argv[n++] = fdbuf;
	}
	if (a->cr_signal) {
		snprintf(sigbuf, sizeof(sigbuf), "%d", a->cr_signal);
		argv[n++] = "-S";
		argv[n++] = sigbuf;
	}
	if (a->cr_timeout) {
		snprintf(tbuf, sizeof(tbuf), "%u", a->cr_timeout);
		argv[n++] = "-t";
		argv[n++] = tbuf;
	}
	snprintf(pidbuf, sizeof(pidbuf), "%d", (int)target);
	argv[n++] = "--";
	argv[n++] = pidbuf;
	argv[n] = NULL;
	if (pipe2(go, O_CLOEXEC) < 0) {
		free(r);
		return -1;
	}
	r->child = fork();
	if (r->child == 0)
		child(go[0], a->cr_fd == CR_DEST_CWD ? -1 : a->cr_fd, engine, argv, r->log);
	err = errno;
	close(go[0]);
	if (r->child < 0) {
		close(go[1]);
		free(r);
		errno = err;
		return -1;
	}
	prctl(PR_SET_PTRACER, (unsigned long)r->child, 0, 0, 0);	/* Yama: let it attach */
	while (write(go[1], "g", 1) < 0 && errno == EINTR)
		;
	close(go[1]);
	*handle = (cr_checkpoint_handle_t)r;
	return 0;
}
