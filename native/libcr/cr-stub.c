// SPDX-License-Identifier: LGPL-2.1-or-later
/* The link anchors of the stub flavours (BLCR: -lcr_run -u cr_run_link_me). */
#include "libcr-int.h"

#if CRI_FLAVOUR == CRI_FLAVOUR_OMIT
CR_EXPORT int cr_omit_link_me;
#else
CR_EXPORT int cr_run_link_me;
#endif
