// SPDX-License-Identifier: GPL-2.0-or-later
/* forker PROG ARGS...: starts PROG ARGS as a child, prints "ready PID child=CPID", waits for SIGUSR2. */
#include <sys/wait.h>
#include "crtest.h"

int main(int argc, char **argv)
{
	pid_t kid;

	crt_init();
	if (argc < 2)
		crt_die("usage: forker PROG ARGS...");
	kid = fork();
	if (kid == 0) {
		execvp(argv[1], argv + 1);
		_exit(127);
	}
	crt_sleep(300);	/* let the child reach its main loop */
	printf("ready %d child=%d\n", (int)getpid(), (int)kid);
	while (!crt_stop)
		pause();
	kill(kid, SIGKILL);
	waitpid(kid, NULL, 0);
	printf("result pass\n");
	return 0;
}
