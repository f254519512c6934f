/* SPDX-License-Identifier: GPL-2.0-or-later */
/* PAGEMAP_SCAN ioctl (6.7): present-page ranges in one call instead of 8 bytes per page. */
#include "probe.h"
#include <fcntl.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

/* uapi/linux/fs.h of 6.7; spelled out for older headers. */
struct blcr_page_region { uint64_t start, end, categories; };
struct blcr_pm_scan_arg {
	uint64_t size, flags, start, end, walk_end, vec, vec_len, max_pages;
	uint64_t category_inverted, category_mask, category_anyof_mask, return_mask;
};
#define BLCR_PAGEMAP_SCAN _IOWR('f', 16, struct blcr_pm_scan_arg)
#define BLCR_PAGE_IS_PRESENT (1 << 3)

int main(void)
{
	long psz = sysconf(_SC_PAGESIZE);
	char *p = mmap(NULL, 4 * psz, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct blcr_page_region r[4];
	struct blcr_pm_scan_arg a = { .size = sizeof(a), .start = (uintptr_t)p, .end = (uintptr_t)p + 4 * psz,
		.vec = (uintptr_t)r, .vec_len = 4, .category_anyof_mask = BLCR_PAGE_IS_PRESENT,
		.return_mask = BLCR_PAGE_IS_PRESENT };
	int fd = open("/proc/self/pagemap", O_RDONLY);
	long n;

	p[0] = p[psz] = 1; /* pages 0 and 1 present, 2 and 3 not */
	n = ioctl(fd, BLCR_PAGEMAP_SCAN, &a);
	if (n < 0)
		return FAIL_ERRNO("ioctl PAGEMAP_SCAN");
	fact("regions", "%ld", n);
	if (n != 1 || r[0].start != (uintptr_t)p || r[0].end != (uintptr_t)p + 2 * psz)
		return FAIL("PAGEMAP_SCAN returned wrong ranges");
	return PASS("PAGEMAP_SCAN reports present ranges");
}
