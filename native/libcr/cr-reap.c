// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Following a checkpoint request (cr-request.c): cr_wait/log/reap/poll_checkpoint and
 * BLCR's deprecated self-checkpoint helpers. The engine's exit status becomes the reap's
 * errno; a checkpointer that does not exist (ECHILD) means this process is the restart of
 * the image it was asked for: CR_ERESTARTED.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "libcr-cb.h"

/* the deprecated helpers below call each other */
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

static struct cri_request *req_of(cr_checkpoint_handle_t *h)
{
	if (!h || !*h) {
		errno = EINVAL;
		return NULL;
	}
	return (struct cri_request *)*h;
}

/* 1 done, 0 still running. */
static int poll_child(struct cri_request *r, int block)
{
	while (!r->done) {
		pid_t p = waitpid(r->child, &r->status, block ? 0 : WNOHANG);

		if (p == r->child) {
			r->done = 1;
		} else if (p < 0 && errno == ECHILD) {
			/* our checkpointer does not exist: we are the restart of that image */
			r->done = r->restarted = 1;
		} else if (p == 0) {
			return 0;
		}
		/* EINTR (the checkpoint signal itself): go on waiting */
	}
	return 1;
}

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

CR_EXPORT int cr_wait_checkpoint(cr_checkpoint_handle_t *h, struct timeval *tv)
{
	struct cri_request *r = req_of(h);
	long long deadline;

	if (!r)
		return -1;
	if (!tv)
		return poll_child(r, 1);
	deadline = now_us() + tv->tv_sec * 1000000LL + tv->tv_usec;
	while (!poll_child(r, 0)) {
		long long left = deadline - now_us();
		struct timespec ts = { 0, 2000000L };

		if (left <= 0) {
			tv->tv_sec = tv->tv_usec = 0;
			return 0;
		}
		nanosleep(&ts, NULL);
	}
	return 1;
}

CR_EXPORT int cr_log_checkpoint(cr_checkpoint_handle_t *h, unsigned int len, char *msg)
{
	struct cri_request *r = req_of(h);
	struct stat st;
	int fd, n = 0;

	if (!r)
		return -1;
	fd = open(r->log, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0 || st.st_size == 0) {
		if (fd >= 0)
			close(fd);
		if (len && msg)
			msg[0] = 0;
		return 0;
	}
	if (len && msg) {
		n = read(fd, msg, len - 1);
		msg[n > 0 ? n : 0] = 0;
	}
	close(fd);
	return (int)st.st_size + 1;
}

/* The engine's exit status as an errno value (BLCR's CR_E* codes come back as 50..61). */
static int errno_of(int status)
{
	int code;

	if (!WIFEXITED(status))
		return EIO;
	code = WEXITSTATUS(status);
	if (code >= (CR_ETEMPFAIL & 0xff) && code <= (CR_ENOINIT & 0xff))
		return (CR_MIN_ERRCODE & ~0xff) + code;
	switch (code) {
	case 255: return EINVAL;
	case 127: return ENOENT;
	case 73: return ENOSYS;
	case 70: case 74: return EIO;
	}
	return code;
}

CR_EXPORT int cr_reap_checkpoint(cr_checkpoint_handle_t *h)
{
	struct cri_request *r = req_of(h);
	int err;

	if (!r)
		return -1;
	if (!poll_child(r, 0)) {
		errno = EAGAIN;
		return -1;
	}
	prctl(PR_SET_PTRACER, 0, 0, 0, 0);
	unlink(r->log);
	err = r->restarted ? CR_ERESTARTED :
	      (WIFEXITED(r->status) && WEXITSTATUS(r->status) == 0) ? 0 : errno_of(r->status);
	free(r);
	*h = 0;
	if (err) {
		errno = err;
		return -1;
	}
	return 1;
}

CR_EXPORT int cr_poll_checkpoint_msg(cr_checkpoint_handle_t *h, struct timeval *tv, char **msg_p)
{
	int rc = cr_wait_checkpoint(h, tv), len;

	if (rc == 0)
		return 0;
	if (rc < 0)
		return CR_POLL_CHKPT_ERR_PRE;
	if (msg_p) {
		len = cr_log_checkpoint(h, 0, NULL);
		*msg_p = NULL;
		if (len > 0) {
			*msg_p = malloc(len);
			if (!*msg_p || cr_log_checkpoint(h, len, *msg_p) < 0)
				return CR_POLL_CHKPT_ERR_LOG;
		}
	}
	if (cr_reap_checkpoint(h) < 0)
		return CR_POLL_CHKPT_ERR_POST;
	return 1;
}

CR_EXPORT int cr_poll_checkpoint(cr_checkpoint_handle_t *h, struct timeval *tv)
{
	return cr_poll_checkpoint_msg(h, tv, NULL);
}

/* Deprecated BLCR helpers: checkpoint oneself (CR_SCOPE_PROC) and wait for it. */
CR_EXPORT void cr_request_fd(int fd)
{
	cr_checkpoint_args_t a;
	cr_checkpoint_handle_t h;

	if (cr_initialize_checkpoint_args_t(&a) < 0)
		return;
	a.cr_scope = CR_SCOPE_PROC;
	a.cr_fd = fd;
	if (cr_request_checkpoint(&a, &h) < 0)
		return;
	cr_poll_checkpoint(&h, NULL);
}

CR_EXPORT void cr_request_file(const char *filename)
{
	int fd = open(filename, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0400);

	if (fd < 0)
		return;
	cr_request_fd(fd);
	close(fd);
}

CR_EXPORT void cr_request(void)
{
	char name[32];

	snprintf(name, sizeof(name), "context.%d", (int)getpid());
	cr_request_file(name);
}
