// SPDX-License-Identifier: GPL-2.0
/*
 * crfeatures: the kernel features the userspace engine needs, as a static
 * program for matrix guests (the toolchain's userspace probes need Node).
 * Prints "BLCR-FEATURE <probe-id>=yes|no (detail)"; ids are the probe ids of
 * probes/userspace/.  Exit 1 when a feature the engine requires is missing.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef PTRACE_GET_RSEQ_CONFIGURATION
#define PTRACE_GET_RSEQ_CONFIGURATION 0x420f
#endif
#define PAGEMAP_SCAN_IOC _IOWR('f', 16, char[96])	/* struct pm_scan_arg, 6.7 */

static int required_missing;
static char secret[8] = "blcr-ok";	/* set before fork: the child has it too */

static void report(const char *id, int ok, int required, const char *detail)
{
	printf("BLCR-FEATURE %s=%s (%s)\n", id, ok ? "yes" : "no", detail);
	if (!ok && required)
		required_missing = 1;
}

static pid_t sleeper(void)
{
	pid_t c = fork();

	if (c == 0) {
		pause();
		_exit(0);
	}
	return c;
}

static void ptrace_checks(void)
{
	pid_t c = sleeper();
	int st = 0, seized = !ptrace(PTRACE_SEIZE, c, 0, 0), stopped;
	char rseq[32], buf[8] = "";
	struct iovec l = { buf, sizeof(buf) }, r = { secret, sizeof(secret) };

	stopped = seized && !ptrace(PTRACE_INTERRUPT, c, 0, 0) && waitpid(c, &st, 0) == c &&
		  (st >> 16) == PTRACE_EVENT_STOP;
	report("ptrace-seize", stopped, 1, "PTRACE_SEIZE + PTRACE_INTERRUPT");
	report("rseq", stopped && ptrace(PTRACE_GET_RSEQ_CONFIGURATION, c, sizeof(rseq), rseq) > 0,
	       0, "PTRACE_GET_RSEQ_CONFIGURATION, 5.13");
	report("process-vm-readv", process_vm_readv(c, &l, 1, &r, 1, 0) == sizeof(buf) &&
	       !strcmp(buf, secret), 1, "read a child's memory");
	kill(c, SIGKILL);
	waitpid(c, NULL, 0);
}

static void pid_checks(void)
{
	pid_t want = getpid() + 200, c;
	struct clone_args ca = { .exit_signal = SIGCHLD, .set_tid = (uintptr_t)&want, .set_tid_size = 1 };
	int fd, ok;
	char line[32];

	c = syscall(SYS_clone3, &ca, sizeof(ca));
	if (c == 0)
		_exit(0);
	if (c > 0)
		waitpid(c, NULL, 0);
	report("clone3-set-tid", c == want, 1, "clone3 with set_tid, 5.5");
	fd = open("/proc/sys/kernel/ns_last_pid", O_WRONLY);
	snprintf(line, sizeof(line), "%d", want + 99);
	ok = fd >= 0 && write(fd, line, strlen(line)) > 0;
	if (fd >= 0)
		close(fd);
	report("ns-last-pid", ok, 0, "write /proc/sys/kernel/ns_last_pid");
}

static void mm_checks(void)
{
	unsigned int size = 0;
	uint64_t ent = 0;
	char args[96] = { 0 };
	volatile char page[4096] = { 1 };
	int fd = open("/proc/self/pagemap", O_RDONLY), scan;

	report("pr-set-mm-map", !prctl(PR_SET_MM, PR_SET_MM_MAP_SIZE, &size, 0, 0) && size, 1,
	       "PR_SET_MM_MAP_SIZE");
	report("pagemap", fd >= 0 && pread(fd, &ent, 8, ((uintptr_t)page / 4096) * 8) == 8 &&
	       (ent >> 63), 1, "/proc/self/pagemap present bit");
	scan = fd >= 0 ? ioctl(fd, PAGEMAP_SCAN_IOC, args) : -1;
	report("pagemap-scan", scan >= 0 || errno != ENOTTY, 0, "PAGEMAP_SCAN ioctl, 6.7");
	if (fd >= 0)
		close(fd);
}

static void vdso_check(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512], order[128] = "";

	while (f && fgets(line, sizeof(line), f)) {
		char *n = strstr(line, "[v");

		if (n && (!strncmp(n, "[vvar", 5) || !strncmp(n, "[vdso]", 6))) {
			n[strcspn(n, "\n")] = 0;
			strncat(order, n, sizeof(order) - strlen(order) - 1);
		}
	}
	if (f)
		fclose(f);
	report("vdso-layout", strstr(order, "[vdso]") != NULL, 1, order);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	ptrace_checks();
	pid_checks();
	mm_checks();
	vdso_check();
	return required_missing;
}
