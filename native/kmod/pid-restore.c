// SPDX-License-Identifier: GPL-2.0
/*
 * The pid-restore helper: fork the caller with a chosen pid in the
 * caller's own pid namespace, for users who lack CAP_CHECKPOINT_RESTORE
 * (clone3 set_tid and ns_last_pid need it).
 *
 * Under pidmap_lock the pid is checked free in task_active_pid_ns(current)
 * and that namespace's allocation cursor is set to it (what a write to
 * ns_last_pid does); then the caller is forked with kernel_clone(), as
 * fork() does.  alloc_pid() never hands out a pid in use, so a concurrent
 * fork can at worst take the pid first: the child then has another pid,
 * gets SIGKILL, and the caller sees the difference.  Nothing outside the
 * caller's namespace is touched, and the child has exactly the caller's
 * credentials.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/idr.h>
#include <linux/mutex.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/signal.h>
#include <linux/threads.h>

#include "blcr-kmod.h"

/* one helper fork at a time: our own callers never race each other */
static DEFINE_MUTEX(blcr_fork_mutex);

bool blcr_pid_helper_available(void)
{
	return blcr_imports.kernel_clone && blcr_imports.pidmap_lock;
}

/* Point @ns's allocation cursor at @nr if no task holds it. */
static int reserve_cursor(struct pid_namespace *ns, pid_t nr)
{
	int ret = 0;

	spin_lock_irq(blcr_imports.pidmap_lock);
	if (idr_find(&ns->idr, nr))
		ret = -EBUSY;
	else
		idr_set_cursor(&ns->idr, nr);
	spin_unlock_irq(blcr_imports.pidmap_lock);
	return ret;
}

bool blcr_pid_cursor_available(void)
{
	return blcr_imports.pidmap_lock;
}

long blcr_reserve_pid(pid_t nr, u32 flags)
{
	if (!blcr_pid_cursor_available())
		return -EOPNOTSUPP;
	if (flags || nr < 1 || nr >= PID_MAX_LIMIT)
		return -EINVAL;
	return reserve_cursor(task_active_pid_ns(current), nr);
}

long blcr_fork_pid(pid_t nr, u32 flags)
{
	struct kernel_clone_args args = { .exit_signal = SIGCHLD };
	struct pid_namespace *ns = task_active_pid_ns(current);
	pid_t got;
	int ret;

	if (!blcr_pid_helper_available())
		return -EOPNOTSUPP;
	if (flags || nr < 1 || nr >= PID_MAX_LIMIT)
		return -EINVAL;

	mutex_lock(&blcr_fork_mutex);
	ret = reserve_cursor(ns, nr);
	got = ret ? ret : blcr_imports.kernel_clone(&args);
	mutex_unlock(&blcr_fork_mutex);

	if (got > 0 && got != nr) {
		/* a concurrent fork won the pid: this child must not run */
		rcu_read_lock();
		kill_pid(find_vpid(got), SIGKILL, 1);
		rcu_read_unlock();
	}
	return got;
}
