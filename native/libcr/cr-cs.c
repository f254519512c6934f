// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Critical sections: cr_enter_cs / cr_tryenter_cs / cr_leave_cs / cr_status. Reentrant
 * and async-signal-safe: a thread already inside a section (or a signal handler that
 * interrupted it) nests without blocking; inside a callback they do nothing. The
 * per-thread depth goes up before the shared count and down after it, so a handler that
 * interrupts either step nests instead of waiting on a checkpoint this thread delays.
 */
#include "libcr-cb.h"

/* 1: a no-op (inside a callback), 0: go on, -1: error (errno set). */
static int cs_check(cr_client_id_t id)
{
	if (cri_tls.frame || cri_tls.cb_thread)
		return 1;
	if (id == CR_ID_CALLBACK) {
		errno = EINVAL;		/* CR_ID_CALLBACK outside a callback */
		return -1;
	}
	if (!cri_tls.inited) {
		errno = CR_ENOINIT;
		return -1;
	}
	if (id != cri_tls.id) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

static int enter(cr_client_id_t id, int block)
{
	int c = cs_check(id);

	if (c)
		return c < 0 ? -1 : 0;
	if (cri_tls.cs_depth++ > 0) {
		__atomic_add_fetch(&cri_cs_word, 1, __ATOMIC_SEQ_CST);
		return 0;
	}
	if (cri_cs_enter(block)) {
		cri_tls.cs_depth--;
		return 1;
	}
	return 0;
}

CR_EXPORT int cr_enter_cs(cr_client_id_t id)
{
	return enter(id, 1);
}

CR_EXPORT int cr_tryenter_cs(cr_client_id_t id)
{
	return enter(id, 0);
}

CR_EXPORT int cr_leave_cs(cr_client_id_t id)
{
	int c = cs_check(id);

	if (c)
		return c < 0 ? -1 : 0;
	if (cri_tls.cs_depth <= 0) {
		errno = EINVAL;		/* more leaves than enters */
		return -1;
	}
	cri_cs_leave();		/* may run a checkpoint that waited for us */
	cri_tls.cs_depth--;
	return 0;
}

CR_EXPORT int cr_status(void)
{
	if (!cri_tls.inited) {
		errno = CR_ENOINIT;
		return -1;
	}
	if (!(__atomic_load_n(&cri_cs_word, __ATOMIC_SEQ_CST) & CRI_CS_CLAIMED))
		return CR_STATE_IDLE;
	return __atomic_load_n(&cri_begun, __ATOMIC_SEQ_CST) ? CR_STATE_ACTIVE : CR_STATE_PENDING;
}
