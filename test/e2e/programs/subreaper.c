// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * subreaper PROG [ARGS]: a child subreaper for the scope tests. Closes every descriptor
 * above 2 (like exec-clean), forks PROG and reaps it and every orphan of its tree the
 * moment they die, so a tree killed by `cr_checkpoint --kill` frees all its pids at once
 * (this machine's init reaps orphans only every second or so, and a zombie holds its
 * pid: cr_restart would exit 16). Exits once no descendant is left, with PROG's status
 * (its death signal is re-raised). Prints nothing: the test reads PROG's pid from
 * /proc/PID/task/PID/children.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
#include <linux/close_range.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>

int main(int argc, char **argv)
{
	int status, main_status = 0;
	pid_t prog, pid;

	if (argc < 2)
		return 127;
	syscall(SYS_close_range, 3U, ~0U, 0U);
	if (prctl(PR_SET_CHILD_SUBREAPER, 1) < 0) {
		perror("PR_SET_CHILD_SUBREAPER");
		return 127;
	}
	prog = fork();
	if (prog < 0) {
		perror("fork");
		return 127;
	}
	if (prog == 0) {
		execvp(argv[1], argv + 1);
		perror(argv[1]);
		_exit(127);
	}
	while ((pid = wait(&status)) != -1 || errno == EINTR)
		if (pid == prog)
			main_status = status;
	if (WIFSIGNALED(main_status)) {
		signal(WTERMSIG(main_status), SIG_DFL);
		raise(WTERMSIG(main_status));
	}
	return WIFEXITED(main_status) ? WEXITSTATUS(main_status) : 127;
}
