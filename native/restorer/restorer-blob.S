/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The restorer, linked into cr_restart as bytes; copied into the hole at restart. */
	.section .rodata
	.balign 64
	.globl blcr_restorer_blob
	.globl blcr_restorer_blob_end
blcr_restorer_blob:
	.incbin "restorer.bin"
blcr_restorer_blob_end:
	.section .note.GNU-stack,"",@progbits
