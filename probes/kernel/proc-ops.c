// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * 5.6 API change: /proc files take a struct proc_ops, no longer a struct file_operations (d56c0d45f0e2).
 * Built by the one kbuild pass (src/probes/lib/kbuild.ts): passes when proc-ops.ko exists.
 */
#include <linux/module.h>
#include <linux/proc_fs.h>

static int __init probe_init(void)
{
	static const struct proc_ops ops = { .proc_read = NULL };
	return ops.proc_read ? -EINVAL : 0;
}
module_init(probe_init);
MODULE_LICENSE("GPL");
