/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The [vvar] / [vvar_vclock] (6.13 split) / [vdso] layout restore must reproduce, and whether
 * [vdso] can be moved with mremap (a child tries: after the move its libc vDSO pointers are stale).
 */
#include "probe.h"
#include <stdint.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static int find(const char *name, uintptr_t *lo, uintptr_t *hi)
{
	char line[512], tag[64];
	FILE *f = fopen("/proc/self/maps", "r");
	int found = 0;

	while (f && fgets(line, sizeof(line), f)) {
		unsigned long a, b;
		tag[0] = 0;
		if (sscanf(line, "%lx-%lx %*s %*s %*s %*s %63s", &a, &b, tag) >= 2 && strcmp(tag, name) == 0) {
			*lo = a, *hi = b, found = 1;
			break;
		}
	}
	if (f)
		fclose(f);
	return found;
}

int main(void)
{
	const char *names[3] = { "[vvar]", "[vvar_vclock]", "[vdso]" };
	uintptr_t lo[3] = { 0 }, hi[3] = { 0 };
	int have[3], order[3] = { 0, 1, 2 }, status = 0;
	long psz = sysconf(_SC_PAGESIZE);
	char ord[64] = "";

	for (int i = 0; i < 3; i++)
		have[i] = find(names[i], &lo[i], &hi[i]);
	if (!have[2])
		return FAIL("no [vdso] mapping");
	fact("vvarPages", "%ld", have[0] ? (long)((hi[0] - lo[0]) / psz) : 0L);
	fact("vvarVclock", "%s", have[1] ? "true" : "false");
	fact("vvarVclockPages", "%ld", have[1] ? (long)((hi[1] - lo[1]) / psz) : 0L);
	fact("vdsoPages", "%ld", (long)((hi[2] - lo[2]) / psz));
	for (int i = 0; i < 3; i++) /* sort the present ones by address */
		for (int j = i + 1; j < 3; j++)
			if (lo[order[j]] < lo[order[i]]) { int t = order[i]; order[i] = order[j]; order[j] = t; }
	for (int i = 0; i < 3; i++)
		if (have[order[i]]) {
			strcat(ord, ord[0] ? "," : "");
			strncat(ord, names[order[i]] + 1, strlen(names[order[i]]) - 2);
		}
	fact("order", "%s", ord);

	pid_t c = fork();
	if (c == 0) {
		size_t len = hi[2] - lo[2];
		void *to = mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		void *got = mremap((void *)lo[2], len, len, MREMAP_MAYMOVE | MREMAP_FIXED, to);
		uintptr_t nlo, nhi;
		_exit(got == to && find("[vdso]", &nlo, &nhi) && nlo == (uintptr_t)to ? 0 : 1);
	}
	waitpid(c, &status, 0);
	fact("mremapVdso", "%s", WIFEXITED(status) && WEXITSTATUS(status) == 0 ? "true" : "false");
	return PASS(ord);
}
