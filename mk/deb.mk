# SPDX-License-Identifier: GPL-2.0
#
# make deb: the Debian packages kvmexc-dkms and excctl (debian/), with the
# source package, in build/deb. dpkg-buildpackage writes beside the tree it
# builds and litters that tree, so it builds a copy of the work tree's files
# (committed or not, as git sees them) in build/deb/kvmexc-VERSION.
#
# The version is VERSION's; debian/changelog, which dpkg takes it from, is
# written into the copy with one entry naming the commit built.

DEB_DIR := $(BUILD)/deb
DEB_TREE := $(DEB_DIR)/kvmexc-$(VERSION)
DEB_MAINTAINER = $(shell sed -n 's/^Maintainer: //p' debian/control)
DEB_COMMIT = $(shell git rev-parse --short HEAD)
DEB_DATE = $(shell date -R -u -d @$$(git log -1 --format=%ct))

.PHONY: deb
deb:
	rm -rf $(DEB_DIR)
	mkdir -p $(DEB_TREE)
	git ls-files -z --cached --others --exclude-standard | \
		xargs -0 cp -P --parents -t $(DEB_TREE)
	printf '%s\n' "kvmexc ($(VERSION)) unstable; urgency=medium" "" \
		"  * Built by make deb from commit $(DEB_COMMIT)." "" \
		" -- $(DEB_MAINTAINER)  $(DEB_DATE)" >$(DEB_TREE)/debian/changelog
	cd $(DEB_TREE) && dpkg-buildpackage --no-sign -j1
	@ls $(DEB_DIR)/*.deb
