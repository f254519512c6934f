/* SPDX-License-Identifier: GPL-2.0-or-later */
/* PTRACE_GET_RSEQ_CONFIGURATION (5.13): read a stopped task's rseq area, to restore it. */
#include "probe.h"
#include <signal.h>
#include <stdint.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

#define BLCR_PTRACE_GET_RSEQ_CONFIGURATION 0x420f
struct blcr_rseq_conf { uint64_t rseq_abi_pointer; uint32_t rseq_abi_size, signature, flags, pad; };

int main(void)
{
	struct blcr_rseq_conf conf = { 0 };
	pid_t c = fork();

	if (c == 0) {
		ptrace(PTRACE_TRACEME, 0, 0, 0);
		raise(SIGSTOP);
		_exit(0);
	}
	waitpid(c, NULL, 0);
	long n = ptrace(BLCR_PTRACE_GET_RSEQ_CONFIGURATION, c, sizeof(conf), &conf);
	int err = errno;
	kill(c, SIGKILL);
	waitpid(c, NULL, 0);
	errno = err;
	fact("ptraceConfig", "%s", n > 0 ? "true" : "false");
	if (n <= 0)
		return FAIL_ERRNO("PTRACE_GET_RSEQ_CONFIGURATION");
	/* glibc >= 2.35 registers rseq for every thread. */
	fact("registered", "%s", conf.rseq_abi_pointer ? "true" : "false");
	fact("rseqSize", "%u", conf.rseq_abi_size);
	return PASS("rseq configuration readable through ptrace");
}
