// SPDX-License-Identifier: GPL-2.0
/*
 * Holds one KVM VM open until killed, so that KVM keeps virtualization
 * enabled on every CPU of the test VM. Under TCG, nested SVM loses the IPIs
 * with which KVM disables virtualization when its last VM goes away: a
 * later test would then hang the test VM in hardware_disable_all().
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/kvm.h>

int main(void)
{
	int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);

	if (kvm < 0 || ioctl(kvm, KVM_CREATE_VM, 0) < 0) {
		perror("kvm_anchor");
		return 1;
	}
	for (;;)
		pause();
}
