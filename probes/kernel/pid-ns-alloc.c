// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * 4.15 API change: pid namespaces allocate pids from an IDR (ns->idr) instead of pidmap pages (95846ecf9dac).
 * Built by the one kbuild pass (src/probes/lib/kbuild.ts): passes when pid-ns-alloc.ko exists.
 */
#include <linux/module.h>
#include <linux/idr.h>
#include <linux/pid_namespace.h>
#include <linux/sched.h>

static int __init probe_init(void)
{
	struct pid_namespace *ns = task_active_pid_ns(current);

	return idr_is_empty(&ns->idr) ? -ENOENT : 0;
}
module_init(probe_init);
MODULE_LICENSE("GPL");
