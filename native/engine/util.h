/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef BLCR_UTIL_H
#define BLCR_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* A growable array of fixed-size elements. */
struct vec {
	void *data;
	size_t len, cap, elem;
};

void vec_init(struct vec *v, size_t elem);
void *vec_push(struct vec *v);		/* zeroed new element */
void vec_free(struct vec *v);
#define vec_at(v, type, i) (&((type *)(v)->data)[i])

/* String table: offset 0 is the empty string. */
struct strtab {
	char *data;
	size_t len, cap;
};

void strtab_init(struct strtab *s);
uint32_t strtab_add(struct strtab *s, const char *str);
void strtab_free(struct strtab *s);

void *xzalloc(size_t n);
char *read_text_file(const char *path, size_t *len_out);	/* NUL-terminated, malloc'd */
int read_build_id(const char *path, uint8_t out[20], uint32_t *len);

#endif
