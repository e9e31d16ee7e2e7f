# SPDX-License-Identifier: GPL-2.0
#
# Serialized alert blobs. The decoder's fuzzer, tests/fuzz/fuzz_decode.c, is
# built and run like every other (mk/fuzz.mk).

# The shared examples, decoded: a seed corpus of blobs the reference wrote.
.PHONY: fuzz-decode-corpus
fuzz-decode-corpus:
	@mkdir -p tests/fuzz/corpus/fuzz_decode
	for f in $(SHARED)/alerts/*.b64; do \
		base64 -d "$$f" > tests/fuzz/corpus/fuzz_decode/$$(basename "$$f" .b64).bin; \
	done
