/* SPDX-License-Identifier: GPL-2.0-or-later */
/* /proc/sys/kernel/ns_last_pid (3.3): pre-5.5 way to steer the next pid (write needs privilege). */
#include "probe.h"
#include <fcntl.h>
#include <unistd.h>

int main(void)
{
	char buf[32] = "";
	int fd = open("/proc/sys/kernel/ns_last_pid", O_RDWR);

	if (fd < 0 && (fd = open("/proc/sys/kernel/ns_last_pid", O_RDONLY)) < 0)
		return FAIL_ERRNO("open /proc/sys/kernel/ns_last_pid");
	if (read(fd, buf, sizeof(buf) - 1) <= 0)
		return FAIL_ERRNO("read ns_last_pid");
	fact("lastPid", "%ld", strtol(buf, NULL, 10));
	/* Writing the value just read back changes nothing for pid allocation. */
	int writable = pwrite(fd, buf, strlen(buf), 0) > 0;
	fact("writable", "%s", writable ? "true" : "false");
	return PASS(writable ? "readable and writable" : "readable (writing needs CAP_CHECKPOINT_RESTORE)");
}
