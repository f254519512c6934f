// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * scope-exec pgrp|session PROG [ARGS]: like exec-clean (close every descriptor above 2),
 * then become the leader of a new process group (setpgid) or session (setsid), and exec
 * PROG. The e2e tests start the scripts of the --pgid / --sid tests through it.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/close_range.h>
#include <sys/syscall.h>

int main(int argc, char **argv)
{
	if (argc < 3)
		return 127;
	syscall(SYS_close_range, 3U, ~0U, 0U);
	if (!strcmp(argv[1], "pgrp") ? setpgid(0, 0) : !strcmp(argv[1], "session") ? setsid() < 0 : -1) {
		perror(argv[1]);
		return 127;
	}
	execvp(argv[2], argv + 2);
	perror(argv[2]);
	return 127;
}
