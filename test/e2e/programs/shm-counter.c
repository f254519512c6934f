// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * shm-counter [keep-fd]: a parent and its child each increment their own counter, once
 * a millisecond, in two shared regions: MAP_SHARED|MAP_ANONYMOUS and a MAP_SHARED memfd
 * (whose descriptor is closed after mmap, or kept open on fd 3 with keep-fd).
 * Prints "ready PID child CPID anon ADDR memfd ADDR".
 * On SIGUSR2 (to the parent) the parent raises a flag in both regions; each process
 * then waits for the other's counters to advance in both regions (the flag crossing
 * over is itself a shared write), the child exits 0 when it saw them, and the parent
 * prints "result pass ..." or "result fail <which writes were not seen>".
 */
#include "zdtm.h"
#include <inttypes.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>

struct shared {
	volatile uint64_t count[2];	/* [0] parent, [1] child */
	volatile int verify;
	volatile int done;	/* the parent has seen the child advance: the child may stop */
};

static struct shared *anon, *mem;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void tick(int me)
{
	const struct timespec ms = { 0, 1000000 };

	anon->count[me]++;
	mem->count[me]++;
	nanosleep(&ms, NULL);
}

/* Keep counting while waiting up to 5 s for the other side's counters to move on by 20. */
static int other_advances(int me)
{
	uint64_t a = anon->count[!me], m = mem->count[!me];
	double end = now() + 5;

	while (now() < end) {
		if (anon->count[!me] >= a + 20 && mem->count[!me] >= m + 20)
			return 0;
		tick(me);
	}
	return anon->count[!me] < a + 20 ? 1 : 2;
}

int main(int argc, char **argv)
{
	int fd = memfd_create("blcr-e2e-shm", 0), status;
	pid_t child;
	double end;

	zdtm_init();
	anon = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (anon == MAP_FAILED || fd < 0 || ftruncate(fd, 4096) < 0)
		zdtm_fail("setup: %m");
	mem = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (mem == MAP_FAILED)
		zdtm_fail("mmap memfd: %m");
	if (argc < 2 || strcmp(argv[1], "keep-fd"))
		close(fd);
	child = fork();
	if (child < 0)
		zdtm_fail("fork: %m");
	if (child == 0) {
		int r;

		while (!(anon->verify && mem->verify))
			tick(1);
		r = other_advances(1);
		/* keep ticking until the parent has seen us too (it may be descheduled a while) */
		for (end = now() + 10; !(anon->done && mem->done) && now() < end;)
			tick(1);
		_exit(r ? 3 : 0);
	}
	while (anon->count[1] == 0 || mem->count[1] == 0)
		tick(0);
	printf("ready %d child %d anon %p memfd %p\n", (int)getpid(), (int)child, (void *)anon, (void *)mem);
	fflush(stdout);
	while (!zdtm_done)
		tick(0);
	anon->verify = 1;
	mem->verify = 1;
	switch (other_advances(0)) {
	case 1:
		kill(child, SIGKILL);
		zdtm_fail("the child's writes to the MAP_SHARED|MAP_ANONYMOUS region are not seen");
	case 2:
		kill(child, SIGKILL);
		zdtm_fail("the child's writes to the memfd region are not seen");
	}
	anon->done = 1;
	mem->done = 1;
	for (end = now() + 5; waitpid(child, &status, WNOHANG) == 0; tick(0))
		if (now() > end) {
			kill(child, SIGKILL);
			zdtm_fail("the child never saw the parent's writes (it is still waiting)");
		}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		zdtm_fail("the child failed: status 0x%x", status);
	printf("result pass pid=%d parent=%" PRIu64 " child=%" PRIu64 "\n", (int)getpid(), anon->count[0], anon->count[1]);
	return 0;
}
