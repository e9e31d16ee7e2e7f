# SPDX-License-Identifier: GPL-2.0
#
# Serialized alert blobs: the decoder's fuzzer (make fuzz). The decoder
# lives in excctl, so the target links it and json-c beside the core.
DECODE_FUZZ_SRCS := ctl/decode_parse.c ctl/decode_objs.c ctl/decode_print.c \
	ctl/decode_exc.c kmod/core/base64.c

$(BUILD)/tests/fuzz/fuzz_decode: tests/fuzz/fuzz_decode.c $(DECODE_FUZZ_SRCS) ctl/decode.h \
		kmod/core/blob.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_FLAGS) -Wall -Wextra -Werror -Iuapi -Ikmod \
		$(shell pkg-config --cflags json-c) -o $@ $< $(DECODE_FUZZ_SRCS) \
		$(shell pkg-config --libs json-c)

# The shared examples, decoded: a seed corpus of blobs the reference wrote.
.PHONY: fuzz-decode-corpus
fuzz-decode-corpus:
	@mkdir -p tests/fuzz/corpus/fuzz_decode
	for f in $(SHARED)/alerts/*.b64; do \
		base64 -d "$$f" > tests/fuzz/corpus/fuzz_decode/$$(basename "$$f" .b64).bin; \
	done
