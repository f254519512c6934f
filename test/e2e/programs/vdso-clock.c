// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vdso-clock: clock_gettime/gettimeofday called in a tight loop through the vDSO while the
 * checkpoint happens. After the restart: no crash, CLOCK_MONOTONIC never went backwards,
 * CLOCK_REALTIME agrees with gettimeofday, and the vDSO is mapped where AT_SYSINFO_EHDR
 * says (the trio moved back to the saved addresses).
 */
#include <stdint.h>
#include <sys/auxv.h>
#include <sys/time.h>
#include <time.h>
#include "zdtm.h"

static uint64_t ns(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static unsigned long vdso_in_maps(void)
{
	char line[256];
	unsigned long start = 0, s;
	FILE *f = fopen("/proc/self/maps", "r");

	while (f && fgets(line, sizeof(line), f))
		if (strstr(line, "[vdso]") && sscanf(line, "%lx-", &s) == 1)
			start = s;
	if (f)
		fclose(f);
	return start;
}

int main(void)
{
	const struct timespec tick = { 0, 1000 * 1000 };
	uint64_t last = ns(CLOCK_MONOTONIC), calls = 0, now;
	struct timeval tv;

	zdtm_init();
	if (vdso_in_maps() != getauxval(AT_SYSINFO_EHDR))
		zdtm_fail("vdso not at AT_SYSINFO_EHDR before the checkpoint");
	zdtm_ready();
	while (!zdtm_done) {
		for (int i = 0; i < 2000; i++, calls++) {
			now = ns(CLOCK_MONOTONIC);
			if (now < last)
				zdtm_fail("CLOCK_MONOTONIC went back %llu ns", (unsigned long long)(last - now));
			last = now;
		}
		nanosleep(&tick, NULL);
	}
	now = ns(CLOCK_MONOTONIC);
	if (now < last)
		zdtm_fail("CLOCK_MONOTONIC went back after the restart");
	gettimeofday(&tv, NULL);
	if (ns(CLOCK_REALTIME) / 1000000000ULL - (uint64_t)tv.tv_sec > 1)
		zdtm_fail("CLOCK_REALTIME and gettimeofday disagree");
	if (vdso_in_maps() != getauxval(AT_SYSINFO_EHDR))
		zdtm_fail("vdso at %#lx, AT_SYSINFO_EHDR says %#lx", vdso_in_maps(), getauxval(AT_SYSINFO_EHDR));
	if (ns(CLOCK_BOOTTIME) == 0 || ns(CLOCK_MONOTONIC_COARSE) == 0)
		zdtm_fail("a clock reads zero");
	printf("result pass pid=%d calls=%llu\n", (int)getpid(), (unsigned long long)calls);
	return 0;
}
