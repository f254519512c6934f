// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pipe-consumer: the tail of the e2e pipeline. Copies its input to stdout (a file),
 * sleeping 1 ms every 64 lines so the pipes upstream stay full, and ends with
 * "consumer <lines> <hash>".
 */
#include <inttypes.h>
#include <stdio.h>
#include <time.h>

int main(void)
{
	const struct timespec ms = { 0, 1000000 };
	uint64_t lines = 0, h = 0xcbf29ce484222325ULL;
	int c;

	while ((c = getchar()) != EOF) {
		h = (h ^ (unsigned)c) * 0x100000001b3ULL;
		putchar(c);
		if (c == '\n' && ++lines % 64 == 0)
			nanosleep(&ms, NULL);
	}
	printf("consumer %" PRIu64 " %016" PRIx64 "\n", lines, h);
	return fflush(stdout) ? 1 : 0;
}
