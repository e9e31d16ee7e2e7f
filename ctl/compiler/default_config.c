// SPDX-License-Identifier: GPL-2.0
/*
 * data/config.json, the shipped configuration, built into excctl as a
 * NUL-terminated string: excctl compile's default without --config.
 * mk/compiler.mk makes this object depend on it.
 */
__asm__("	.section .rodata\n"
	"	.global excctl_default_config\n"
	"	.type excctl_default_config, @object\n"
	"excctl_default_config:\n"
	"	.incbin \"data/config.json\"\n"
	"	.byte 0\n"
	"	.size excctl_default_config, . - excctl_default_config\n"
	"	.previous\n");
