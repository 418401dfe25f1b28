/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of SCMIA_CFG_MAX_SLOTS (include/scmia/config.h), built with
 * the core's sources and SCMIA_CFG_MAX_SLOTS=8 (tests/unit/CMakeLists.txt):
 * a channel asking for more slots does not open, one asking for none gets
 * the transport's default cut to the limit, and tokens still go round the
 * whole space, with timeouts and their quarantine, on the table that is
 * left (the direct table's code is compiled out).
 */
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

#if SCMIA_CFG_MAX_SLOTS != 8
#error "this test is built with SCMIA_CFG_MAX_SLOTS=8"
#endif

/* Open a second agent's a2p channel on @fx's transport with @max_msg. */
static int open_with(struct fx *fx, uint16_t max_msg, struct scmia_agent *ag,
		     struct scmia_chan *ch, unsigned *n_free)
{
	struct scmia_agent_cfg acfg;
	struct scmia_chan_cfg ccfg;
	uint64_t *mem;
	size_t sz;
	int r;

	memset(&acfg, 0, sizeof(acfg));
	acfg.transport = &fx->tp.desc;
	acfg.transport_ctx = &fx->tp;
	assert_int_equal(scmia_agent_init(ag, &acfg), SCMIA_OK);
	/* memory for the transport's default (20 here), whatever is asked */
	mem = fx_chan_mem(20, 64, &sz);
	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_A2P;
	ccfg.completion = SCMIA_COMPLETION_IRQ;
	ccfg.max_msg = max_msg;
	ccfg.msg_size = 64;
	ccfg.mem = mem;
	ccfg.mem_size = sz;
	r = scmia_chan_open(ag, ch, &ccfg);
	if (!r) {
		assert_int_equal(scmia_chan_stats(ch, n_free, NULL, NULL), SCMIA_OK);
		assert_int_equal(scmia_chan_close(ch), SCMIA_OK);
	}
	assert_int_equal(scmia_agent_deinit(ag), SCMIA_OK);
	unit_free(mem);
	return r;
}

static void test_max_slots_limits_the_channel(void **state)
{
	struct fx_opts o;
	struct fx *fx;
	struct scmia_agent ag;
	struct scmia_chan ch;
	unsigned n_free = 0;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.no_p2a = 1;
	fx = fx_new(&o);
	fx->tp.desc.max_msg = 20; /* the transport offers more than the limit */
	assert_int_equal(open_with(fx, 9, &ag, &ch, &n_free), SCMIA_EINVAL);
	assert_int_equal(open_with(fx, 8, &ag, &ch, &n_free), SCMIA_OK);
	assert_int_equal(n_free, 8);
	assert_int_equal(open_with(fx, 3, &ag, &ch, &n_free), SCMIA_OK);
	assert_int_equal(n_free, 3);
	/* none asked: the transport's 20, cut to 8 */
	assert_int_equal(open_with(fx, 0, &ag, &ch, &n_free), SCMIA_OK);
	assert_int_equal(n_free, 8);
	fx->tp.desc.max_msg = 5; /* a transport's default below the limit stays */
	assert_int_equal(open_with(fx, 0, &ag, &ch, &n_free), SCMIA_OK);
	assert_int_equal(n_free, 5);
	fx->tp.desc.max_msg = SCMIA_MAX_MSG_LIMIT;
	fx_free(fx);
}

/* Tokens in order round the whole space (wrap 1023 -> 0) with one held
 * all along and timeouts among them: the held and the quarantined tokens
 * are skipped, a late reply is late, never another command's. */
static void test_max_slots_tokens_round_the_space(void **state)
{
	struct fx *fx = fx_new_default();
	struct cb_rec rh;
	struct scmia_xfer *held;
	uint32_t th, t, last, late;
	unsigned i;

	(void)state;
	held = fx_get(fx, FX_PROTO, 1); /* its token is out from get to put */
	th = scmia_hdr_token(held->hdr);
	late = fx_timeout(fx);
	last = late;
	for (i = 0; i < 3000u; i++) {
		if (i % 7u == 3u)
			late = t = fx_timeout(fx);
		else
			t = fx_roundtrip(fx);
		assert_int_not_equal(t, th);
		if (t != (last + 1u) % SCMIA_TOKEN_SPACE)
			/* skipped: the held one, or a quarantined one */
			assert_true((last + 1u) % SCMIA_TOKEN_SPACE == th ||
				    scmia_chan_quarantined(&fx->a2p) > 0);
		last = t;
	}
	assert_int_equal(scmia_chan_quarantined(&fx->a2p), SCMIA__QUARANTINE(8));
	/* the late reply of the last timeout is counted late */
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_LATE_REPLIES), 0);
	assert_int_equal(fx_resp(fx, scmia_hdr_pack(0x6, 0, FX_PROTO, late), 0, NULL, 0),
			 SCMIA_EUNEXPECTED);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_LATE_REPLIES), 1);
	assert_true(fx_cnt(fx, SCMIA_CNT_STALE_REUSED) > 0);
	/* the held command, sent at last, gets its own reply */
	cb_rec_init(&rh, fx);
	assert_int_equal(scmia_hdr_token(fx_submit(fx, held, 0, &rh)), th);
	assert_int_equal(fx_resp(fx, held->hdr, 0, NULL, 0), SCMIA_OK);
	assert_int_equal(rh.calls, 1);
	assert_int_equal(rh.result, SCMIA_OK);
	assert_int_equal(scmia_xfer_put(held), SCMIA_OK);
	fx_free(fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_max_slots_limits_the_channel),
		cmocka_unit_test(test_max_slots_tokens_round_the_space),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
