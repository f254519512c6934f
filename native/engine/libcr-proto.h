/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The engine's side of the libcr protocol (include/blcr/libcr-ctl.h). */
#ifndef BLCR_LIBCR_PROTO_H
#define BLCR_LIBCR_PROTO_H

#include <stdint.h>
#include <sys/types.h>
#include "blcr/libcr-ctl.h"

/* Address of the process's control block, 0 if it has no libcr (or a foreign one). */
uint64_t libcr_find(pid_t pid, struct cri_ctl *out);
int libcr_write_state(pid_t pid, uint64_t addr, int32_t state);
/* Ask for a checkpoint and wait for READY; returns 0, or a BLCR_EXIT_* after printing why. */
int libcr_request(pid_t pid, uint64_t addr, const struct cri_ctl *req, unsigned timeout_sec, int *omit);
/* cr_restart: tell a restored process it was restarted, from FILE. */
int libcr_mark_restarted(pid_t pid, uint64_t addr, const char *src);

#endif
