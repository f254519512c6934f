// SPDX-License-Identifier: GPL-2.0
/* counter FILE: the e2e target; writes an increasing count to FILE every 20 ms, forever. */
#include <stdio.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const struct timespec tick = { 0, 20 * 1000 * 1000 };
	unsigned long n = 0;
	char tmp[4096];

	if (argc != 2)
		return 2;
	/* whatever the caller leaked (a test runner's pipes) is not ours to checkpoint */
	syscall(SYS_close_range, 3, ~0U, 0);
	snprintf(tmp, sizeof(tmp), "%s.tmp", argv[1]);
	for (;;) {
		FILE *f = fopen(tmp, "w");

		/* a reader never sees the file truncated: write aside, rename over */
		if (f) {
			fprintf(f, "%lu\n", ++n);
			fclose(f);
			rename(tmp, argv[1]);
		}
		nanosleep(&tick, NULL);
	}
}
