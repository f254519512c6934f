// SPDX-License-Identifier: GPL-2.0
/*
 * blcr.ko: only what userspace cannot do.
 *
 * Loaded by `blcr load` with the System.map addresses of one exported
 * anchor, a few exported cross-checks and the unexported symbols it
 * imports.  At init it derives the KASLR slide from the anchor, requires
 * it to be a multiple of CONFIG_PHYSICAL_ALIGN, checks every other
 * symbol and refuses to load (-EINVAL, one pr_err naming the symbol) on
 * any mismatch: BLCR's blcr_imports check, made KASLR-aware.  Then it
 * serves /dev/blcr (see uapi/blcr.h).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/utsname.h>

#include "blcr-kmod.h"

static struct blcr_map_params map;

module_param_named(anchor_addr, map.anchor, ulong, 0444);
MODULE_PARM_DESC(anchor_addr, "System.map address of __register_chrdev (exported anchor: gives the KASLR slide)");
module_param_named(kfree_addr, map.kfree, ulong, 0444);
MODULE_PARM_DESC(kfree_addr, "System.map address of kfree (exported cross-check)");
module_param_named(schedule_addr, map.schedule, ulong, 0444);
MODULE_PARM_DESC(schedule_addr, "System.map address of schedule (exported cross-check)");
module_param_named(init_task_addr, map.init_task, ulong, 0444);
MODULE_PARM_DESC(init_task_addr, "System.map address of init_task (exported cross-check)");
module_param_named(kernel_clone_addr, map.kernel_clone, ulong, 0444);
MODULE_PARM_DESC(kernel_clone_addr, "System.map address of kernel_clone (unexported import; 0 disables the pid helper)");
module_param_named(pidmap_lock_addr, map.pidmap_lock, ulong, 0444);
MODULE_PARM_DESC(pidmap_lock_addr, "System.map address of pidmap_lock (unexported import; 0 disables the pid helper)");

struct blcr_imports blcr_imports;

static int __init blcr_init(void)
{
	int ret;

	ret = blcr_verify_map(&map, &blcr_imports);
	if (ret)
		return ret;
	ret = blcr_dev_register();
	if (ret) {
		pr_err("cannot register /dev/blcr: error %d\n", ret);
		return ret;
	}
	pr_info("verified %u symbols against System.map of %s; /dev/blcr ready (abi %d, pid helper %s)\n",
		blcr_imports.checked, init_utsname()->release, BLCR_ABI_VERSION,
		blcr_pid_helper_available() ? "on" : "off");
	return 0;
}

static void __exit blcr_exit(void)
{
	blcr_dev_unregister();
}

module_init(blcr_init);
module_exit(blcr_exit);
MODULE_LICENSE("GPL");
MODULE_AUTHOR("blcr developers");
MODULE_DESCRIPTION("BLCR helper: System.map-verified imports, /dev/blcr and the pid-restore helper");
MODULE_VERSION("0.9.0");
