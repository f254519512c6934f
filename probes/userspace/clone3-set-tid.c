/* SPDX-License-Identifier: GPL-2.0-or-later */
/* clone3() with set_tid (5.5): create a task with a chosen pid (needs CAP_CHECKPOINT_RESTORE). */
#include "probe.h"
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

struct blcr_clone_args {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
	uint64_t set_tid, set_tid_size, cgroup;
};

int main(void)
{
	for (int attempt = 0; attempt < 5; attempt++) {
		/* A pid that was free a moment ago: one a child just used. */
		pid_t want = fork();
		if (want == 0)
			_exit(0);
		waitpid(want, NULL, 0);
		pid_t tid = want;
		struct blcr_clone_args a = { .exit_signal = SIGCHLD, .set_tid = (uintptr_t)&tid, .set_tid_size = 1 };
		long got = syscall(435 /* clone3 */, &a, 80 /* CLONE_ARGS_SIZE_VER1 */);
		if (got == 0)
			_exit(0);
		if (got < 0 && errno == EEXIST)
			continue; /* someone took it: try another */
		if (got < 0) {
			fact("clone3", "%s", errno == ENOSYS ? "false" : "true");
			fact("permitted", "%s", errno == EPERM ? "false" : "true");
			return FAIL_ERRNO(errno == ENOSYS ? "clone3 (5.3)" : errno == E2BIG || errno == EINVAL ? "clone3 set_tid (5.5)" :
					  "clone3 set_tid (needs CAP_CHECKPOINT_RESTORE or CAP_SYS_ADMIN)");
		}
		waitpid(got, NULL, 0);
		fact("clone3", "true");
		fact("permitted", "true");
		fact("gotRequestedPid", "%s", got == want ? "true" : "false");
		return got == want ? PASS("clone3 set_tid creates the requested pid") : FAIL("clone3 ignored set_tid");
	}
	return SKIP("every candidate pid was taken");
}
