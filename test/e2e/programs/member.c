// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * member: one member of a process group / session / tree in the e2e tests. Prints
 * "member PID pgid PGID sid SID uid UID", waits for SIGUSR2, then prints
 * "result pass pid=PID pgid=PGID sid=SID uid=UID" with the ids it has then and exits 0.
 */
#include "zdtm.h"

int main(void)
{
	zdtm_init();
	printf("member %d pgid %d sid %d uid %d\n", (int)getpid(), (int)getpgrp(), (int)getsid(0), (int)getuid());
	fflush(stdout);
	zdtm_wait();
	printf("result pass pid=%d pgid=%d sid=%d uid=%d\n", (int)getpid(), (int)getpgrp(), (int)getsid(0), (int)getuid());
	return 0;
}
