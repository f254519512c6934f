// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Checkpoint callbacks (libcr.so only). Registration, the thread-context callback thread,
 * and running the callbacks at a checkpoint.
 *
 * Callbacks of one group (all thread-context ones; the signal-context ones of one thread)
 * run as a chain, as in BLCR: a callback's cr_checkpoint() runs the next callback of its
 * group, and the last link reports "arrived" and waits for the engine's outcome. So all of
 * a group's pre-checkpoint halves run first, then the continue/restart halves in reverse.
 * Thread-context callbacks (libcr's own thread) all reach cr_checkpoint() before the
 * signal-context ones are started (tgkill of each registering thread). The last group to
 * arrive sets READY; the last group to finish ends the checkpoint (cri_finish()).
 *
 * Lists are only ever prepended to (release stores) and never freed, so the signal
 * handler can walk them while another thread registers.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/futex.h>
#include "libcr.h"
#include "libcr-cb.h"

struct cri_thread *cri_threads;		/* every thread that called cr_init() */
struct cri_cb *cri_tcbs;		/* thread-context callbacks, newest first */
pthread_mutex_t cri_reg_lock = PTHREAD_MUTEX_INITIALIZER;
cr_hook_fn_t cri_hooks[CR_NUM_HOOKS];
int cri_hold_init = CR_HOLD_BOTH, cri_hold_uninit = CR_HOLD_BOTH;
struct cr_checkpoint_info cri_ck_info;
struct cr_restart_info cri_rs_info;

static int cbthread_up;
static volatile int32_t cbt_gen;		/* futex: bumped to start the thread group */
static volatile int32_t groups_expected, groups_arrived, groups_active;
static volatile int32_t outcome;		/* the state the groups ended on */
static volatile int32_t omitted;		/* a callback passed CR_CHECKPOINT_OMIT */
static int with_thread_group;

int cri_count_enabled(const struct cri_cb *cb)
{
	int n = 0;

	for (; cb; cb = __atomic_load_n(&cb->next, __ATOMIC_ACQUIRE))
		n += cb->fn != NULL;
	return n;
}

void cri_run_hook(int event)
{
	cr_hook_fn_t fn = __atomic_load_n(&cri_hooks[event], __ATOMIC_ACQUIRE);

	if (fn)
		fn((cr_hook_event_t)event);
}

static void arrive(void)
{
	if (__atomic_add_fetch(&groups_arrived, 1, __ATOMIC_SEQ_CST) == groups_expected)
		cri_cas_state(CRI_REQUESTED, CRI_READY);
}

static void group_done(int observed)
{
	if (observed >= 0)
		__atomic_store_n(&outcome, observed, __ATOMIC_SEQ_CST);
	if (__atomic_sub_fetch(&groups_active, 1, __ATOMIC_SEQ_CST) == 0)
		cri_finish(__atomic_load_n(&outcome, __ATOMIC_SEQ_CST));
}

/* What cr_checkpoint() returns for the state the engine ended on. */
static int result_of(int s)
{
	int f, code;

	if (omitted)
		return -CR_EOMITTED;
	if (s == CRI_CONTINUE)
		return 0;
	if (s == CRI_RESTART) {
		cri_rs_info.requester = cri_ctl.restart_requester;
		cri_rs_info.src = cri_ctl.src;
		return 1;
	}
	f = cri_ctl.failure;
	if (f) {
		code = (unsigned int)f >> 16;
		if (!code)
			code = (f & CR_CHECKPOINT_PERM_FAILURE) ? CR_EPERMFAIL : CR_ETEMPFAIL;
		return -code;
	}
	return -ECANCELED;
}

static void kick_signal_groups(void);

/* The last link of a chain: report, then wait for the engine (steps 3-4). */
static int end_chain(int thread_group, int flags)
{
	int s;

	if (flags & CR_CHECKPOINT_OMIT) {
		omitted = 1;
		cri_ctl.omit = 1;
	} else if (flags & (CR_CHECKPOINT_TEMP_FAILURE | CR_CHECKPOINT_PERM_FAILURE)) {
		cri_set_failure(flags);
	}
	arrive();
	if (thread_group)
		kick_signal_groups();
	s = cri_await_outcome();
	cri_tls.observed = s;
	return result_of(s);
}

static int run_from(struct cri_cb *cb, int thread_group);

int cri_do_checkpoint(struct cri_frame *f, int flags)
{
	f->called = 1;
	__atomic_sub_fetch(&cri_ctl.pending, 1, __ATOMIC_SEQ_CST);
	if ((flags & CR_CHECKPOINT_ABORT_MASK) == 0)
		return run_from(f->cb->next, f->thread_group);
	/* BLCR: the rest of this group does not run */
	__atomic_sub_fetch(&cri_ctl.pending, cri_count_enabled(f->cb->next), __ATOMIC_SEQ_CST);
	return end_chain(f->thread_group, flags);
}

static int run_from(struct cri_cb *cb, int thread_group)
{
	struct cri_frame f = { .prev = cri_tls.frame, .thread_group = thread_group };

	while (cb && !cb->fn)
		cb = __atomic_load_n(&cb->next, __ATOMIC_ACQUIRE);
	if (!cb)
		return end_chain(thread_group, CR_CHECKPOINT_READY);
	f.cb = cb;
	cri_tls.frame = &f;
	cb->fn(cb->arg);	/* BLCR: a non-zero return has no defined meaning */
	if (!f.called)		/* implicit cr_checkpoint(CR_CHECKPOINT_READY) */
		f.result = cri_do_checkpoint(&f, CR_CHECKPOINT_READY);
	cri_tls.frame = f.prev;
	return f.result;
}

static int hold_flags(void)
{
	if (!cri_tls.inited)
		return cri_hold_uninit;
	return cri_tls.hold == CR_HOLD_DFLT ? cri_hold_init : cri_tls.hold;
}

/* One thread's signal-context callbacks, LIFO; then the post-callback barrier. */
static void run_signal_group(struct cri_thread *t)
{
	int32_t gen = __atomic_load_n(&cri_done_gen, __ATOMIC_SEQ_CST);
	int r = run_from(__atomic_load_n(&t->cbs, __ATOMIC_ACQUIRE), 0);
	int hold = hold_flags();

	if (r >= 0)
		cri_run_hook(r > 0 ? CR_HOOK_RSTRT_SIGNAL_CONTEXT : CR_HOOK_CONT_SIGNAL_CONTEXT);
	group_done(cri_tls.observed);
	if ((r == 0 && (hold & CR_HOLD_CONT)) || (r > 0 && (hold & CR_HOLD_RSTRT)))
		while (__atomic_load_n(&cri_done_gen, __ATOMIC_SEQ_CST) == gen)
			cri_futex(&cri_done_gen, FUTEX_WAIT_PRIVATE, gen, 2000000L);
}

/* In the handler: this thread was tgkill()ed to run its signal-context callbacks. */
void cri_thread_kicked(void)
{
	struct cri_thread *t = cri_tls.rec;

	if (t && __atomic_exchange_n(&t->kick, 0, __ATOMIC_SEQ_CST))
		run_signal_group(t);
}

static void kick_signal_groups(void)
{
	struct cri_thread *self = NULL;
	pid_t pid = getpid();

	for (struct cri_thread *t = cri_threads; t; t = t->next) {
		if (!t->selected)
			continue;
		if (t == cri_tls.rec) {
			self = t;
			continue;
		}
		__atomic_store_n(&t->kick, 1, __ATOMIC_SEQ_CST);
		if (syscall(SYS_tgkill, pid, t->tid, cri_ctl.signum) < 0) {
			/* the thread is gone: its group arrives and ends at once */
			t->kick = 0;
			arrive();
			group_done(-1);
		}
	}
	if (self)
		run_signal_group(self);
}

/* Step 2 with libcr.so: 1 if there were callbacks to run (they end the checkpoint). */
int cri_dispatch(void)
{
	int nt = cbthread_up ? cri_count_enabled(cri_tcbs) : 0, ns = 0, total = nt;

	for (struct cri_thread *t = cri_threads; t; t = t->next) {
		int n = t->alive ? cri_count_enabled(t->cbs) : 0;

		t->selected = n > 0;
		ns += n > 0;
		total += n;
	}
	if (total == 0)
		return 0;
	cri_ck_info.signal = cri_ctl.sig;
	cri_ck_info.dest = cri_ctl.dest;
	cri_ck_info.requester = cri_ctl.requester;
	cri_ck_info.target = cri_ctl.target;
	cri_ck_info.scope = (cr_scope_t)cri_ctl.scope;
	omitted = 0;
	outcome = -1;
	with_thread_group = nt > 0;
	groups_expected = with_thread_group + ns;
	groups_arrived = 0;
	groups_active = groups_expected;
	cri_ctl.pending = total;
	if (with_thread_group) {
		__atomic_add_fetch(&cbt_gen, 1, __ATOMIC_SEQ_CST);
		cri_futex_wake(&cbt_gen);
	} else {
		kick_signal_groups();
	}
	return 1;
}

static void *cbthread_main(void *unused)
{
	sigset_t all;
	int32_t seen = __atomic_load_n(&cbt_gen, __ATOMIC_SEQ_CST);

	(void)unused;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	cri_tls.inited = 1;
	cri_tls.cb_thread = 1;
	cri_tls.id = CR_ID_CALLBACK;
	cri_tls.hold = CR_HOLD_DFLT;
	for (;;) {
		int r;

		while (__atomic_load_n(&cbt_gen, __ATOMIC_SEQ_CST) == seen)
			cri_futex(&cbt_gen, FUTEX_WAIT_PRIVATE, seen, 0);
		seen = __atomic_load_n(&cbt_gen, __ATOMIC_SEQ_CST);
		r = run_from(__atomic_load_n(&cri_tcbs, __ATOMIC_ACQUIRE), 1);
		if (r >= 0)
			cri_run_hook(r > 0 ? CR_HOOK_RSTRT_THREAD_CONTEXT : CR_HOOK_CONT_THREAD_CONTEXT);
		group_done(cri_tls.observed);
	}
	return NULL;
}

/* Called with cri_reg_lock held: start the thread-context callback thread once. */
int cri_start_cbthread(void)
{
	pthread_attr_t attr;
	pthread_t th;
	int err;

	if (cbthread_up)
		return 0;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	err = pthread_create(&th, &attr, cbthread_main, NULL);
	pthread_attr_destroy(&attr);
	if (err)
		return -err;
	pthread_setname_np(th, "libcr-callback");
	cbthread_up = 1;
	return 0;
}

/* fork(): only the forking thread lives on in the child; thread-context callbacks do not. */
void cri_atfork_child(void)
{
	for (struct cri_thread *t = cri_threads; t; t = t->next)
		if (t != cri_tls.rec)
			t->alive = 0;
	if (cri_tls.rec)
		cri_tls.rec->tid = (pid_t)syscall(SYS_gettid);
	cri_tcbs = NULL;
	cbthread_up = 0;
	cri_cs_word = cri_tls.cs_depth;
	cri_begun = 0;
	if (!cri_omit_always)
		cri_ctl.omit = 0;
	cri_ctl.state = CRI_IDLE;
	pthread_mutex_init(&cri_reg_lock, NULL);
}
