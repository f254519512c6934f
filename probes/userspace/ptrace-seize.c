/* SPDX-License-Identifier: GPL-2.0-or-later */
/* PTRACE_SEIZE + PTRACE_INTERRUPT (3.4): stop a task without sending it a signal. */
#include "probe.h"
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef PTRACE_SEIZE
#define PTRACE_SEIZE 0x4206
#define PTRACE_INTERRUPT 0x4207
#endif
#ifndef PTRACE_EVENT_STOP
#define PTRACE_EVENT_STOP 128
#endif

int main(void)
{
	int status;
	pid_t child = fork();

	if (child == 0) {
		for (;;)
			pause();
	}
	if (ptrace(PTRACE_SEIZE, child, 0, 0) != 0) {
		FAIL_ERRNO("PTRACE_SEIZE");
		kill(child, SIGKILL);
		return 0;
	}
	fact("seize", "true");
	if (ptrace(PTRACE_INTERRUPT, child, 0, 0) != 0 || waitpid(child, &status, 0) != child) {
		FAIL_ERRNO("PTRACE_INTERRUPT");
	} else {
		/* A group-stop caused by INTERRUPT reports PTRACE_EVENT_STOP in bits 16..23. */
		int event = status >> 16;
		fact("interrupt", "%s", event == PTRACE_EVENT_STOP ? "true" : "false");
		if (event == PTRACE_EVENT_STOP)
			PASS("PTRACE_SEIZE and PTRACE_INTERRUPT work");
		else
			FAIL("PTRACE_INTERRUPT did not report PTRACE_EVENT_STOP");
	}
	kill(child, SIGKILL);
	waitpid(child, &status, 0);
	return 0;
}
