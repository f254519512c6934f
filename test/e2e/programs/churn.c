// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * churn: a tree whose children are short-lived. Forks a child that exits at once,
 * reaps it, and again, without pause, so a checkpoint of the tree races with children
 * that are born, exit and are reaped while it runs. Prints "ready PID"; on SIGUSR2
 * checks it kept forking and reaping (every child exited 0) and prints "result pass".
 */
#include "zdtm.h"
#include <inttypes.h>
#include <stdint.h>
#include <sys/wait.h>

int main(void)
{
	uint64_t born = 0;
	int status;

	zdtm_init();
	zdtm_ready();
	while (!zdtm_done) {
		pid_t kid = fork();

		if (kid < 0)
			zdtm_fail("fork: %m");
		if (kid == 0)
			_exit(0);
		while (waitpid(kid, &status, 0) < 0)
			;
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			zdtm_fail("child %d: status 0x%x", (int)kid, status);
		born++;
	}
	if (born < 10)
		zdtm_fail("only %" PRIu64 " children", born);
	printf("result pass pid=%d children=%" PRIu64 "\n", (int)getpid(), born);
	return 0;
}
