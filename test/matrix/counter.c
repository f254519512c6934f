// SPDX-License-Identifier: GPL-2.0
/* counter FILE: the e2e target; writes an increasing count to FILE every 20 ms, forever. */
#include <stdio.h>
#include <time.h>

int main(int argc, char **argv)
{
	const struct timespec tick = { 0, 20 * 1000 * 1000 };
	unsigned long n = 0;

	if (argc != 2)
		return 2;
	for (;;) {
		FILE *f = fopen(argv[1], "w");

		if (f) {
			fprintf(f, "%lu\n", ++n);
			fclose(f);
		}
		nanosleep(&tick, NULL);
	}
}
