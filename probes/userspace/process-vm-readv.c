/* SPDX-License-Identifier: GPL-2.0-or-later */
/* process_vm_readv (3.2): copy another task's memory without PTRACE_PEEKDATA word by word. */
#include "probe.h"
#include <signal.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	static char secret[64] = "before fork";
	char got[64] = "";
	int pipefd[2];

	if (pipe(pipefd) != 0)
		return FAIL_ERRNO("pipe");
	pid_t c = fork();
	if (c == 0) {
		strcpy(secret, "written by the child"); /* differs from the parent's copy */
		if (write(pipefd[1], "x", 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	char x;
	if (read(pipefd[0], &x, 1) != 1)
		return FAIL("child did not start");
	struct iovec local = { got, sizeof(got) }, remote = { secret, sizeof(secret) };
	ssize_t n = process_vm_readv(c, &local, 1, &remote, 1, 0);
	int err = errno;
	kill(c, SIGKILL);
	waitpid(c, NULL, 0);
	errno = err;
	if (n != sizeof(got))
		return FAIL_ERRNO("process_vm_readv");
	return strcmp(got, "written by the child") == 0 ? PASS("reads another process's memory") : FAIL("read the wrong bytes");
}
