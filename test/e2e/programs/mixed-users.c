// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mixed-users: a tree with two owners. Started as root, it forks a child that stays
 * root, then drops itself to nobody (65534:65534), marking itself dumpable again so
 * nobody may trace it. Prints "ready PID child CPID". Both wait for SIGUSR2 (the test
 * signals each: nobody may not signal root) and check their uids; the parent prints
 * "result pass ..." once the child exited 0.
 */
#include "zdtm.h"
#include <grp.h>
#include <sys/prctl.h>
#include <sys/wait.h>

int main(void)
{
	int status;
	pid_t child;

	zdtm_init();
	child = fork();
	if (child < 0)
		zdtm_fail("fork: %m");
	if (child == 0) {
		zdtm_wait();
		_exit(getuid() == 0 && geteuid() == 0 ? 0 : 5);
	}
	if (setgroups(0, NULL) < 0 || setresgid(65534, 65534, 65534) < 0 || setresuid(65534, 65534, 65534) < 0)
		zdtm_fail("dropping to nobody: %m");
	prctl(PR_SET_DUMPABLE, 1);
	printf("ready %d child %d\n", (int)getpid(), (int)child);
	fflush(stdout);
	zdtm_wait();
	if (waitpid(child, &status, 0) != child || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		zdtm_fail("root child: status 0x%x", status);
	if (getuid() != 65534 || geteuid() != 65534 || getgid() != 65534)
		zdtm_fail("uid %d euid %d gid %d, not nobody", (int)getuid(), (int)geteuid(), (int)getgid());
	printf("result pass pid=%d child=%d\n", (int)getpid(), (int)child);
	return 0;
}
