/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libcr: BLCR's checkpoint/restart client API (callbacks, critical sections, requesting a
 * checkpoint) on blcr's userspace engine. Same names, types and values as BLCR 0.8.x's
 * libcr.h, so programs written for BLCR compile and run unchanged. Link with -lcr.
 *
 * Differences from BLCR (see README): cr_forward_checkpoint() answers ENOSYS inside a
 * callback; the restart API (cr_request_restart and friends) answers ENOSYS: run
 * cr_restart instead; threads without callbacks are not held at the post-callback barrier.
 */
#ifndef _CRLIB_H
#define _CRLIB_H	1

#include <features.h>
#include <sys/select.h>		/* struct timeval */
#include <errno.h>
#include <blcr_common.h>

__BEGIN_DECLS

typedef int cr_version_t;
#define CR_CHECKPOINT_ARGS_VERSION	1
#define CR_RESTART_ARGS_VERSION		1

#define CR_MAX_CALLBACKS	0x1FFFFFF

typedef int (*cr_callback_t)(void *);
typedef int cr_client_id_t;		/* from cr_init(); thread-local */
typedef int cr_callback_id_t;		/* from cr_register_callback() */
typedef unsigned int cr_spinlock_t;

struct cr_checkpoint_info {
	int signal;		/* sent to the processes after the checkpoint, 0 = none */
	const char *dest;	/* the context file */
	pid_t requester;	/* pid of the requester */
	pid_t target;		/* pid, pgid or sid being checkpointed */
	cr_scope_t scope;
};

struct cr_restart_info {
	pid_t requester;	/* pid of cr_restart */
	const char *src;	/* the context file */
};

enum {
	CR_STATE_IDLE,
	CR_STATE_PENDING,
	CR_STATE_ACTIVE
};

typedef struct cr_checkpoint_args {
	cr_version_t cr_version;
	cr_scope_t cr_scope;
	pid_t cr_target;	/* 0 = self */
	int cr_fd;		/* destination, or CR_DEST_CWD */
	int cr_signal;		/* sent after the checkpoint, 0 = none */
	unsigned int cr_timeout;	/* seconds, 0 = unbounded */
	unsigned int cr_flags;	/* CR_CHKPT_* */
} cr_checkpoint_args_t;

typedef struct cr_restart_args {
	cr_version_t cr_version;
	int cr_fd;
	int cr_signal;
	unsigned int cr_flags;
	struct cr_rstrt_relocate *cr_relocate;
} cr_restart_args_t;

typedef unsigned long cr_checkpoint_handle_t;
typedef unsigned long cr_restart_handle_t;

/* Exactly one of these in the flags of cr_register_callback() and friends. */
#define CR_THREAD_CONTEXT	0x4000000
#define CR_SIGNAL_CONTEXT	0x2000000

/* The client id to pass to cr_{enter,tryenter,leave}_cs() inside a callback. */
#define CR_ID_CALLBACK	((cr_client_id_t)(-1))

#define CR_SPINLOCK_INITIALIZER	0U

typedef enum {
	CR_HOOK_CONT_SIGNAL_CONTEXT = 0,
	CR_HOOK_CONT_THREAD_CONTEXT,
	CR_HOOK_CONT_NO_CALLBACKS,
	CR_HOOK_RSTRT_SIGNAL_CONTEXT,
	CR_HOOK_RSTRT_THREAD_CONTEXT,
	CR_HOOK_RSTRT_NO_CALLBACKS,
	CR_NUM_HOOKS
} cr_hook_event_t;

typedef void (*cr_hook_fn_t)(cr_hook_event_t);
#define CR_HOOK_FN_ERROR	((cr_hook_fn_t)(~0UL))

enum {
	CR_HOLD_SCOPE_THREAD,
	CR_HOLD_SCOPE_INIT,
	CR_HOLD_SCOPE_UNINIT
};

/* Per-thread initialisation; returns the thread's client id (>= 0) or -1. */
extern cr_client_id_t cr_init(void);

#define cr_initialize_checkpoint_args_t(_cr_args) \
	cri_init_checkpoint_args_t(CR_CHECKPOINT_ARGS_VERSION, (_cr_args))
#define cr_initialize_restart_args_t(_cr_args) \
	cri_init_restart_args_t(CR_RESTART_ARGS_VERSION, (_cr_args))

/* Requesting a checkpoint (of others or of oneself): 0 = requested, -1 + errno. */
extern int cr_request_checkpoint(cr_checkpoint_args_t *args, cr_checkpoint_handle_t *handle);
/* > 0 done, 0 timed out, < 0 error. */
extern int cr_wait_checkpoint(cr_checkpoint_handle_t *handle, struct timeval *timeout);
/* bytes needed for the messages (with the NUL), 0 none, < 0 error. */
extern int cr_log_checkpoint(cr_checkpoint_handle_t *handle, unsigned int len, char *msg);
/* > 0 checkpoint taken; -1 with errno (CR_ERESTARTED: this is the restart of it). */
extern int cr_reap_checkpoint(cr_checkpoint_handle_t *handle);
#define CR_POLL_CHKPT_ERR_PRE	-1
#define CR_POLL_CHKPT_ERR_POST	-2
#define CR_POLL_CHKPT_ERR_LOG	-3
extern int cr_poll_checkpoint_msg(cr_checkpoint_handle_t *handle, struct timeval *timeout, char **msg_p);
extern int cr_poll_checkpoint(cr_checkpoint_handle_t *handle, struct timeval *timeout);
/* Callback-only: add processes to the running request (CR_ENOTCB elsewhere). */
extern int cr_forward_checkpoint(cr_scope_t cr_scope, pid_t cr_target);

/* The restart API (experimental in BLCR): not provided here, every call fails with ENOSYS. */
extern int cri_init_restart_args_t(cr_version_t, cr_restart_args_t *);
extern int cr_request_restart(cr_restart_args_t *args, cr_restart_handle_t *handle);
extern int cr_wait_restart(cr_restart_handle_t *handle, struct timeval *timeout);
extern int cr_log_restart(cr_restart_handle_t *handle, unsigned int len, char *msg);
extern int cr_reap_restart(cr_restart_handle_t *handle);
#define CR_POLL_RSTRT_ERR_PRE	-1
#define CR_POLL_RSTRT_ERR_POST	-2
#define CR_POLL_RSTRT_ERR_LOG	-3
extern int cr_poll_restart_msg(cr_restart_handle_t *handle, struct timeval *timeout, char **msg_p);
extern int cr_poll_restart(cr_restart_handle_t *handle, struct timeval *timeout);

/* Callbacks: an id (>= 0) or -1 with errno (CR_ENOINIT, ENOMEM, ENOSPC, EINVAL, EBUSY). */
extern cr_callback_id_t cr_register_callback(cr_callback_t func, void *arg, int flags);
extern int cr_replace_callback(cr_callback_id_t id, cr_callback_t func, void *arg, int flags);
extern int cr_replace_self(cr_callback_t func, void *arg, int flags);
/* Inside a callback: 0 continuing, > 0 restarted, < 0 -errno (like setjmp). */
extern int cr_checkpoint(int flags);
extern const struct cr_checkpoint_info *cr_get_checkpoint_info(void);
extern const struct cr_restart_info *cr_get_restart_info(void);

/* Critical sections: reentrant, signal-safe; checkpoints wait until all are left. */
extern int cr_enter_cs(cr_client_id_t id);
extern int cr_tryenter_cs(cr_client_id_t id);
extern int cr_leave_cs(cr_client_id_t id);
extern int cr_status(void);

extern void cr_spinlock_init(cr_spinlock_t *);
extern void cr_spinlock_lock(cr_spinlock_t *);
extern void cr_spinlock_unlock(cr_spinlock_t *);
extern int cr_spinlock_trylock(cr_spinlock_t *);

extern const char *cr_strerror(int errnum);
extern cr_hook_fn_t cr_register_hook(cr_hook_event_t event, cr_hook_fn_t hook_fn);
extern int cr_hold_ctrl(int scope, int flags);
extern int cr_inc_persist(void);
extern int cr_dec_persist(void);

/* Private: use cr_initialize_checkpoint_args_t(). */
extern int cri_init_checkpoint_args_t(cr_version_t, cr_checkpoint_args_t *);

/* Legacy: checkpoint oneself (CR_SCOPE_PROC) and wait. */
extern void cr_request(void) _CR_DEPRECATED;
extern void cr_request_file(const char *filename) _CR_DEPRECATED;
extern void cr_request_fd(int fd) _CR_DEPRECATED;

__END_DECLS

#endif
