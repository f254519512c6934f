// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The part of libcr every flavour shares: the control block the engine talks to, the
 * signal handler, critical-section accounting and the start and end of a checkpoint
 * (protocol steps 2-6 in libcr-ctl.h). All of it is async-signal-safe: it runs in the
 * handler. Waits poll the control block (FUTEX_WAIT, 2 ms): the engine writes it from
 * outside with process_vm_writev and cannot wake a futex.
 */
#define _GNU_SOURCE
#include <linux/futex.h>
#include <limits.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "libcr-int.h"

CR_EXPORT struct cri_ctl cri_ctl;
CR_EXPORT int cri_handler_rank;
CR_EXPORT int cri_omit_always;

CRI_TLS struct cri_tls cri_tls;
volatile int32_t cri_cs_word;
volatile int32_t cri_begun;
volatile int32_t cri_done_gen;

#define WAIT_SLICE_NS	2000000L	/* 2 ms */
#define LIVENESS_EVERY	50		/* check the requester every 100 ms */

long cri_futex(volatile int32_t *addr, int op, int val, long timeout_ns)
{
	struct timespec ts = { timeout_ns / 1000000000L, timeout_ns % 1000000000L };

	return syscall(SYS_futex, addr, op, val, timeout_ns ? &ts : NULL, NULL, 0);
}

void cri_futex_wake(volatile int32_t *addr)
{
	cri_futex(addr, FUTEX_WAKE_PRIVATE, INT_MAX, 0);
}

int cri_state(void)
{
	return __atomic_load_n(&cri_ctl.state, __ATOMIC_ACQUIRE);
}

int cri_cas_state(int from, int to)
{
	int32_t expect = from;

	return __atomic_compare_exchange_n(&cri_ctl.state, &expect, to, 0,
					   __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

/* The engine that asked is gone (crashed, killed): nobody will ever answer. */
static int requester_gone(void)
{
	pid_t pid = cri_ctl.requester;

	return pid > 0 && kill(pid, 0) < 0 && errno == ESRCH;
}

/*
 * Wait until the engine has decided: CONTINUE, RESTART or ABORT (or IDLE). Returns that
 * state, or -1 when the requester vanished without deciding.
 */
int cri_await_outcome(void)
{
	for (unsigned int n = 1;; n++) {
		int s = cri_state();

		if (s < CRI_IDLE || s > CRI_FAILED || !(CRI_BIT(s) & CRI_WAITING))
			return s;
		cri_futex(&cri_ctl.state, FUTEX_WAIT_PRIVATE, s, WAIT_SLICE_NS);
		if (n % LIVENESS_EVERY == 0 && requester_gone())
			return -1;
	}
}

/* A callback asked for a temporary or permanent failure: the first one is kept. */
void cri_set_failure(int flags)
{
	int32_t zero = 0;

	__atomic_compare_exchange_n(&cri_ctl.failure, &zero, flags, 0,
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	cri_cas_state(CRI_REQUESTED, CRI_FAILED);
}

/*
 * Step 2: the engine asked. Claim the process for this checkpoint; start now if no
 * thread is inside a critical section, else the last cr_leave_cs() starts it.
 */
static void request(void)
{
	int32_t v;

	if (cri_omit_always) {
		/* cr_run --omit: never part of a checkpoint, never held */
		cri_ctl.omit = 1;
		cri_cas_state(CRI_REQUESTED, CRI_READY);
		return;
	}
	v = __atomic_load_n(&cri_cs_word, __ATOMIC_SEQ_CST);
	do {
		if (v & CRI_CS_CLAIMED)
			return;		/* already ours (a repeated signal) */
	} while (!__atomic_compare_exchange_n(&cri_cs_word, &v, v | CRI_CS_CLAIMED, 0,
					      __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST));
	if ((v & CRI_CS_COUNT) == 0)
		cri_begin();
}

/* Steps 2-3: run the callbacks, or with none tell the engine READY and wait (BLCR's stub). */
void cri_begin(void)
{
	int s;

	if (cri_state() != CRI_REQUESTED) {	/* aborted while we were in critical sections */
		cri_finish(-1);
		return;
	}
	cri_ctl.failure = 0;
	cri_ctl.pending = 0;
	__atomic_store_n(&cri_begun, 1, __ATOMIC_SEQ_CST);
#if CRI_FLAVOUR == CRI_FLAVOUR_FULL
	if (cri_dispatch())
		return;		/* the last callback to finish calls cri_finish() */
#endif
	cri_cas_state(CRI_REQUESTED, CRI_READY);
	s = cri_await_outcome();
#if CRI_FLAVOUR == CRI_FLAVOUR_FULL
	if (s == CRI_CONTINUE || s == CRI_RESTART)
		cri_run_hook(s == CRI_RESTART ? CR_HOOK_RSTRT_NO_CALLBACKS_INT : CR_HOOK_CONT_NO_CALLBACKS_INT);
#endif
	cri_finish(s);
}

/*
 * Step 6: every callback has returned. Back to IDLE (only from the state the callbacks
 * saw: a new REQUESTED written meanwhile stays), release the critical sections, and take
 * a request that arrived while we still owned the process.
 */
void cri_finish(int observed)
{
	if (observed < 0)
		observed = cri_state();
	if (observed != CRI_REQUESTED && observed != CRI_IDLE)
		cri_cas_state(observed, CRI_IDLE);
	if (!cri_omit_always)
		cri_ctl.omit = 0;
	__atomic_store_n(&cri_begun, 0, __ATOMIC_SEQ_CST);
	__atomic_add_fetch(&cri_done_gen, 1, __ATOMIC_SEQ_CST);
	cri_futex_wake(&cri_done_gen);
	__atomic_and_fetch(&cri_cs_word, ~CRI_CS_CLAIMED, __ATOMIC_SEQ_CST);
	cri_futex_wake(&cri_cs_word);
	if (cri_state() == CRI_REQUESTED)
		request();
}

/* Enter one critical section (not nested in this thread): 0 entered, 1 would block. */
int cri_cs_enter(int block)
{
	int32_t v = __atomic_load_n(&cri_cs_word, __ATOMIC_SEQ_CST);

	for (;;) {
		if (v & CRI_CS_CLAIMED) {
			if (!block)
				return 1;
			cri_futex(&cri_cs_word, FUTEX_WAIT_PRIVATE, v, WAIT_SLICE_NS);
			v = __atomic_load_n(&cri_cs_word, __ATOMIC_SEQ_CST);
			continue;
		}
		if (__atomic_compare_exchange_n(&cri_cs_word, &v, v + 1, 0,
						__ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
			return 0;
	}
}

/* Leave one; the last one out starts a checkpoint that waited for it. */
void cri_cs_leave(void)
{
	if (__atomic_sub_fetch(&cri_cs_word, 1, __ATOMIC_SEQ_CST) == CRI_CS_CLAIMED)
		cri_begin();
}

static void cri_handler(int sig, siginfo_t *si, void *uc)
{
	int saved = errno;

	(void)sig, (void)si, (void)uc;
#if CRI_FLAVOUR == CRI_FLAVOUR_FULL
	cri_thread_kicked();
#endif
	if (cri_state() == CRI_REQUESTED)
		request();
	errno = saved;
}

__attribute__((constructor)) static void cri_ctor(void)
{
	int rank = CRI_FLAVOUR == CRI_FLAVOUR_FULL ? 2 : 1;
	struct sigaction sa;

	if (__atomic_load_n(&cri_ctl.magic, __ATOMIC_ACQUIRE) != CRI_CTL_MAGIC) {
		cri_ctl.version = CRI_CTL_VERSION;
		cri_ctl.signum = SIGRTMAX;
		__atomic_store_n(&cri_ctl.magic, CRI_CTL_MAGIC, __ATOMIC_RELEASE);
	}
	if (CRI_FLAVOUR == CRI_FLAVOUR_OMIT) {
		cri_omit_always = 1;
		cri_ctl.omit = 1;
	}
	if (cri_handler_rank >= rank)
		return;		/* a fuller libcr already handles the signal */
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = cri_handler;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigfillset(&sa.sa_mask);
	if (sigaction(cri_ctl.signum, &sa, NULL) == 0)
		cri_handler_rank = rank;
}
