/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * /dev/blcr: the user-visible interface of blcr.ko, shared with cr_restart.
 * Bump BLCR_ABI_VERSION on any change to these structures or numbers.
 */
#ifndef _UAPI_BLCR_H
#define _UAPI_BLCR_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define BLCR_ABI_VERSION	1
#define BLCR_DEVICE		"/dev/blcr"
#define BLCR_IOC_MAGIC		0xB7

/* blcr_status.flags */
#define BLCR_STATUS_VERIFIED	(1U << 0)	/* System.map checked at init */
#define BLCR_STATUS_PID_HELPER	(1U << 1)	/* BLCR_IOC_FORK_PID available */
#define BLCR_STATUS_PID_CURSOR	(1U << 2)	/* BLCR_IOC_RESERVE_PID available */

struct blcr_status {
	__u32 abi;		/* BLCR_ABI_VERSION */
	__u32 flags;		/* BLCR_STATUS_* */
	__u32 checked;		/* symbols verified at load */
	__u32 reserved;
	__s64 slide;		/* 0 unless the caller has CAP_SYSLOG */
	char release[65];	/* utsname release the module verified against */
	char pad[7];
};

/*
 * BLCR_IOC_FORK_PID behaves like fork(): the parent gets the child's pid,
 * the child gets 0.  The child has pid @pid in the caller's own pid
 * namespace.  Errors: EBUSY (pid in use), EINVAL (bad pid or flags),
 * EOPNOTSUPP (helper unavailable on this kernel).  If a concurrent fork
 * took @pid between the check and the clone, the returned pid differs:
 * that child has been sent SIGKILL; reap it and retry.  Code running in
 * the child should check getpid() == @pid before doing anything else.
 */
struct blcr_fork_pid {
	__s32 pid;
	__u32 flags;		/* must be 0 */
};

#define BLCR_IOC_ABI		_IOR(BLCR_IOC_MAGIC, 0, __u32)
#define BLCR_IOC_STATUS		_IOR(BLCR_IOC_MAGIC, 1, struct blcr_status)
#define BLCR_IOC_FORK_PID	_IOW(BLCR_IOC_MAGIC, 2, struct blcr_fork_pid)
/*
 * BLCR_IOC_RESERVE_PID: where BLCR_IOC_FORK_PID is off (kernel_clone cannot be called
 * on IBT kernels), point the caller's own pid namespace's allocation cursor at @pid if
 * it is free (EBUSY if not); the caller's next fork()/clone3() normally gets it.  It
 * can still lose the pid to a concurrent fork: check, and retry.
 */
#define BLCR_IOC_RESERVE_PID	_IOW(BLCR_IOC_MAGIC, 3, struct blcr_fork_pid)

#endif /* _UAPI_BLCR_H */
