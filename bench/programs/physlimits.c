// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * physlimits: this machine's memory and tmpfs limits, measured in the same run as the
 * engine benchmark so the ratios compare like with like (criu-figures.md §4's method).
 *
 *   physlimits [-s MiB] [-n reps] [-d dir] [-W] [-c SEC]   (defaults: 512 MiB, 3, /dev/shm, 2.5)
 *
 * -W runs only the file tests (write, write_fsync, read_fresh): the others print [].
 *
 * Prints one JSON object: {"size_mib":S,"reps":N,"tests":{"<name>":[MiB/s,...],...},
 * "thp_used":bool}. Each test moves S MiB with one thread:
 *   memcpy        memcpy between two pre-faulted buffers
 *   write         write() of a hot buffer to a new file in dir, 1 MiB blocks (page cache / tmpfs)
 *   write_fsync   the same plus fsync()
 *   read_fresh    pread() of that file into a fresh anonymous mmap (what a restorer does)
 *   touch_4k      first-touch memset of a fresh anonymous mmap with MADV_NOHUGEPAGE
 *   touch_huge    the same with MADV_HUGEPAGE (2 MiB THP faults)
 *   populate      mmap(MAP_POPULATE) of fresh anonymous memory (kernel-side prefault)
 *   touch_4k_cold, touch_huge_cold
 *                 the touch tests after -c seconds idle (default 2.5): on a VM with free page
 *                 reporting (virtio-balloon, 2 s delay) memory freed and left alone goes back to
 *                 the host, and touching it again costs a host fault per page. The hot tests
 *                 reuse memory this program freed a moment before.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define MIB (1024UL * 1024UL)
#define BLOCK MIB
#define HUGE (2UL * MIB)

static size_t size;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what)
{
	fprintf(stderr, "physlimits: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* A fresh anonymous region, 2 MiB aligned so THP can back it when asked. */
static char *fresh(int advice, int extra_flags)
{
	char *raw = mmap(NULL, size + HUGE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | extra_flags, -1, 0);
	char *p;

	if (raw == MAP_FAILED)
		die("mmap");
	p = (char *)(((uintptr_t)raw + HUGE - 1) & ~(HUGE - 1));
	if (advice >= 0 && madvise(p, size, advice))
		die("madvise");
	return raw;
}

static char *aligned(char *raw)
{
	return (char *)(((uintptr_t)raw + HUGE - 1) & ~(HUGE - 1));
}

static void fill(char *p)
{
	uint64_t x = 0x9e3779b97f4a7c15ULL, *w = (uint64_t *)p;

	for (size_t i = 0; i < size / 8; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		w[i] = x;
	}
}

static double mibps(double secs)
{
	return (double)(size / MIB) / secs;
}

static int thp_seen;

static long anon_huge_kb(void)
{
	char line[256];
	long kb = 0;
	FILE *f = fopen("/proc/self/smaps_rollup", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "AnonHugePages: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

static double touch(int advice)
{
	char *raw;
	double t0, t;

	t0 = now();
	raw = fresh(advice, 0);
	memset(aligned(raw), 0x5a, size);
	t = now() - t0;
	if (advice == MADV_HUGEPAGE && anon_huge_kb() > 0)
		thp_seen = 1;
	munmap(raw, size + HUGE);
	return mibps(t);
}

/* Both cold tests in one idle period: the 4 KiB region, then the huge one, from the cold pool. */
static void touch_cold(unsigned idle_ms, double *t4, double *th)
{
	char *r4, *rh;
	double t0;

	usleep(idle_ms * 1000);
	t0 = now();
	r4 = fresh(MADV_NOHUGEPAGE, 0);
	memset(aligned(r4), 0x5a, size);
	*t4 = mibps(now() - t0);
	t0 = now();
	rh = fresh(MADV_HUGEPAGE, 0);
	memset(aligned(rh), 0x5a, size);
	*th = mibps(now() - t0);
	munmap(r4, size + HUGE);
	munmap(rh, size + HUGE);
}

static double populate(void)
{
	double t0 = now(), t;
	char *raw = fresh(-1, MAP_POPULATE);

	t = now() - t0;
	munmap(raw, size + HUGE);
	return mibps(t);
}

static double do_memcpy(char *dst, const char *src)
{
	double t0 = now();

	memcpy(dst, src, size);
	return mibps(now() - t0);
}

static double do_write(const char *path, const char *src, int sync)
{
	double t0, t;
	int fd;

	unlink(path);
	t0 = now();
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		die(path);
	for (size_t off = 0; off < size; off += BLOCK)
		if (write(fd, src + off, BLOCK) != (ssize_t)BLOCK)
			die("write");
	if (sync && fsync(fd))
		die("fsync");
	close(fd);
	t = now() - t0;
	return mibps(t);
}

static double read_fresh(const char *path)
{
	double t0 = now(), t;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	char *raw = fresh(MADV_NOHUGEPAGE, 0);
	size_t done = 0;

	if (fd < 0)
		die(path);
	while (done < size) {
		ssize_t n = pread(fd, aligned(raw) + done, size - done, (off_t)done);

		if (n <= 0)
			die("pread");
		done += (size_t)n;
	}
	t = now() - t0;
	close(fd);
	munmap(raw, size + HUGE);
	return mibps(t);
}

static void emit(const char *name, const double *v, int n, int last)
{
	printf("\"%s\":[", name);
	for (int i = 0; i < n; i++)
		printf("%s%.1f", i ? "," : "", v[i]);
	printf("]%s", last ? "" : ",");
}

int main(int argc, char **argv)
{
	const char *dir = "/dev/shm";
	int reps = 3, files_only = 0, opt;
	unsigned idle_ms = 2500;
	char path[4096];

	size = 512 * MIB;
	while ((opt = getopt(argc, argv, "s:n:d:Wc:")) != -1) {
		if (opt == 's')
			size = strtoul(optarg, NULL, 0) * MIB;
		else if (opt == 'n')
			reps = atoi(optarg);
		else if (opt == 'd')
			dir = optarg;
		else if (opt == 'W')
			files_only = 1;
		else if (opt == 'c')
			idle_ms = (unsigned)(strtod(optarg, NULL) * 1000);
		else {
			fprintf(stderr, "usage: physlimits [-s MiB] [-n reps] [-d dir] [-W] [-c idle-seconds]\n");
			return 255;
		}
	}
	if (size < MIB || reps < 1 || reps > 64) {
		fprintf(stderr, "physlimits: need -s >= 1 and 1 <= -n <= 64\n");
		return 255;
	}
	snprintf(path, sizeof(path), "%s/.blcr-physlimits.%d", dir, (int)getpid());

	char *a = aligned(fresh(MADV_NOHUGEPAGE, 0)), *b = files_only ? NULL : aligned(fresh(MADV_NOHUGEPAGE, 0));
	double mc[64], wr[64], ws[64], rf[64], t4[64], th[64], po[64], c4[64], ch[64];
	int mem_reps = files_only ? 0 : reps;

	fill(a);
	if (b)
		memset(b, 0, size);
	for (int i = 0; i < reps; i++) {
		if (b)
			mc[i] = do_memcpy(b, a);
		wr[i] = do_write(path, a, 0);
		ws[i] = do_write(path, a, 1);
		rf[i] = read_fresh(path);
		unlink(path);
		if (files_only)
			continue;
		t4[i] = touch(MADV_NOHUGEPAGE);
		th[i] = touch(MADV_HUGEPAGE);
		po[i] = populate();
		touch_cold(idle_ms, &c4[i], &ch[i]);
	}
	printf("{\"size_mib\":%zu,\"reps\":%d,\"dir\":\"%s\",\"tests\":{", size / MIB, reps, dir);
	emit("memcpy", mc, mem_reps, 0);
	emit("write", wr, reps, 0);
	emit("write_fsync", ws, reps, 0);
	emit("read_fresh", rf, reps, 0);
	emit("touch_4k", t4, mem_reps, 0);
	emit("touch_huge", th, mem_reps, 0);
	emit("populate", po, mem_reps, 0);
	emit("touch_4k_cold", c4, mem_reps, 0);
	emit("touch_huge_cold", ch, mem_reps, 1);
	printf("},\"thp_used\":%s}\n", thp_seen ? "true" : "false");
	return 0;
}
