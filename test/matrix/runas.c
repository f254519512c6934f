// SPDX-License-Identifier: GPL-2.0
/* runas UID CMD [ARGS]: drop to UID (gid = UID, no supplementary groups) and exec CMD. */
#define _GNU_SOURCE
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	uid_t uid;

	if (argc < 3)
		return 2;
	uid = (uid_t)strtoul(argv[1], NULL, 10);
	if (uid && (setgroups(0, NULL) || setgid(uid) || setuid(uid))) {
		perror("runas");
		return 126;
	}
	execv(argv[2], argv + 2);
	perror(argv[2]);
	return 127;
}
