// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * file-offset PATH: PATH read and written at offsets through two descriptors; after the
 * restart each descriptor must have its position, access mode and FD_CLOEXEC back, and
 * reads/writes must continue where they left off.
 */
#include <fcntl.h>
#include "zdtm.h"

#define SIZE 8192

static char expect(off_t i) { return (char)('a' + (i * 7) % 26); }

int main(int argc, char **argv)
{
	char buf[SIZE], got[128];
	int rw, ro;

	if (argc != 2)
		return 2;
	zdtm_init();
	for (int i = 0; i < SIZE; i++)
		buf[i] = expect(i);
	rw = open(argv[1], O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (rw < 0 || write(rw, buf, SIZE) != SIZE || lseek(rw, 1000, SEEK_SET) != 1000 ||
	    read(rw, got, 100) != 100)	/* rw now at 1100 */
		zdtm_fail("setup of %s", argv[1]);
	ro = open(argv[1], O_RDONLY | O_CLOEXEC);
	if (ro < 0 || lseek(ro, 4321, SEEK_SET) != 4321)
		zdtm_fail("setup of the read-only fd");
	zdtm_ready();
	zdtm_wait();
	if (lseek(rw, 0, SEEK_CUR) != 1100)
		zdtm_fail("rw position %lld, want 1100", (long long)lseek(rw, 0, SEEK_CUR));
	if (lseek(ro, 0, SEEK_CUR) != 4321)
		zdtm_fail("ro position %lld, want 4321", (long long)lseek(ro, 0, SEEK_CUR));
	if ((fcntl(rw, F_GETFL) & O_ACCMODE) != O_RDWR || (fcntl(ro, F_GETFL) & O_ACCMODE) != O_RDONLY)
		zdtm_fail("access modes %#x %#x", fcntl(rw, F_GETFL), fcntl(ro, F_GETFL));
	if (fcntl(rw, F_GETFD) != 0 || fcntl(ro, F_GETFD) != FD_CLOEXEC)
		zdtm_fail("FD_CLOEXEC %d %d, want 0 1", fcntl(rw, F_GETFD), fcntl(ro, F_GETFD));
	if (read(ro, got, 10) != 10)
		zdtm_fail("read on ro");
	for (int i = 0; i < 10; i++)
		if (got[i] != expect(4321 + i))
			zdtm_fail("ro read byte %d is '%c', want '%c'", 4321 + i, got[i], expect(4321 + i));
	if (write(rw, "XYZ", 3) != 3 || pread(ro, got, 5, 1099) != 5)
		zdtm_fail("write at 1100");
	if (got[0] != expect(1099) || memcmp(got + 1, "XYZ", 3) || got[4] != expect(1103))
		zdtm_fail("file after write at 1100 reads '%.5s'", got);
	zdtm_pass("rw=1103 ro=4331");
}
