/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Logging for the engine's tools. Each .c file may set LOG_PREFIX before including
 * this header. Errors print one line: "<tool>: <what>: <cause>".
 */
#ifndef BLCR_LOG_H
#define BLCR_LOG_H

#include <errno.h>
#include <stdio.h>
#include <string.h>

extern const char *blcr_tool;		/* argv[0]'s basename, set by main() */
extern int blcr_verbose;		/* -v count; -1 = quiet */

#ifndef LOG_PREFIX
#define LOG_PREFIX ""
#endif

#define pr_err(fmt, ...) \
	do { if (blcr_verbose >= 0) fprintf(stderr, "%s: " LOG_PREFIX fmt, blcr_tool, ##__VA_ARGS__); } while (0)
#define pr_perror(fmt, ...) \
	do { int __e = errno; if (blcr_verbose >= 0) fprintf(stderr, "%s: " LOG_PREFIX fmt ": %s\n", blcr_tool, ##__VA_ARGS__, strerror(__e)); errno = __e; } while (0)
#define pr_info(fmt, ...) \
	do { if (blcr_verbose >= 1) fprintf(stderr, "%s: " LOG_PREFIX fmt, blcr_tool, ##__VA_ARGS__); } while (0)
#define pr_debug(fmt, ...) \
	do { if (blcr_verbose >= 2) fprintf(stderr, "%s: " LOG_PREFIX fmt, blcr_tool, ##__VA_ARGS__); } while (0)

#endif
