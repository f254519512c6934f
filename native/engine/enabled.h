/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef BLCR_ENABLED_H
#define BLCR_ENABLED_H
/*
 * configure's enable step records the kernel it verified (etc/blcr/enabled beside bin/).
 * The tools refuse to run on another kernel until ./configure has looked at it.
 * Returns 0, or BLCR_EXIT_NOTCONF after printing why. BLCR_SKIP_ENABLED_CHECK=1 skips it
 * (used by the QEMU matrix's static binaries, which have no configure run).
 */
int blcr_check_enabled(const char *argv0);
#endif
