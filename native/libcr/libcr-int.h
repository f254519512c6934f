/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libcr internals shared by its files. Three flavours are built from these sources:
 *   CRI_FLAVOUR_FULL  libcr.so.0      the API: callbacks, critical sections, requests
 *   CRI_FLAVOUR_RUN   libcr_run.so.0  the protocol only (no callbacks), for cr_run
 *   CRI_FLAVOUR_OMIT  libcr_omit.so.0 marks the process "omit", for cr_run --omit
 * Everything here is hidden (-fvisibility=hidden); the public API uses CR_EXPORT.
 */
#ifndef LIBCR_INT_H
#define LIBCR_INT_H

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <sys/types.h>
#include "blcr/libcr-ctl.h"

#define CR_EXPORT	__attribute__((visibility("default")))
#define CRI_TLS		__thread __attribute__((tls_model("initial-exec")))

#define CRI_FLAVOUR_OMIT	0
#define CRI_FLAVOUR_RUN		1
#define CRI_FLAVOUR_FULL	2
#ifndef CRI_FLAVOUR
#error "build with -DCRI_FLAVOUR=CRI_FLAVOUR_{FULL,RUN,OMIT}"
#endif

/*
 * Shared between every libcr flavour mapped into one process: these symbols have default
 * visibility and are reached through the GOT, so the dynamic linker binds every flavour
 * to the first definition (an LD_PRELOADed libcr_run before a linked libcr). Only that
 * instance is ever written: the engine should pick the cri_ctl whose magic is set.
 */
extern struct cri_ctl cri_ctl;
extern int cri_handler_rank;	/* flavour rank of the installed handler: FULL wins */
extern int cri_omit_always;	/* cr_run --omit: never part of a checkpoint */

/* state helpers (cr-core.c) */
#define CRI_BIT(s)	(1u << (s))
#define CRI_WAITING	(CRI_BIT(CRI_REQUESTED) | CRI_BIT(CRI_READY) | CRI_BIT(CRI_FAILED))

long cri_futex(volatile int32_t *addr, int op, int val, long timeout_ns);
void cri_futex_wake(volatile int32_t *addr);
int cri_state(void);
int cri_cas_state(int from, int to);
int cri_await_outcome(void);
void cri_set_failure(int flags);
void cri_begin(void);
void cri_finish(int observed);
extern volatile int32_t cri_done_gen;	/* bumped when a checkpoint is over (hold barrier) */

/*
 * Critical sections (cr-core.c): one word, the count of threads' sections (low bits) and
 * CRI_CS_CLAIMED, set while a checkpoint owns the process. The checkpoint starts when
 * the count is 0 with the bit set: in the handler, or in the last cr_leave_cs().
 */
#define CRI_CS_CLAIMED	0x40000000
#define CRI_CS_COUNT	0x3fffffff
extern volatile int32_t cri_cs_word;
extern volatile int32_t cri_begun;	/* 1 once callbacks were dispatched (cr_status) */
int cri_cs_enter(int block);		/* 0 entered, 1 would block */
void cri_cs_leave(void);

/* per-thread state (libcr.so only uses most of it) */
struct cri_frame;
struct cri_thread;
struct cri_tls {
	int inited;
	int id;
	int cs_depth;
	int persist;
	int hold;			/* CR_HOLD_* for CR_HOLD_SCOPE_THREAD, DFLT = none set */
	int cb_thread;			/* this is libcr's callback thread */
	struct cri_thread *rec;
	struct cri_frame *frame;	/* innermost running callback */
	int observed;			/* the state this thread's chain ended on */
};
extern CRI_TLS struct cri_tls cri_tls;

#if CRI_FLAVOUR == CRI_FLAVOUR_FULL
/* cr-callbacks.c */
int cri_dispatch(void);		/* 1: callbacks dispatched (they finish the checkpoint) */
void cri_thread_kicked(void);	/* in the handler: run this thread's signal-context chain */
void cri_run_hook(int event);
/* cr_hook_event_t values, for files that do not include libcr.h */
#define CR_HOOK_CONT_NO_CALLBACKS_INT	2
#define CR_HOOK_RSTRT_NO_CALLBACKS_INT	5
#endif

#endif
