/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Harness "msg": the message-passing helpers (transports/msg) with
 * arbitrary lengths.
 *
 * Two modes, chosen by the first byte:
 * - 0xff: the helpers alone. Every buffer is a heap block of exactly the
 *   length the helper is told (any read or write past it is an ASan
 *   report), and every result is compared with a reference model of
 *   DESIGN.md §2.4 (lengths below 4 or 8, clamping to rx_cap and max_len,
 *   status word, payload bytes, what is left untouched on error).
 * - anything else: the "rx" harness (fuzz_rx.c) built with FZ_RX_MSG: a
 *   mailbox transport (one buffer per message, no area to claim) whose
 *   every command goes through scmia_msg_tx_prepare() and every response,
 *   delayed response and notification through scmia_msg_fetch_*() on an
 *   exact-size copy of the platform's message, under the core.
 */
#define FZ_RX_MSG 1
#define FZ_RX_ENTRY fuzz_msg_rx_one
#include "fuzz_rx.c"

static uint8_t *blk(const uint8_t *src, size_t n)
{
	uint8_t *p = malloc(n ? n : 1u);

	if (!p)
		fz_fail("harness", "out of memory");
	if (n && src)
		memcpy(p, src, n);
	return p;
}

static void direct(struct fz_in *in)
{
	while (fz_cmd_more(in)) {
		uint8_t op = fz_cmd_u8(in);
		uint32_t len = fz_cmd_below(in, 300);
		uint32_t cap = fz_cmd_below(in, 80);
		uint32_t maxl = fz_cmd_below(in, 90);
		uint8_t src[300];
		struct scmia_xfer x;
		uint8_t *m, *rx;
		int r;

		for (uint32_t i = 0; i < len; i++)
			src[i] = fz_cmd_u8(in);
		m = blk(src, len);
		rx = blk(NULL, cap);
		memset(&x, 0, sizeof(x));
		x.rx_buf = rx;
		x.rx_cap = cap;
		x.status = 0x1234567;
		x.rx_len = 77;
		switch (op % 4u) {
		case 0:
			r = scmia_msg_fetch_response(m, len, &x);
			if (len < 8u) {
				FZ_CHECK(r == SCMIA_ETOOSHORT && x.rx_len == 0 && x.status == 0x1234567,
					 "msg", "fetch_response(len %u): %d rx_len %u", (unsigned)len, r,
					 (unsigned)x.rx_len);
				break;
			}
			FZ_CHECK(r == SCMIA_OK && x.status == (int32_t)scmia_get_le32(src + 4) &&
					 x.rx_len == (len - 8u < cap ? len - 8u : cap) &&
					 !memcmp(rx, src + 8, x.rx_len),
				 "msg", "fetch_response(len %u, cap %u): %d rx_len %u", (unsigned)len,
				 (unsigned)cap, r, (unsigned)x.rx_len);
			break;
		case 1: {
			uint32_t want;

			r = scmia_msg_fetch_notification(m, len, maxl, &x);
			if (len < 4u) {
				FZ_CHECK(r == SCMIA_ETOOSHORT && x.rx_len == 0, "msg",
					 "fetch_notification(len %u): %d", (unsigned)len, r);
				break;
			}
			want = len - 4u;
			if (want > maxl)
				want = maxl;
			if (want > cap)
				want = cap;
			FZ_CHECK(r == SCMIA_OK && x.rx_len == want && !memcmp(rx, src + 4, want), "msg",
				 "fetch_notification(len %u, max %u, cap %u): %d rx_len %u",
				 (unsigned)len, (unsigned)maxl, (unsigned)cap, r, (unsigned)x.rx_len);
			break;
		}
		case 2: {
			uint32_t hdr = 0xdeadbeefu;

			r = scmia_msg_read_header(m, len, &hdr);
			FZ_CHECK(len < 4u ? r == SCMIA_ETOOSHORT
					  : (r == SCMIA_OK && hdr == scmia_get_le32(src)),
				 "msg", "read_header(len %u): %d", (unsigned)len, r);
			break;
		}
		default: {
			uint8_t *tx = blk(src, cap);
			uint8_t *out = blk(NULL, len);

			x.hdr = scmia_get_le32(src);
			x.tx_buf = tx;
			x.tx_len = cap;
			r = scmia_msg_tx_prepare(out, len, &x);
			FZ_CHECK(scmia_msg_command_size(&x) == 4u + cap &&
					 scmia_msg_response_size(&x) == 8u + cap,
				 "msg", "command/response sizes");
			if (len < 4u + cap)
				FZ_CHECK(r == SCMIA_ENOSPC, "msg", "tx_prepare(cap %u, tx %u): %d",
					 (unsigned)len, (unsigned)cap, r);
			else
				FZ_CHECK(r == (int)(4u + cap) && scmia_get_le32(out) == x.hdr &&
						 !memcmp(out + 4, tx, cap),
					 "msg", "tx_prepare(cap %u, tx %u): %d", (unsigned)len,
					 (unsigned)cap, r);
			free(tx);
			free(out);
			break;
		}
		}
		free(m);
		free(rx);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size && data[0] == 0xffu) {
		struct fz_in in;

		fz_budget_reset();
		fz_in_init(&in, data + 1, size - 1u);
		direct(&in);
		return 0;
	}
	return fuzz_msg_rx_one(data, size);
}
