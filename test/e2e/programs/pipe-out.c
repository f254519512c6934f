// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pipe-out: a pipe that leaves the scope. The parent keeps the read end and drains it;
 * the child holds the write end on fd 7 and writes a byte every millisecond. The child
 * has no children, so `cr_checkpoint CHILD` (a tree) covers it alone and must refuse
 * the pipe. Prints "ready CHILD fd 7" (the child's pid). On SIGUSR2 the child checks
 * its writes still go through and exits 0; the parent reads to EOF, reaps it and
 * prints "result pass ..." with the byte count.
 */
#include "zdtm.h"
#include <sys/wait.h>
#include <time.h>

int main(void)
{
	int p[2], status;
	long got = 0;
	ssize_t n;
	char buf[4096];
	pid_t child;

	zdtm_init();
	if (pipe(p) < 0)
		zdtm_fail("pipe: %m");
	child = fork();
	if (child < 0)
		zdtm_fail("fork: %m");
	if (child == 0) {
		const struct timespec ms = { 0, 1000000 };

		if (dup2(p[1], 7) < 0)
			_exit(2);
		close(p[0]);
		close(p[1]);
		printf("ready %d fd 7\n", (int)getpid());
		fflush(stdout);
		while (!zdtm_done)
			if (write(7, "x", 1) != 1 || nanosleep(&ms, NULL) < 0)
				if (!zdtm_done)
					_exit(3);
		_exit(write(7, "y", 1) == 1 ? 0 : 4);
	}
	close(p[1]);
	while ((n = read(p[0], buf, sizeof(buf))) != 0)
		if (n > 0)
			got += n;
	if (waitpid(child, &status, 0) != child || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		zdtm_fail("writer: status 0x%x", status);
	printf("result pass pid=%d bytes=%ld\n", (int)getpid(), got);
	return 0;
}
