// SPDX-License-Identifier: LGPL-2.1-or-later
/* cr_strerror, spinlocks, link anchors, and the restart API (not provided: ENOSYS). */
#include <string.h>
#include "libcr-cb.h"

CR_EXPORT int cr_link_me;

#define CR_ERROR_DEF(name, desc)	[name - CR_MIN_ERRCODE - 1] = desc,
static const char *const cr_errors[] = {
#include "blcr_errcodes.h"
};
#undef CR_ERROR_DEF

CR_EXPORT const char *cr_strerror(int errnum)
{
	if (errnum > CR_MIN_ERRCODE && errnum < CR_MAX_ERRCODE)
		return cr_errors[errnum - CR_MIN_ERRCODE - 1];
	return strerror(errnum);
}

CR_EXPORT void cr_spinlock_init(cr_spinlock_t *l)
{
	__atomic_store_n(l, 0, __ATOMIC_RELEASE);
}

CR_EXPORT int cr_spinlock_trylock(cr_spinlock_t *l)
{
	return __atomic_exchange_n(l, 1, __ATOMIC_ACQUIRE) == 0;
}

CR_EXPORT void cr_spinlock_lock(cr_spinlock_t *l)
{
	while (!cr_spinlock_trylock(l))
		while (__atomic_load_n(l, __ATOMIC_RELAXED))
			__builtin_ia32_pause();
}

CR_EXPORT void cr_spinlock_unlock(cr_spinlock_t *l)
{
	__atomic_store_n(l, 0, __ATOMIC_RELEASE);
}

/*
 * BLCR's restart API (experimental there) needs the kernel to restore into the caller's
 * children; blcr restarts with the cr_restart tool, which stays the parent of what it
 * restores. Each call fails with ENOSYS: run cr_restart FILE instead.
 */
CR_EXPORT int cri_init_restart_args_t(cr_version_t ver, cr_restart_args_t *a)
{
	if (ver != CR_RESTART_ARGS_VERSION || !a) {
		errno = EINVAL;
		return -1;
	}
	a->cr_version = ver;
	a->cr_fd = -1;
	a->cr_signal = 0;
	a->cr_flags = CR_RSTRT_RESTORE_PID;
	a->cr_relocate = NULL;
	return 0;
}

static int no_restart_api(void)
{
	errno = ENOSYS;
	return -1;
}

CR_EXPORT int cr_request_restart(cr_restart_args_t *a, cr_restart_handle_t *h)
{
	(void)a, (void)h;
	return no_restart_api();
}

CR_EXPORT int cr_wait_restart(cr_restart_handle_t *h, struct timeval *tv)
{
	(void)h, (void)tv;
	return no_restart_api();
}

CR_EXPORT int cr_log_restart(cr_restart_handle_t *h, unsigned int len, char *msg)
{
	(void)h, (void)len, (void)msg;
	return no_restart_api();
}

CR_EXPORT int cr_reap_restart(cr_restart_handle_t *h)
{
	(void)h;
	return no_restart_api();
}

CR_EXPORT int cr_poll_restart_msg(cr_restart_handle_t *h, struct timeval *tv, char **msg_p)
{
	(void)h, (void)tv, (void)msg_p;
	no_restart_api();
	return CR_POLL_RSTRT_ERR_PRE;
}

CR_EXPORT int cr_poll_restart(cr_restart_handle_t *h, struct timeval *tv)
{
	return cr_poll_restart_msg(h, tv, NULL);
}
