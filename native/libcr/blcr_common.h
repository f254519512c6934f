/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Types and constants BLCR's libcr.h pulled from blcr_common.h, with BLCR's names and values
 * (BLCR 0.8.x), so code written against BLCR compiles unchanged.
 */
#ifndef _BLCR_COMMON_H
#define _BLCR_COMMON_H	1

#include <features.h>
#include <sys/types.h>

__BEGIN_DECLS

#if defined(__GNUC__)
#define _CR_DEPRECATED	__attribute__((__deprecated__))
#else
#define _CR_DEPRECATED
#endif

/* The signal libcr listens on (the top real-time signal, as BLCR's configure chose). */
#define CR_SIGNUM	64

/* This libcr speaks BLCR 0.8.6's interface. */
#define CR_RELEASE_MAJOR	0
#define CR_RELEASE_MINOR	8
#define CR_RELEASE_PATCH	6
#define CR_RELEASE_VERSION	"0.8.6"
#define LIBCR_MAJOR	0
#define LIBCR_MINOR	5
#define LIBCR_PATCH	5
#define LIBCR_VERSION	"0.5.5"

#define CR_ERROR_DEF(name, desc)	name,
enum {
	CR_MIN_ERRCODE = 2353,
#include "blcr_errcodes.h"
	CR_MAX_ERRCODE
};
#undef CR_ERROR_DEF

typedef long cr_bool_t;

typedef enum {
	cr_format_vmadump = 0,
} cr_format_t;

/* Scope of a checkpoint request (CR_SCOPE_TASK was removed in BLCR). */
typedef enum {
	CR_SCOPE_PROC,		/* all threads of one process */
	CR_SCOPE_PGRP,		/* every process of a process group */
	CR_SCOPE_SESS,		/* every process of a session */
	CR_SCOPE_TREE,		/* a process and all its descendants */
} cr_scope_t;

/* Flags for cr_checkpoint() inside a callback. */
enum {
	CR_CHECKPOINT_READY = 0,	/* checkpoint me */
	CR_CHECKPOINT_TEMP_FAILURE = 1,	/* cancel the checkpoint and continue */
	CR_CHECKPOINT_PERM_FAILURE = 2,	/* cancel the checkpoint and kill the job */
	CR_CHECKPOINT_OMIT = 4,		/* go on, but without this process */
	_CR_CHECKPOINT_STUB = 0x4000,	/* internal */
};
#define CR_CHECKPOINT_TEMP_FAILURE_CODE(_v)	(CR_CHECKPOINT_TEMP_FAILURE | ((_v) << 16))
#define CR_CHECKPOINT_PERM_FAILURE_CODE(_v)	(CR_CHECKPOINT_PERM_FAILURE | ((_v) << 16))
#define CR_CHECKPOINT_ABORT_MASK \
	(CR_CHECKPOINT_TEMP_FAILURE | CR_CHECKPOINT_PERM_FAILURE | CR_CHECKPOINT_OMIT)

/* cr_fd = CR_DEST_CWD: context.ID in the requester's working directory. */
#define CR_DEST_CWD	(-4096)

/* Checkpoint request flags (cr_checkpoint_args_t.cr_flags). */
#define CR_CHKPT_PROHIBIT_SELF	0x00000001	/* EDEADLK if the requester is in the scope */
#define CR_CHKPT_PTRACED_ALLOW	0x00000002
#define CR_CHKPT_PTRACED_SKIP	0x00000004
#define CR_CHKPT_PTRACER_SKIP	0x00000008
#define CR_CHKPT_ASYNC_ERR	0x00000010	/* report errors at reap time */
#define CR_CHKPT_DUMP_EXEC	0x0200
#define CR_CHKPT_DUMP_PRIVATE	0x0400
#define CR_CHKPT_DUMP_SHARED	0x0800
#define CR_CHKPT_DUMP_ALL	(CR_CHKPT_DUMP_EXEC | CR_CHKPT_DUMP_PRIVATE | CR_CHKPT_DUMP_SHARED)

/* Restart-time path relocation. */
struct cr_rstrt_relocate_pair {
	const char *oldpath;
	const char *newpath;
};
struct cr_rstrt_relocate {
	unsigned int count;
	struct cr_rstrt_relocate_pair path[0];
};
#define CR_RSTRT_RELOCATE_SIZE(_cnt) \
	(sizeof(struct cr_rstrt_relocate) + (_cnt) * sizeof(struct cr_rstrt_relocate_pair))
#define CR_MAX_RSTRT_RELOC	16

/* Restart request flags (cr_restart_args_t.cr_flags). */
#define CR_RSTRT_ASYNC_ERR	0x00000001
#define CR_RSTRT_RESTORE_PID	0x00000002
#define CR_RSTRT_RESTORE_PGID	0x00000004
#define CR_RSTRT_RESTORE_SID	0x00000008

/* cr_hold_ctrl() flags. */
#define CR_HOLD_READ	-1
#define CR_HOLD_NONE	0
#define CR_HOLD_CONT	1
#define CR_HOLD_RSTRT	2
#define CR_HOLD_BOTH	(CR_HOLD_CONT | CR_HOLD_RSTRT)
#define CR_HOLD_DFLT	4

__END_DECLS

#endif
