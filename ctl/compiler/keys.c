// SPDX-License-Identifier: GPL-2.0
/*
 * The keys each object of the compiler's input may have. The reference
 * ignores any other, so a misspelt "signatures" compiles into an exception
 * without its signature check, which allows more than its author meant:
 * here an unknown key is an error, naming the known key it is closest to.
 */
#include <string.h>

#include "compile.h"
#include "cli/excctl.h"

static bool cc_key_known(const struct jv_member *m, const char *const *known)
{
	for (; *known; known++)
		if (strlen(*known) == m->klen && !memcmp(*known, m->key, m->klen))
			return true;
	return false;
}

int cc_check_keys(const struct jv *obj, const char *const *known, const char *what,
		  const struct cc_path *at)
{
	const struct jv_member *m;
	const char *near;
	char list[256];
	size_t i, used = 0;
	struct cc_path p;

	for (i = 0; i < obj->len; i++) {
		m = &obj->members[i];
		if (cc_key_known(m, known))
			continue;
		p = cc_path_child(at, m->key);
		near = excctl_nearest(m->key, m->klen, known);
		if (near)
			return cc_error(&p, "unknown key in %s; did you mean \"%s\"?", what, near);
		for (list[0] = 0; *known && used < sizeof(list); known++)
			used += snprintf(list + used, sizeof(list) - used, "%s\"%s\"",
					 used ? (known[1] ? ", " : " or ") : "", *known);
		return cc_error(&p, "unknown key in %s: expected %s", what, list);
	}
	return 0;
}
