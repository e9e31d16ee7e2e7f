/* SPDX-License-Identifier: GPL-2.0 */
/*
 * State shared by the files of the module.
 */
#ifndef _KVMEXC_KVMEXC_H
#define _KVMEXC_KVMEXC_H


int kvmexc_netlink_init(void);
void kvmexc_netlink_exit(void);

#endif /* _KVMEXC_KVMEXC_H */
