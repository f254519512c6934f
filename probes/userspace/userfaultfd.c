/* SPDX-License-Identifier: GPL-2.0-or-later */
/* userfaultfd (4.3): the road to lazy restore (pages arrive on first touch). */
#include "probe.h"
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef __NR_userfaultfd
#define __NR_userfaultfd 323
#endif

int main(void)
{
	/* UFFD_USER_MODE_ONLY (5.11) lets unprivileged users in when vm.unprivileged_userfaultfd=0. */
	int fd = syscall(__NR_userfaultfd, O_CLOEXEC | O_NONBLOCK);
	if (fd < 0 && errno == EPERM)
		fd = syscall(__NR_userfaultfd, O_CLOEXEC | O_NONBLOCK | 1);
	if (fd < 0)
		return FAIL_ERRNO("userfaultfd");
	struct uffdio_api api = { .api = UFFD_API, .features = 0 };
	if (ioctl(fd, UFFDIO_API, &api) != 0)
		return FAIL_ERRNO("UFFDIO_API");
	fact("features", "0x%llx", (unsigned long long)api.features);
	fact("missingShmem", "%s", api.features & UFFD_FEATURE_MISSING_SHMEM ? "true" : "false");
	return PASS("userfaultfd available");
}
