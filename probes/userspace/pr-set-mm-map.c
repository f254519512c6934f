/* SPDX-License-Identifier: GPL-2.0-or-later */
/* prctl(PR_SET_MM, PR_SET_MM_MAP) (3.18, CONFIG_CHECKPOINT_RESTORE): set mm fields in one call. */
#include "probe.h"
#include <sys/prctl.h>

#ifndef PR_SET_MM_MAP
#define PR_SET_MM_MAP 14
#define PR_SET_MM_MAP_SIZE 15
#endif

int main(void)
{
	unsigned int size = 0;

	/* The size query goes through the same entry point as the real call. */
	if (prctl(PR_SET_MM, PR_SET_MM_MAP_SIZE, (unsigned long)&size, 0, 0) != 0)
		return FAIL_ERRNO("prctl PR_SET_MM_MAP_SIZE");
	fact("mapSize", "%u", size);
	return size >= 104 ? PASS("PR_SET_MM_MAP available") : FAIL("unexpected struct prctl_mm_map size");
}
