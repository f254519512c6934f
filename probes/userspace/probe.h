/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared by the userspace feature tests: each prints "key=value" lines on stdout, ending
 * with result=pass|fail|skip and a one-line reason (src/probes/lib/userspace-probe.ts).
 */
#ifndef BLCR_PROBE_H
#define BLCR_PROBE_H
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define fact(key, fmt, ...) printf(key "=" fmt "\n", ##__VA_ARGS__)

static inline int verdict(const char *result, const char *reason)
{
	printf("result=%s\nreason=%s\n", result, reason);
	return 0;
}

#define PASS(reason) verdict("pass", reason)
#define FAIL(reason) verdict("fail", reason)
#define SKIP(reason) verdict("skip", reason)
/* A failed call: the reason names it and errno. */
#define FAIL_ERRNO(what) (printf("errno=%d\n", errno), printf("result=fail\nreason=%s: %s\n", what, strerror(errno)), 0)

#endif
