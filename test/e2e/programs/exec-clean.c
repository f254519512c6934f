// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * exec-clean PROG [ARGS]: close every descriptor above 2, then exec PROG. Node passes its
 * own inherited descriptors (a terminal session's fd 251 pipe, ...) to children; the
 * engine rightly refuses pipes beyond stdio, so every target starts through this.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <unistd.h>
#include <linux/close_range.h>
#include <sys/syscall.h>

int main(int argc, char **argv)
{
	if (argc < 2)
		return 127;
	syscall(SYS_close_range, 3U, ~0U, 0U);
	execvp(argv[1], argv + 1);
	perror(argv[1]);
	return 127;
}
