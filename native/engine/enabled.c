// SPDX-License-Identifier: GPL-2.0-or-later
#define _GNU_SOURCE
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "blcr/exitcodes.h"
#include "blcr/log.h"
#include "enabled.h"
#include "util.h"

/* The value of a key=value line, malloc'd; NULL if absent. */
static char *field(const char *text, const char *key)
{
	size_t k = strlen(key);

	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, key, k) && p[k] == '=')
			return strndup(p + k + 1, strcspn(p + k + 1, "\n"));
	return NULL;
}

int blcr_check_enabled(const char *argv0)
{
	char exe[PATH_MAX], conf[PATH_MAX + 32], *text, *rel, *running, *engine;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	const char *skip = getenv("BLCR_SKIP_ENABLED_CHECK");

	(void)argv0;
	if (skip && !strcmp(skip, "1"))
		return 0;
	if (n <= 0)
		return 0;
	exe[n] = 0;
	snprintf(conf, sizeof(conf), "%s/../etc/blcr/enabled", dirname(exe));
	text = read_text_file(conf, NULL);
	if (!text) {
		pr_err("not enabled on this node: %s is missing; run ./configure (it checks this kernel and enables the tools)\n", conf);
		return BLCR_EXIT_NOTCONF;
	}
	running = read_text_file("/proc/sys/kernel/osrelease", NULL);
	engine = field(text, "engine");
	rel = field(text, "release");
	if (running)
		running[strcspn(running, "\n")] = 0;
	if (engine && strcmp(engine, "on")) {
		pr_err("the checkpoint engine is off on this node (configure found a required check failing); run 'blcr doctor' for the cause and fix\n");
		free(text);
		free(running);
		free(engine);
		free(rel);
		return BLCR_EXIT_NOTCONF;
	}
	if (rel && running && strcmp(rel, running)) {
		pr_err("configured for kernel %s but running %s; re-run ./configure so it can verify this kernel\n", rel, running);
		free(text);
		free(running);
		free(engine);
		free(rel);
		return BLCR_EXIT_NOTCONF;
	}
	free(text);
	free(running);
	free(engine);
	free(rel);
	return 0;
}
