/* SPDX-License-Identifier: GPL-2.0-or-later */
/* /proc/self/pagemap (2.6.25): which pages are present; PFNs only with CAP_SYS_ADMIN (4.2). */
#include "probe.h"
#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void)
{
	long psz = sysconf(_SC_PAGESIZE);
	char *p = mmap(NULL, 2 * psz, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint64_t e[2];
	int fd = open("/proc/self/pagemap", O_RDONLY);

	if (fd < 0)
		return FAIL_ERRNO("open /proc/self/pagemap");
	p[0] = 1; /* touch only the first page */
	if (pread(fd, e, sizeof(e), (uintptr_t)p / psz * 8) != sizeof(e))
		return FAIL_ERRNO("read pagemap");
	fact("present", "%s", (e[0] >> 63) & 1 ? "true" : "false");
	fact("untouchedAbsent", "%s", (e[1] >> 63) & 1 ? "false" : "true");
	fact("pfnVisible", "%s", (e[0] & ((1ULL << 55) - 1)) ? "true" : "false");
	if (!((e[0] >> 63) & 1) || ((e[1] >> 63) & 1))
		return FAIL("pagemap does not report page presence");
	return PASS("present pages are visible");
}
