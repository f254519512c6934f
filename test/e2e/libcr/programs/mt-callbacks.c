// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mt-callbacks [hang]: the main thread and two workers (cr_init each) register
 * signal-context callbacks (two in main, to check LIFO order); two thread-context
 * callbacks are registered too. Every callback prints "cb KIND NAME rc=N" after its
 * cr_checkpoint(); signal-context ones check that both thread-context callbacks had
 * reached cr_checkpoint() in this round before they started ("order-violation" otherwise). The thread
 * callbacks print the checkpoint info, and after a restart the restart info. With "hang",
 * one thread-context callback never returns: the main thread keeps printing "tick N".
 */
#include <pthread.h>
#include <errno.h>
#include <sys/syscall.h>
#include "crtest.h"

static int hang;
static volatile int thread_cbs_at_checkpoint, rounds, main_order[2], main_seen;

static int thread_cb(void *arg)
{
	const char *name = arg;
	const struct cr_checkpoint_info *ci = cr_get_checkpoint_info();
	int rc;

	if (!ci)
		printf("no-checkpoint-info %s\n", name);
	else if (!strcmp(name, "t1"))
		printf("info requester=%d target=%d scope=%d signal=%d dest=%s\n", (int)ci->requester,
		       (int)ci->target, (int)ci->scope, ci->signal, ci->dest);
	if (hang && !strcmp(name, "t2"))
		for (;;)
			pause();
	__atomic_add_fetch(&thread_cbs_at_checkpoint, 1, __ATOMIC_SEQ_CST);
	rc = cr_checkpoint(CR_CHECKPOINT_READY);
	if (rc > 0 && !strcmp(name, "t1")) {
		const struct cr_restart_info *ri = cr_get_restart_info();

		printf("restart-info requester=%d src=%s\n", ri ? (int)ri->requester : -1, ri ? ri->src : "(null)");
	}
	printf("cb thread %s rc=%d\n", name, rc);
	return 0;
}

static int signal_cb(void *arg)
{
	const char *name = arg;
	char buf[96];
	int rc, n;

	if (__atomic_load_n(&thread_cbs_at_checkpoint, __ATOMIC_SEQ_CST) != 2 * (rounds + 1))
		write(1, "order-violation\n", 16);
	if (!strncmp(name, "main", 4))
		main_order[main_seen++ & 1] = name[4] - '0';
	rc = cr_checkpoint(CR_CHECKPOINT_READY);
	if (!strcmp(name, "main1"))	/* every signal callback has started by now */
		__atomic_add_fetch(&rounds, 1, __ATOMIC_SEQ_CST);
	n = snprintf(buf, sizeof(buf), "cb signal %s tid=%ld rc=%d\n", name, (long)syscall(SYS_gettid), rc);
	write(1, buf, n);	/* signal context: no stdio */
	return 0;
}

static void *worker(void *arg)
{
	if (cr_init() < 0 || cr_register_callback(signal_cb, arg, CR_SIGNAL_CONTEXT) < 0)
		crt_die("worker setup: %s", cr_strerror(errno));
	for (;;)
		crt_sleep(1000);
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t w1, w2;
	long tick = 0;

	crt_init();
	hang = argc > 1 && !strcmp(argv[1], "hang");
	if (cr_init() < 0 ||
	    cr_register_callback(signal_cb, "main1", CR_SIGNAL_CONTEXT) < 0 ||
	    cr_register_callback(signal_cb, "main2", CR_SIGNAL_CONTEXT) < 0 ||
	    cr_register_callback(thread_cb, "t1", CR_THREAD_CONTEXT) < 0 ||
	    cr_register_callback(thread_cb, "t2", CR_THREAD_CONTEXT) < 0)
		crt_die("setup: %s", cr_strerror(errno));
	pthread_create(&w1, NULL, worker, "w1");
	pthread_create(&w2, NULL, worker, "w2");
	crt_sleep(50);
	crt_ready();
	while (!crt_stop) {
		crt_sleep(100);
		if (hang)
			printf("tick %ld\n", ++tick);
	}
	if (main_seen)
		printf("main-order %d%d\n", main_order[0], main_order[1]);
	printf("result pass\n");
	return 0;
}
