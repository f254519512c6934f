// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * threads ITERATIONS: four worker threads each compute a checksum over ITERATIONS
 * steps of their own generator. Workers 0-2 only compute; worker 3 also sleeps 1 ms
 * every chunk (nanosleep); all take a shared mutex (futex) to count progress, and the
 * main thread waits in a barrier. Prints "thread I tid T" for each worker, "ready PID",
 * "done I tid T" when a worker finishes (with gettid() as it is then), and after
 * SIGUSR2 "result pass pid=P sums=S0,S1,S2,S3 progress=N", the same sums as any other
 * run with the same ITERATIONS.
 */
#include "zdtm.h"
#include <inttypes.h>
#include <pthread.h>
#include <stdint.h>
#include <time.h>

#define WORKERS 4
#define CHUNK (1u << 20)

static uint64_t iterations;
static uint64_t sums[WORKERS];
static pid_t tids[WORKERS];
static uint64_t progress;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t started, finished;

static void *worker(void *arg)
{
	int me = (int)(intptr_t)arg;
	uint64_t x = 0x243f6a8885a308d3ULL * (uint64_t)(me + 1), sum = (uint64_t)me;
	const struct timespec ms = { 0, 1000000 };

	tids[me] = gettid();
	printf("thread %d tid %d\n", me, (int)tids[me]);
	pthread_barrier_wait(&started);
	for (uint64_t i = 0; i < iterations; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		sum = ((sum << 5) | (sum >> 59)) ^ (x >> 17);
		if ((i & (CHUNK - 1)) == CHUNK - 1) {
			pthread_mutex_lock(&lock);
			progress++;
			pthread_mutex_unlock(&lock);
			if (me == WORKERS - 1)
				nanosleep(&ms, NULL);
		}
	}
	sums[me] = sum;
	printf("done %d tid %d\n", me, (int)gettid());
	if (gettid() != tids[me])
		zdtm_fail("worker %d: tid %d became %d", me, (int)tids[me], (int)gettid());
	pthread_barrier_wait(&finished);
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t th[WORKERS];

	zdtm_init();
	iterations = argc > 1 ? strtoull(argv[1], NULL, 10) : 200000000ULL;
	pthread_barrier_init(&started, NULL, WORKERS + 1);
	pthread_barrier_init(&finished, NULL, WORKERS + 1);
	for (int i = 0; i < WORKERS; i++)
		if (pthread_create(&th[i], NULL, worker, (void *)(intptr_t)i))
			zdtm_fail("pthread_create");
	pthread_barrier_wait(&started);
	zdtm_ready();
	pthread_barrier_wait(&finished);
	zdtm_wait();
	for (int i = 0; i < WORKERS; i++)
		pthread_join(th[i], NULL);
	pthread_mutex_lock(&lock);
	if (progress != WORKERS * (iterations / CHUNK))
		zdtm_fail("progress %" PRIu64 " != %" PRIu64, progress, WORKERS * (iterations / CHUNK));
	printf("result pass pid=%d sums=%016" PRIx64 ",%016" PRIx64 ",%016" PRIx64 ",%016" PRIx64 " progress=%" PRIu64 "\n",
	       (int)getpid(), sums[0], sums[1], sums[2], sums[3], progress);
	return 0;
}
