// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pipe-filter: the middle of the e2e pipeline. Appends to every line a hash of
 * everything it has read so far, so one lost, repeated or reordered byte changes every
 * line after it. Reads with read(2) in odd-sized chunks, writes through stdio.
 */
#include <inttypes.h>
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	char buf[777], line[256];
	size_t len = 0;
	uint64_t h = 0xcbf29ce484222325ULL;
	ssize_t n;

	while ((n = read(0, buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < n; i++) {
			h = (h ^ (unsigned char)buf[i]) * 0x100000001b3ULL;
			if (buf[i] != '\n') {
				if (len < sizeof(line) - 1)
					line[len++] = buf[i];
				continue;
			}
			line[len] = 0;
			printf("%s %016" PRIx64 "\n", line, h);
			len = 0;
		}
	}
	if (n < 0)
		return 1;
	return fflush(stdout) ? 1 : 0;
}
