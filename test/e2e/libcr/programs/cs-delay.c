// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cs-delay [MS]: on SIGUSR1 a worker thread enters a critical section, prints
 * "cs-enter T", holds it MS ms (default 1000), prints "cs-leave T" and leaves. A
 * thread-context callback prints "callback T rc=N" (T: CLOCK_MONOTONIC ms) before its
 * cr_checkpoint(): a checkpoint requested meanwhile must wait for cr_leave_cs().
 */
#include <pthread.h>
#include <errno.h>
#include "crtest.h"

static volatile sig_atomic_t go;
static long hold_ms = 1000;

static void on_usr1(int sig)
{
	(void)sig;
	go = 1;
}

static int callback(void *arg)
{
	long long t = crt_ms();
	int rc;

	(void)arg;
	if (cr_status() != CR_STATE_ACTIVE)
		printf("bad status %d in callback\n", cr_status());
	rc = cr_checkpoint(0);
	printf("callback %lld rc=%d\n", t, rc);
	return 0;
}

static void *worker(void *arg)
{
	cr_client_id_t id = cr_init();

	(void)arg;
	for (;;) {
		while (!go)
			crt_sleep(5);
		go = 0;
		if (cr_enter_cs(id) < 0)
			crt_die("cr_enter_cs: %s", cr_strerror(errno));
		printf("cs-enter %lld\n", crt_ms());
		crt_sleep(hold_ms);
		printf("cs-leave %lld\n", crt_ms());
		cr_leave_cs(id);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	struct sigaction sa;
	pthread_t th;

	crt_init();
	if (argc > 1)
		hold_ms = atol(argv[1]);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR1, &sa, NULL);
	if (cr_init() < 0 || cr_register_callback(callback, NULL, CR_THREAD_CONTEXT) < 0)
		crt_die("libcr setup: %s", cr_strerror(errno));
	pthread_create(&th, NULL, worker, NULL);
	crt_ready();
	while (!crt_stop)
		pause();
	printf("result pass\n");
	return 0;
}
