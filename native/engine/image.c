// SPDX-License-Identifier: GPL-2.0-or-later
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <limits.h>
#include <unistd.h>
#include "image.h"

static int write_all(int fd, const void *data, uint64_t len)
{
	const char *p = data;

	while (len) {
		ssize_t n = write(fd, p, len > (1u << 30) ? (1u << 30) : len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		p += n;
		len -= (uint64_t)n;
	}
	return 0;
}

static int pad_to(struct img_writer *w, uint64_t align)
{
	static const char zeros[4096];
	uint64_t pad = (align - (w->off % align)) % align;
	int ret = pad ? write_all(w->fd, zeros, pad) : 0;

	if (!ret)
		w->off += pad;
	return ret;
}

int iw_open(struct img_writer *w, int fd)
{
	static const char zeros[BLCR_IMG_HDR_SIZE];

	memset(w, 0, sizeof(*w));
	w->fd = fd;
	vec_init(&w->secs, sizeof(struct blcr_img_section));
	w->off = 0;
	if (write_all(fd, zeros, sizeof(zeros)))
		return -errno;
	w->off = BLCR_IMG_HDR_SIZE;
	return 0;
}

uint64_t iw_offset(const struct img_writer *w)
{
	return w->off;
}

int iw_section(struct img_writer *w, uint32_t type, uint32_t task, const void *data, uint64_t len)
{
	struct blcr_img_section *s;
	int ret = pad_to(w, 8);

	if (ret)
		return ret;
	s = vec_push(&w->secs);
	s->type = type;
	s->task = task;
	s->off = w->off;
	s->size = len;
	s->csum = blcr_hash64(data, len, type);
	ret = write_all(w->fd, data, len);
	if (!ret)
		w->off += len;
	return ret;
}

int iw_pages_begin(struct img_writer *w, uint32_t task)
{
	int ret = pad_to(w, BLCR_PAGE_SIZE);

	w->pages_start = w->off;
	w->pages_task = task;
	return ret;
}

static void *writer_main(void *arg)
{
	struct img_writer *w = arg;

	pthread_mutex_lock(&w->mu);
	for (;;) {
		struct iw_job *j = &w->jobs[w->next];

		while (!j->busy && !w->stop)
			pthread_cond_wait(&w->cv, &w->mu);
		if (!j->busy && w->stop)
			break;
		pthread_mutex_unlock(&w->mu);
		for (int i = 0; i < j->niov && !w->err;) {
			int n = j->niov - i > IOV_MAX ? IOV_MAX : j->niov - i;
			ssize_t r = writev(w->fd, j->iov + i, n);

			if (r < 0 && errno == EINTR)
				continue;
			if (r < 0) {
				w->err = -errno;
				break;
			}
			/* a short write: advance through the iovecs and go on */
			while (r > 0 && i < j->niov) {
				if ((size_t)r >= j->iov[i].iov_len) {
					r -= (ssize_t)j->iov[i].iov_len;
					i++;
				} else {
					j->iov[i].iov_base = (char *)j->iov[i].iov_base + r;
					j->iov[i].iov_len -= (size_t)r;
					r = 0;
				}
			}
		}
		pthread_mutex_lock(&w->mu);
		j->busy = 0;
		j->niov = 0;
		w->next ^= 1;
		pthread_cond_broadcast(&w->cv);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

int iw_async_start(struct img_writer *w)
{
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv, NULL);
	w->stop = w->err = w->next = 0;
	if (pthread_create(&w->thread, NULL, writer_main, w))
		return -EAGAIN;
	w->async = 1;
	return 0;
}

int iw_async_wait(struct img_writer *w, int slot)
{
	int err;

	pthread_mutex_lock(&w->mu);
	while (w->jobs[slot].busy)
		pthread_cond_wait(&w->cv, &w->mu);
	err = w->err;
	pthread_mutex_unlock(&w->mu);
	return err;
}

void iw_async_queue(struct img_writer *w, int slot, const void *data, uint64_t len)
{
	struct iw_job *j = &w->jobs[slot];
	struct iovec *last = j->niov ? &j->iov[j->niov - 1] : NULL;

	if (last && (const char *)last->iov_base + last->iov_len == data) {
		last->iov_len += len;
	} else {
		if (j->niov == j->cap) {
			j->cap = j->cap ? 2 * j->cap : 64;
			j->iov = realloc(j->iov, (size_t)j->cap * sizeof(*j->iov));
		}
		j->iov[j->niov].iov_base = (void *)data;
		j->iov[j->niov].iov_len = len;
		j->niov++;
	}
	w->off += len;	/* its place in the file is fixed now */
}

int iw_async_submit(struct img_writer *w, int slot)
{
	if (!w->jobs[slot].niov)
		return 0;
	pthread_mutex_lock(&w->mu);
	w->jobs[slot].busy = 1;
	pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
	return 1;
}

static int async_stop(struct img_writer *w)
{
	int err;

	if (!w->async)
		return 0;
	pthread_mutex_lock(&w->mu);
	w->stop = 1;
	pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->thread, NULL);
	w->async = 0;
	err = w->err;
	for (int i = 0; i < 2; i++) {
		free(w->jobs[i].iov);
		memset(&w->jobs[i], 0, sizeof(w->jobs[i]));
	}
	return err;
}

int iw_pages_end(struct img_writer *w, uint64_t csum)
{
	struct blcr_img_section *s;
	int ret = async_stop(w);

	if (ret)
		return ret;
	s = vec_push(&w->secs);
	s->type = BLCR_SEC_PAGES;
	s->task = w->pages_task;
	s->off = w->pages_start;
	s->size = w->off - w->pages_start;
	s->csum = csum;
	return 0;
}

int iw_finish(struct img_writer *w, struct blcr_img_header *hdr)
{
	uint64_t tab_len = w->secs.len * sizeof(struct blcr_img_section);
	int ret = pad_to(w, 8);

	if (ret)
		return ret;
	memcpy(hdr->magic, BLCR_IMG_MAGIC, 8);
	hdr->version = BLCR_IMG_VERSION;
	hdr->header_size = sizeof(*hdr);
	hdr->page_size = BLCR_PAGE_SIZE;
	hdr->nr_sections = (uint32_t)w->secs.len;
	hdr->sectab_off = w->off;
	hdr->sectab_csum = blcr_hash64(w->secs.data, tab_len, 0);
	hdr->file_size = w->off + tab_len;
	ret = write_all(w->fd, w->secs.data, tab_len);
	if (ret)
		return ret;
	w->off += tab_len;
	hdr->hdr_csum = 0;
	hdr->hdr_csum = blcr_hash64(hdr, sizeof(*hdr), 0);
	if (pwrite(w->fd, hdr, sizeof(*hdr), 0) != (ssize_t)sizeof(*hdr))
		return errno ? -errno : -EIO;
	return 0;
}

void iw_free(struct img_writer *w)
{
	async_stop(w);
	vec_free(&w->secs);
}

/* ---- reader ---- */

static int refuse(struct img_reader *r, int code, const char *fmt, const char *detail)
{
	snprintf(r->err, sizeof(r->err), fmt, detail);
	return code;
}

static int pread_all(int fd, void *buf, uint64_t len, uint64_t off)
{
	char *p = buf;

	while (len) {
		ssize_t n = pread(fd, p, len, (off_t)off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		p += n;
		len -= (uint64_t)n;
		off += (uint64_t)n;
	}
	return 0;
}

int ir_open(struct img_reader *r, const char *path)
{
	struct stat st;
	uint64_t csum, tab_len;

	memset(r, 0, sizeof(*r));
	r->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (r->fd < 0) {
		snprintf(r->err, sizeof(r->err), "cannot open %s: %s", path, strerror(errno));
		return IMG_E_IO;
	}
	if (fstat(r->fd, &st) || !S_ISREG(st.st_mode))
		return refuse(r, IMG_E_NOTCTX, "%s is not a regular file", path);
	r->file_size = (uint64_t)st.st_size;
	if (r->file_size < sizeof(r->hdr) || pread_all(r->fd, &r->hdr, sizeof(r->hdr), 0))
		return refuse(r, r->file_size >= 8 ? IMG_E_TRUNCATED : IMG_E_NOTCTX,
			      "%s is too short to be a blcr context file", path);
	if (memcmp(r->hdr.magic, BLCR_IMG_MAGIC, 8)) {
		if (!memcmp(r->hdr.magic, "\0\0\0\0\0\0\0\0", 8))
			return refuse(r, IMG_E_TRUNCATED, "%s has no header: the checkpoint that wrote it did not finish", path);
		return refuse(r, IMG_E_NOTCTX, "%s is not a blcr context file (bad magic)", path);
	}
	if (r->hdr.version != BLCR_IMG_VERSION) {
		snprintf(r->err, sizeof(r->err), "%s has image format version %u; this blcr reads version %u",
			 path, r->hdr.version, BLCR_IMG_VERSION);
		return IMG_E_VERSION;
	}
	csum = r->hdr.hdr_csum;
	r->hdr.hdr_csum = 0;
	if (blcr_hash64(&r->hdr, sizeof(r->hdr), 0) != csum)
		return refuse(r, IMG_E_CORRUPT, "%s: header checksum mismatch (corrupted file)", path);
	r->hdr.hdr_csum = csum;
	if (r->hdr.arch != BLCR_ARCH_X86_64) {
		snprintf(r->err, sizeof(r->err), "%s was taken on another architecture (ELF machine %u); this is x86_64",
			 path, r->hdr.arch);
		return IMG_E_ARCH;
	}
	if (r->hdr.file_size != r->file_size) {
		snprintf(r->err, sizeof(r->err), "%s is %s: %llu bytes, the header says %llu", path,
			 r->file_size < r->hdr.file_size ? "truncated" : "longer than written",
			 (unsigned long long)r->file_size, (unsigned long long)r->hdr.file_size);
		return r->file_size < r->hdr.file_size ? IMG_E_TRUNCATED : IMG_E_CORRUPT;
	}
	tab_len = (uint64_t)r->hdr.nr_sections * sizeof(struct blcr_img_section);
	if (r->hdr.nr_sections > 1u << 20 || r->hdr.sectab_off + tab_len > r->file_size)
		return refuse(r, IMG_E_CORRUPT, "%s: section table out of bounds", path);
	r->secs = malloc(tab_len ? tab_len : 1);
	if (!r->secs || pread_all(r->fd, r->secs, tab_len, r->hdr.sectab_off))
		return refuse(r, IMG_E_IO, "%s: cannot read the section table", path);
	if (blcr_hash64(r->secs, tab_len, 0) != r->hdr.sectab_csum)
		return refuse(r, IMG_E_CORRUPT, "%s: section table checksum mismatch (corrupted file)", path);
	for (uint32_t i = 0; i < r->hdr.nr_sections; i++) {
		if (r->secs[i].off + r->secs[i].size > r->hdr.sectab_off)
			return refuse(r, IMG_E_CORRUPT, "%s: a section lies outside the data area", path);
	}
	return IMG_OK;
}

const struct blcr_img_section *ir_find(const struct img_reader *r, uint32_t type, uint32_t task)
{
	for (uint32_t i = 0; i < r->hdr.nr_sections; i++)
		if (r->secs[i].type == type && r->secs[i].task == task)
			return &r->secs[i];
	return NULL;
}

static const char *sec_name(uint32_t type)
{
	static const char *names[] = { "?", "TASK", "REGS", "XSTATE", "SIGACT", "SIGINFO", "VMAS",
				       "RUNS", "PAGES", "FDS", "STRINGS", "FILES", "THREAD" };

	return type < sizeof(names) / sizeof(names[0]) ? names[type] : "?";
}

int ir_load(struct img_reader *r, uint32_t type, uint32_t task, void **data, uint64_t *len)
{
	const struct blcr_img_section *s = ir_find(r, type, task);

	*data = NULL;
	*len = 0;
	if (!s) {
		snprintf(r->err, sizeof(r->err), "section %s of task %u is missing", sec_name(type), task);
		return IMG_E_CORRUPT;
	}
	return ir_load_sec(r, s, data, len);
}

int ir_load_sec(struct img_reader *r, const struct blcr_img_section *s, void **data, uint64_t *len)
{
	uint32_t type = s->type, task = s->task;
	void *buf;

	buf = malloc(s->size + 1);
	if (!buf)
		return IMG_E_IO;
	if (pread_all(r->fd, buf, s->size, s->off)) {
		free(buf);
		snprintf(r->err, sizeof(r->err), "cannot read section %s: %s", sec_name(type), strerror(errno));
		return IMG_E_IO;
	}
	((char *)buf)[s->size] = 0;
	if (blcr_hash64(buf, s->size, type) != s->csum) {
		free(buf);
		snprintf(r->err, sizeof(r->err), "section %s of task %u is corrupted (checksum mismatch)",
			 sec_name(type), task);
		return IMG_E_CORRUPT;
	}
	*data = buf;
	*len = s->size;
	return IMG_OK;
}

void ir_close(struct img_reader *r)
{
	if (r->fd >= 0)
		close(r->fd);
	free(r->secs);
	r->secs = NULL;
	r->fd = -1;
}
