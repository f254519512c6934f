/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Soft-dirty bits (3.11, CONFIG_MEM_SOFT_DIRTY): pagemap bit 55, cleared by clear_refs=4. */
#include "probe.h"
#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

static int dirty(int fd, void *p, long psz)
{
	uint64_t e = 0;
	if (pread(fd, &e, sizeof(e), (uintptr_t)p / psz * 8) != sizeof(e))
		return -1;
	return (e >> 55) & 1;
}

int main(void)
{
	long psz = sysconf(_SC_PAGESIZE);
	char *p = mmap(NULL, psz, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int pm = open("/proc/self/pagemap", O_RDONLY), cr = open("/proc/self/clear_refs", O_WRONLY);

	if (pm < 0 || cr < 0)
		return FAIL_ERRNO("open pagemap/clear_refs");
	p[0] = 1;
	if (write(cr, "4", 1) != 1)
		return FAIL_ERRNO("write 4 to clear_refs");
	int before = dirty(pm, p, psz);
	p[0] = 2;
	int after = dirty(pm, p, psz);
	fact("clearedThenSet", "%s", before == 0 && after == 1 ? "true" : "false");
	return before == 0 && after == 1 ? PASS("soft-dirty tracking works") : FAIL("soft-dirty bit not tracked (CONFIG_MEM_SOFT_DIRTY off?)");
}
