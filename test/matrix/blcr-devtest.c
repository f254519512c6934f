// SPDX-License-Identifier: GPL-2.0
/*
 * blcr-devtest: exercise /dev/blcr inside a matrix guest (static, run as root).
 * Prints BLCR-DEV lines; exit 0 when every check held.
 *  - ABI and status (verified flag, symbol count, release == uname -r)
 *  - BLCR_IOC_FORK_PID as root and as uid 1000: the child gets the pid asked for
 *  - a pid in use (1, our own) gives EBUSY; pid 0 and unknown flags give EINVAL
 *  - inside a new pid namespace the pid is taken in that namespace, not outside
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../native/kmod/uapi/blcr.h"

static int dev = -1;

static long fork_pid(pid_t pid, unsigned int flags)
{
	struct blcr_fork_pid req = { .pid = pid, .flags = flags };

	return ioctl(dev, BLCR_IOC_FORK_PID, &req);
}

static pid_t free_pid(pid_t from)
{
	for (pid_t p = from; p < from + 1000; p++)
		if (kill(p, 0) < 0 && errno == ESRCH)
			return p;
	return -1;
}

/* fork with a chosen pid; the child reports whether it got it */
static int fork_at(pid_t want)
{
	long got = fork_pid(want, 0);
	int st;

	if (got == 0)
		_exit(getpid() == want ? 0 : 3);
	if (got < 0) {
		printf("BLCR-DEVLOG fork_pid(%d) as uid %d in pid %d: %s\n", want, getuid(), getpid(),
		       strerror(errno));
		return -errno;
	}
	if (waitpid((pid_t)got, &st, 0) != got)
		return -ECHILD;
	return got == want && WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -ESRCH;
}

static int expect_errno(pid_t pid, unsigned int flags, int err)
{
	long got = fork_pid(pid, flags);

	if (got == 0)
		_exit(9);	/* must not happen: a pid in use was handed out */
	if (got > 0)
		waitpid((pid_t)got, NULL, 0);
	if (got < 0 && errno == err)
		return 0;
	printf("BLCR-DEVLOG fork_pid(%d, %u) = %ld (%s), wanted %s\n", pid, flags, got,
	       got < 0 ? strerror(errno) : "a child", strerror(err));
	return -1;
}

/* run fn in a child, optionally as @uid, optionally in new user+pid namespaces */
static int in_child(int (*fn)(void), uid_t uid, int newns)
{
	pid_t c = fork();
	int st;

	if (c == 0) {
		if (uid && (setgid(uid) || setuid(uid)))
			_exit(10);
		if (newns) {
			if (unshare((uid ? CLONE_NEWUSER : 0) | CLONE_NEWPID))
				_exit(11);
			c = fork();	/* the first child is pid 1 of the new namespace */
			if (c == 0)
				_exit(fn() ? 1 : 0);
			_exit(c > 0 && waitpid(c, &st, 0) == c && WIFEXITED(st) ? WEXITSTATUS(st) : 12);
		}
		_exit(fn() ? 1 : 0);
	}
	return c > 0 && waitpid(c, &st, 0) == c && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int check_helper(void)
{
	pid_t p = free_pid(getpid() + 300);

	return p < 0 || fork_at(p);
}

static int check_refusals(void)
{
	return expect_errno(1, 0, EBUSY) || expect_errno(getpid(), 0, EBUSY) ||
	       expect_errno(0, 0, EINVAL) || expect_errno(free_pid(getpid() + 50), 1, EINVAL);
}

static int check_pidns(void)
{
	/* we are pid 1 of a fresh namespace: 7 is free here whatever the host uses */
	if (getpid() != 1) {
		printf("BLCR-DEVLOG not pid 1 in the new namespace but %d\n", getpid());
		return -1;
	}
	return fork_at(7) || expect_errno(1, 0, EBUSY);
}

static const char *word(int rc)
{
	return rc ? "FAIL" : "ok";
}

int main(void)
{
	struct blcr_status st;
	struct utsname u;
	unsigned int abi = 0;
	int bad = 0, r1, r2, r3, r4, r5;

	setvbuf(stdout, NULL, _IOLBF, 0);
	dev = open(BLCR_DEVICE, O_RDWR | O_CLOEXEC);
	if (dev < 0) {
		printf("BLCR-DEV open=FAIL (%s)\n", strerror(errno));
		return 1;
	}
	uname(&u);
	memset(&st, 0, sizeof(st));
	if (ioctl(dev, BLCR_IOC_ABI, &abi) || ioctl(dev, BLCR_IOC_STATUS, &st)) {
		printf("BLCR-DEV ioctl=FAIL (%s)\n", strerror(errno));
		return 1;
	}
	bad |= abi != BLCR_ABI_VERSION || !(st.flags & BLCR_STATUS_VERIFIED) ||
	       strcmp(st.release, u.release);
	printf("BLCR-DEV abi=%u verified=%d checked=%u release=%s pidhelper=%s\n", abi,
	       !!(st.flags & BLCR_STATUS_VERIFIED), st.checked, st.release,
	       st.flags & BLCR_STATUS_PID_HELPER ? "on" : "off");
	if (!(st.flags & BLCR_STATUS_PID_HELPER)) {
		printf("BLCR-DEV helper=off\n");
		return bad;
	}
	r1 = in_child(check_helper, 0, 0);
	r2 = in_child(check_helper, 1000, 0);
	r3 = in_child(check_refusals, 1000, 0);
	r4 = in_child(check_pidns, 0, 1);
	r5 = in_child(check_pidns, 1000, 1);
	printf("BLCR-DEV helper root=%s user=%s busy+inval=%s pidns-root=%s pidns-user=%s\n",
	       word(r1), word(r2), word(r3), word(r4), word(r5));
	return bad || r1 || r2 || r3 || r4 || r5;
}
