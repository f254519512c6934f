/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libcr.so internals shared by the callback, registration and critical-section files. */
#ifndef LIBCR_CB_H
#define LIBCR_CB_H

#include <pthread.h>
#include "libcr.h"
#include "libcr-int.h"

struct cri_cb {
	struct cri_cb *next;
	cr_callback_t fn;	/* NULL: disabled (cr_replace_callback) */
	void *arg;
	int flags;
	cr_callback_id_t id;
};

struct cri_thread {
	struct cri_thread *next;
	pid_t tid;
	int alive;
	int selected;		/* has callbacks in the running checkpoint */
	volatile int32_t kick;	/* set before tgkill: run your signal-context callbacks */
	int next_id;
	struct cri_cb *cbs;	/* signal-context callbacks, newest first (LIFO order) */
};

/* one running callback */
struct cri_frame {
	struct cri_frame *prev;
	struct cri_cb *cb;
	int thread_group;
	int called;		/* it called cr_checkpoint() */
	int result;
};

/* a checkpoint request: the cr_checkpoint child (cr-request.c, cr-reap.c) */
struct cri_request {
	pid_t child;
	int done;		/* the child was waited for (or is gone: restarted) */
	int restarted;
	int status;		/* wait status */
	char log[64];		/* the child's stderr */
};

extern struct cri_thread *cri_threads;
extern struct cri_cb *cri_tcbs;
extern pthread_mutex_t cri_reg_lock;
extern cr_hook_fn_t cri_hooks[CR_NUM_HOOKS];
extern int cri_hold_init, cri_hold_uninit;
extern struct cr_checkpoint_info cri_ck_info;
extern struct cr_restart_info cri_rs_info;

int cri_count_enabled(const struct cri_cb *cb);
int cri_do_checkpoint(struct cri_frame *f, int flags);
int cri_start_cbthread(void);
void cri_atfork_child(void);

#endif
