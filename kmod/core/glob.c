// SPDX-License-Identifier: GPL-2.0
#include "glob.h"

#define KVMEXC_GLOB_MAX_STEPS	1023

static unsigned char kvmexc_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? c + 'a' - 'A' : c;
}

/*
 * Matches @c against the class after '[' at @pat. Returns the pattern after
 * the closing ']' (*hit tells the result), or NULL if the class is not
 * terminated, in which case '[' is an ordinary character.
 */
static const char *kvmexc_glob_class(const char *pat, unsigned char c, bool *hit)
{
	bool inverted = *pat == '!';
	const char *p = pat + inverted;
	bool match = false;
	unsigned char a = *p++;

	do {	/* a ']' right after '[' or '[!' is a member */
		unsigned char b = a;

		if (!a)
			return NULL;
		if (p[0] == '-' && p[1] != ']') {
			b = p[1];
			if (!b)
				return NULL;
			p += 2;
		}
		if (kvmexc_lower(a) <= c && c <= kvmexc_lower(b))
			match = true;
	} while ((a = *p++) != ']');
	/* A class stands for one character: it never matches the end. */
	*hit = c && match != inverted;
	return p;
}

bool kvmexc_glob_match(const char *pat, const char *str)
{
	const char *back_pat = NULL, *back_str = NULL;
	unsigned int steps = 0;

	for (;;) {
		unsigned char c = kvmexc_lower(*str++);
		unsigned char d = kvmexc_lower(*pat++);
		const char *next;
		bool hit;

		if (++steps > KVMEXC_GLOB_MAX_STEPS)
			return false;
		switch (d) {
		case '?':
			if (!c)
				return false;
			continue;
		case '*':
			if (!*pat)
				return true;
			back_pat = pat;
			back_str = --str;
			continue;
		case '[':
			next = kvmexc_glob_class(pat, c, &hit);
			if (next) {
				if (!hit)
					goto backtrack;
				pat = next;
				continue;
			}
			break;
		case '\\':
			d = kvmexc_lower(*pat);
			if (d)
				pat++;
			else
				d = '\\';
			break;
		}
		/* Without a '*', a pattern that ends first matches the prefix. */
		if (!d && !back_pat)
			return true;
		if (c == d) {
			if (!d)
				return true;
			continue;
		}
backtrack:
		if (!c || !back_pat)
			return false;
		pat = back_pat;
		str = ++back_str;
	}
}
