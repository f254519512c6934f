/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef BLCR_RESTORE_INT_H
#define BLCR_RESTORE_INT_H

#include "restore.h"

extern const unsigned char blcr_restorer_blob[], blcr_restorer_blob_end[];

/* Runs in the new child; never returns. Errors: one line on stderr, _exit(code). */
void restore_child(const struct restore_opts *o, struct rimage *img, int go_fd, int status_fd,
		   uint64_t *hole_out_unused) __attribute__((noreturn));

#endif
