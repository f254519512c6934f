/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Writing and reading context files (format: include/blcr/image.h). */
#ifndef BLCR_ENGINE_IMAGE_H
#define BLCR_ENGINE_IMAGE_H

#include <pthread.h>
#include <stdint.h>
#include <sys/uio.h>
#include "blcr/image.h"
#include "util.h"

/* One batch of page data for the writer thread: iovecs into one of two read buffers. */
struct iw_job {
	struct iovec *iov;
	int niov, cap;
	int busy;
};

struct img_writer {
	int fd;
	/* async page writing: the dumper reads and checksums while this thread writes */
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct iw_job jobs[2];
	int async, stop, err, next;	/* next: the job the thread writes next */
	uint64_t off;
	struct vec secs;	/* struct blcr_img_section */
	uint64_t pages_start;
	uint32_t pages_task;
};

int iw_open(struct img_writer *w, int fd);
/* A whole section from memory. */
int iw_section(struct img_writer *w, uint32_t type, uint32_t task, const void *data, uint64_t len);
/* Page data: begin (4 KiB aligned), queue pages (iw_async_*), end (records the section). */
int iw_pages_begin(struct img_writer *w, uint32_t task);
int iw_pages_end(struct img_writer *w, uint64_t csum);
uint64_t iw_offset(const struct img_writer *w);
/*
 * Page data through the writer thread, double-buffered: wait until slot's job is written
 * (its buffer is free again), queue pieces of that buffer, submit. Offsets are assigned
 * at queue time, in order. iw_pages_end waits for everything.
 */
int iw_async_start(struct img_writer *w);
int iw_async_wait(struct img_writer *w, int slot);
void iw_async_queue(struct img_writer *w, int slot, const void *data, uint64_t len);
/* Returns 1 if a job was queued (the caller moves to the other slot), 0 if slot was empty. */
int iw_async_submit(struct img_writer *w, int slot);
/* Section table + header; the header is written last so a torn file never looks valid. */
int iw_finish(struct img_writer *w, struct blcr_img_header *hdr);
void iw_free(struct img_writer *w);

/* Reader: validates the header, the table and every metadata section's checksum. */
struct img_reader {
	int fd;
	uint64_t file_size;
	struct blcr_img_header hdr;
	struct blcr_img_section *secs;
	char err[256];		/* why the file was refused */
};

enum img_err {
	IMG_OK = 0,
	IMG_E_IO = -1,
	IMG_E_NOTCTX = -2,	/* not a context file */
	IMG_E_VERSION = -3,
	IMG_E_ARCH = -4,
	IMG_E_TRUNCATED = -5,
	IMG_E_CORRUPT = -6,
};

int ir_open(struct img_reader *r, const char *path);
const struct blcr_img_section *ir_find(const struct img_reader *r, uint32_t type, uint32_t task);
/* Reads and checksums one section into a malloc'd buffer. */
int ir_load(struct img_reader *r, uint32_t type, uint32_t task, void **data, uint64_t *len);
/* Same, for one given section (several share a type: one THREAD section per thread). */
int ir_load_sec(struct img_reader *r, const struct blcr_img_section *s, void **data, uint64_t *len);
void ir_close(struct img_reader *r);

#endif
