/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pidfd_open (5.3) + pidfd_getfd (5.6): take a copy of another task's fd without injection. */
#include "probe.h"
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	int pidfd = syscall(434 /* pidfd_open */, getpid(), 0);
	if (pidfd < 0)
		return FAIL_ERRNO("pidfd_open");
	fact("pidfdOpen", "true");
	int fd = syscall(438 /* pidfd_getfd */, pidfd, 1, 0);
	fact("pidfdGetfd", "%s", fd >= 0 ? "true" : "false");
	if (fd < 0)
		return FAIL_ERRNO("pidfd_getfd");
	return PASS("pidfd_getfd available");
}
