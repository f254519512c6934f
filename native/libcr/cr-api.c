// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libcr's per-thread and callback API: cr_init, cr_register_callback and friends,
 * cr_checkpoint, the info calls, hooks, holds, persistence, cr_forward_checkpoint.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "libcr-cb.h"

static pthread_key_t tkey;
static int next_client_id;

/* A thread that called cr_init() ends: its signal-context callbacks never run again. */
static void thread_gone(void *p)
{
	struct cri_thread *t = p;

	if (cri_tls.persist > 0) {	/* cr_inc_persist(): keep it for other destructors */
		pthread_setspecific(tkey, t);
		return;
	}
	t->alive = 0;
}

__attribute__((constructor)) static void api_ctor(void)
{
	pthread_key_create(&tkey, thread_gone);
	pthread_atfork(NULL, NULL, cri_atfork_child);
}

/* Take a critical section for our own bookkeeping (atomic w.r.t. checkpoints). */
static void internal_cs_enter(void)
{
	if (cri_tls.cs_depth++ > 0)
		__atomic_add_fetch(&cri_cs_word, 1, __ATOMIC_SEQ_CST);
	else
		cri_cs_enter(1);
}

static void internal_cs_leave(void)
{
	cri_cs_leave();
	cri_tls.cs_depth--;
}

CR_EXPORT cr_client_id_t cr_init(void)
{
	struct cri_thread *t;

	if (cri_tls.inited)
		return cri_tls.id;
	t = calloc(1, sizeof(*t));
	if (!t) {
		errno = ENOMEM;
		return -1;
	}
	t->tid = (pid_t)syscall(SYS_gettid);
	t->alive = 1;
	pthread_mutex_lock(&cri_reg_lock);
	t->next = cri_threads;
	__atomic_store_n(&cri_threads, t, __ATOMIC_RELEASE);
	cri_tls.id = ++next_client_id;
	pthread_mutex_unlock(&cri_reg_lock);
	pthread_setspecific(tkey, t);
	cri_tls.rec = t;
	cri_tls.hold = CR_HOLD_DFLT;
	cri_tls.inited = 1;
	return cri_tls.id;
}

static int context_of(int flags)
{
	int ctx = flags & (CR_THREAD_CONTEXT | CR_SIGNAL_CONTEXT);

	return ctx == CR_THREAD_CONTEXT || ctx == CR_SIGNAL_CONTEXT ? ctx : 0;
}

CR_EXPORT cr_callback_id_t cr_register_callback(cr_callback_t func, void *arg, int flags)
{
	int ctx = context_of(flags), err = 0;
	struct cri_cb *cb, **head;
	int *next_id;
	static int next_tid;

	if (!cri_tls.inited || cri_tls.cb_thread) {
		errno = cri_tls.cb_thread ? EBUSY : CR_ENOINIT;
		return -1;
	}
	if (cri_tls.frame) {
		errno = EBUSY;
		return -1;
	}
	if (!ctx) {
		errno = EINVAL;
		return -1;
	}
	cb = calloc(1, sizeof(*cb));
	if (!cb) {
		errno = ENOMEM;
		return -1;
	}
	cb->fn = func;
	cb->arg = arg;
	cb->flags = flags;
	internal_cs_enter();
	pthread_mutex_lock(&cri_reg_lock);
	if (ctx == CR_THREAD_CONTEXT) {
		head = &cri_tcbs;
		next_id = &next_tid;
		err = cri_start_cbthread();
	} else {
		head = &cri_tls.rec->cbs;
		next_id = &cri_tls.rec->next_id;
	}
	if (!err && *next_id >= CR_MAX_CALLBACKS)
		err = -ENOSPC;
	if (!err) {
		cb->id = (*next_id)++;
		cb->next = *head;
		__atomic_store_n(head, cb, __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(&cri_reg_lock);
	internal_cs_leave();
	if (err) {
		free(cb);
		errno = err == -ENOSPC ? ENOSPC : -err;
		return -1;
	}
	return cb->id;
}

static void set_cb(struct cri_cb *cb, cr_callback_t func, void *arg, int flags)
{
	cb->arg = arg;
	cb->flags = flags;
	__atomic_store_n(&cb->fn, func, __ATOMIC_RELEASE);
}

CR_EXPORT int cr_replace_callback(cr_callback_id_t id, cr_callback_t func, void *arg, int flags)
{
	int ctx = context_of(flags);
	struct cri_cb *cb;

	if (!cri_tls.inited) {
		errno = CR_ENOINIT;
		return -1;
	}
	if (cri_tls.frame || cri_tls.cb_thread) {
		errno = EBUSY;
		return -1;
	}
	if (!ctx) {
		errno = EINVAL;
		return -1;
	}
	internal_cs_enter();
	cb = ctx == CR_THREAD_CONTEXT ? cri_tcbs : cri_tls.rec->cbs;
	while (cb && cb->id != id)
		cb = cb->next;
	if (cb)
		set_cb(cb, func, arg, flags);
	internal_cs_leave();
	if (!cb) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

CR_EXPORT int cr_replace_self(cr_callback_t func, void *arg, int flags)
{
	struct cri_frame *f = cri_tls.frame;

	if (!f) {
		errno = CR_ENOTCB;
		return -1;
	}
	if (context_of(flags) != context_of(f->cb->flags)) {
		errno = EINVAL;
		return -1;
	}
	set_cb(f->cb, func, arg, flags);
	return 0;
}

CR_EXPORT int cr_checkpoint(int flags)
{
	struct cri_frame *f = cri_tls.frame;

	if (!f || f->called)
		return -CR_ENOTCB;
	f->result = cri_do_checkpoint(f, flags);
	return f->result;
}

CR_EXPORT const struct cr_checkpoint_info *cr_get_checkpoint_info(void)
{
	return cri_tls.frame && !cri_tls.frame->called ? &cri_ck_info : NULL;
}

CR_EXPORT const struct cr_restart_info *cr_get_restart_info(void)
{
	return cri_tls.frame && cri_tls.frame->called ? &cri_rs_info : NULL;
}

CR_EXPORT int cr_forward_checkpoint(cr_scope_t scope, pid_t target)
{
	if (!cri_tls.frame || cri_tls.frame->called) {
		errno = CR_ENOTCB;
		return -1;
	}
	if ((unsigned int)scope > CR_SCOPE_TREE) {
		errno = EINVAL;
		return -1;
	}
	/* Overlap with the running request is not an error (BLCR); widening it is not supported. */
	if ((scope == cri_ck_info.scope && target == cri_ck_info.target) ||
	    (scope == CR_SCOPE_PROC && (target == 0 || target == getpid())))
		return 0;
	errno = ENOSYS;
	return -1;
}

CR_EXPORT cr_hook_fn_t cr_register_hook(cr_hook_event_t event, cr_hook_fn_t hook_fn)
{
	if (!cri_tls.inited) {
		errno = CR_ENOINIT;
		return CR_HOOK_FN_ERROR;
	}
	if ((unsigned int)event >= CR_NUM_HOOKS || hook_fn == CR_HOOK_FN_ERROR) {
		errno = EINVAL;
		return CR_HOOK_FN_ERROR;
	}
	return __atomic_exchange_n(&cri_hooks[event], hook_fn, __ATOMIC_SEQ_CST);
}

CR_EXPORT int cr_hold_ctrl(int scope, int flags)
{
	int *var, old;

	if (!cri_tls.inited) {
		errno = CR_ENOINIT;
		return -1;
	}
	switch (scope) {
	case CR_HOLD_SCOPE_THREAD: var = &cri_tls.hold; break;
	case CR_HOLD_SCOPE_INIT: var = &cri_hold_init; break;
	case CR_HOLD_SCOPE_UNINIT: var = &cri_hold_uninit; break;
	default: errno = EINVAL; return -1;
	}
	if (flags != CR_HOLD_READ && (flags < CR_HOLD_NONE || flags > CR_HOLD_DFLT ||
	    (flags == CR_HOLD_DFLT && scope != CR_HOLD_SCOPE_THREAD))) {
		errno = EINVAL;
		return -1;
	}
	old = __atomic_load_n(var, __ATOMIC_SEQ_CST);
	if (flags != CR_HOLD_READ)
		__atomic_store_n(var, flags, __ATOMIC_SEQ_CST);
	return old;
}

CR_EXPORT int cr_inc_persist(void)
{
	if (!cri_tls.inited) {
		errno = CR_ENOINIT;
		return -1;
	}
	if (cri_tls.persist == 0x7fffffff) {
		errno = ERANGE;
		return -1;
	}
	return cri_tls.persist++;
}

CR_EXPORT int cr_dec_persist(void)
{
	if (!cri_tls.inited) {
		errno = CR_ENOINIT;
		return -1;
	}
	if (cri_tls.persist == 0) {
		errno = ERANGE;
		return -1;
	}
	return cri_tls.persist--;
}
