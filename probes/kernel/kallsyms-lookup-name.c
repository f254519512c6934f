// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * 5.7 API change: kallsyms_lookup_name() is no longer exported (0bd476e6c671);
 * the module then takes unexported addresses from the verified System.map instead.
 * Built by the one kbuild pass (src/probes/lib/kbuild.ts): passes when kallsyms-lookup-name.ko exists.
 */
#include <linux/module.h>
#include <linux/kallsyms.h>

static int __init probe_init(void)
{
	return kallsyms_lookup_name("jiffies") ? 0 : -ENOENT;
}
module_init(probe_init);
MODULE_LICENSE("GPL");
