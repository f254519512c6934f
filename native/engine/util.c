// SPDX-License-Identifier: GPL-2.0-or-later
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "util.h"

void *xzalloc(size_t n)
{
	void *p = calloc(1, n ? n : 1);

	if (!p) {
		fprintf(stderr, "blcr: out of memory (%zu bytes)\n", n);
		abort();
	}
	return p;
}

void vec_init(struct vec *v, size_t elem)
{
	memset(v, 0, sizeof(*v));
	v->elem = elem;
}

void *vec_push(struct vec *v)
{
	if (v->len == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 16;
		void *d = realloc(v->data, cap * v->elem);

		if (!d)
			abort();
		v->data = d;
		v->cap = cap;
	}
	memset((char *)v->data + v->len * v->elem, 0, v->elem);
	return (char *)v->data + v->len++ * v->elem;
}

void vec_free(struct vec *v)
{
	free(v->data);
	memset(v, 0, sizeof(*v));
}

void strtab_init(struct strtab *s)
{
	s->cap = 4096;
	s->data = xzalloc(s->cap);
	s->len = 1;	/* offset 0: "" */
}

uint32_t strtab_add(struct strtab *s, const char *str)
{
	size_t n = strlen(str) + 1;
	uint32_t off;

	if (n == 1)
		return 0;
	while (s->len + n > s->cap) {
		s->cap *= 2;
		s->data = realloc(s->data, s->cap);
		if (!s->data)
			abort();
	}
	off = (uint32_t)s->len;
	memcpy(s->data + off, str, n);
	s->len += n;
	return off;
}

void strtab_free(struct strtab *s)
{
	free(s->data);
	memset(s, 0, sizeof(*s));
}

char *read_text_file(const char *path, size_t *len_out)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t cap = 8192, len = 0;
	char *buf;

	if (fd < 0)
		return NULL;
	buf = xzalloc(cap);
	for (;;) {
		ssize_t n;

		if (len + 1 >= cap) {
			cap *= 2;
			buf = realloc(buf, cap);
			if (!buf)
				abort();
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;

			free(buf);
			close(fd);
			errno = e;
			return NULL;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = 0;
	if (len_out)
		*len_out = len;
	return buf;
}

/* The ELF NT_GNU_BUILD_ID of a file: what tells two builds of a library apart. */
int read_build_id(const char *path, uint8_t out[20], uint32_t *len)
{
	Elf64_Ehdr eh;
	Elf64_Phdr ph;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int found = -ENOENT;

	*len = 0;
	if (fd < 0)
		return -errno;
	if (pread(fd, &eh, sizeof(eh), 0) != sizeof(eh) || memcmp(eh.e_ident, ELFMAG, SELFMAG) ||
	    eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_phentsize != sizeof(ph))
		goto out;
	for (int i = 0; i < eh.e_phnum && found; i++) {
		char notes[4096];
		size_t off = 0, n;

		if (pread(fd, &ph, sizeof(ph), (off_t)(eh.e_phoff + (uint64_t)i * sizeof(ph))) != sizeof(ph))
			break;
		if (ph.p_type != PT_NOTE)
			continue;
		n = ph.p_filesz < sizeof(notes) ? ph.p_filesz : sizeof(notes);
		if (pread(fd, notes, n, (off_t)ph.p_offset) != (ssize_t)n)
			continue;
		while (off + sizeof(Elf64_Nhdr) <= n) {
			Elf64_Nhdr *nh = (Elf64_Nhdr *)(notes + off);
			size_t name = (nh->n_namesz + 3) & ~3u, desc = (nh->n_descsz + 3) & ~3u;
			size_t d = off + sizeof(*nh) + name;

			if (d + nh->n_descsz > n)
				break;
			if (nh->n_type == NT_GNU_BUILD_ID && nh->n_namesz == 4 &&
			    !memcmp(notes + off + sizeof(*nh), "GNU", 4)) {
				*len = nh->n_descsz > 20 ? 20 : nh->n_descsz;
				memcpy(out, notes + d, *len);
				found = 0;
				break;
			}
			off = d + desc;
		}
	}
out:
	close(fd);
	return found;
}
