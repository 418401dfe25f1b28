/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Simulated SCMI platform: the fault script. A small table of rules, each
 * matching outgoing messages by kind and by protocol / message / command
 * number, firing a bounded number of times; plus a random mode drawing
 * faults from the engine's deterministic PRNG.
 */
#include <string.h>

#include "sim_internal.h"

static const char *const sim_fault_names[SCMIA_SIM_FA__COUNT] = {
	[SCMIA_SIM_FA_NONE] = "none",
	[SCMIA_SIM_FA_DROP] = "drop",
	[SCMIA_SIM_FA_DUPLICATE] = "duplicate",
	[SCMIA_SIM_FA_DELAY] = "delay",
	[SCMIA_SIM_FA_REORDER] = "reorder",
	[SCMIA_SIM_FA_TRUNCATE] = "truncate",
	[SCMIA_SIM_FA_CORRUPT_HDR] = "corrupt_hdr",
	[SCMIA_SIM_FA_CORRUPT_LEN] = "corrupt_len",
	[SCMIA_SIM_FA_CORRUPT_STATUS] = "corrupt_status",
	[SCMIA_SIM_FA_LATE] = "late",
	[SCMIA_SIM_FA_SPURIOUS] = "spurious",
	[SCMIA_SIM_FA_FORGE] = "forge",
};

const char *scmia_sim_fault_name(unsigned action)
{
	if (action >= SCMIA_SIM_FA__COUNT)
		return "?";
	return sim_fault_names[action];
}

#define SIM_FT_ALL (SCMIA_SIM_FT_RESP | SCMIA_SIM_FT_DRESP | SCMIA_SIM_FT_NOTIF)

int scmia_sim_fault_add(struct scmia_sim *sim, const struct scmia_sim_fault *rule)
{
	int ret;

	if (!sim || !rule || rule->action >= SCMIA_SIM_FA__COUNT ||
	    rule->match > SCMIA_SIM_FM_NTH || (rule->target & ~SIM_FT_ALL) ||
	    (rule->match == SCMIA_SIM_FM_NTH && rule->nth == 0))
		return SCMIA_EINVAL;
	sim_lock(sim);
	if (sim->n_faults >= SCMIA_SIM_MAX_FAULTS) {
		ret = SCMIA_ENOSPC;
	} else {
		struct scmia_sim_fault *f = &sim->faults[sim->n_faults];

		*f = *rule;
		if (!f->target)
			f->target = SCMIA_SIM_FT_RESP;
		f->matched = 0;
		f->fired = 0;
		ret = (int)sim->n_faults++;
	}
	sim_unlock(sim);
	return ret;
}

void scmia_sim_fault_clear(struct scmia_sim *sim)
{
	if (!sim)
		return;
	sim_lock(sim);
	memset(sim->faults, 0, sizeof(sim->faults));
	sim->n_faults = 0;
	sim->rnd_percent = 0;
	sim_unlock(sim);
}

int scmia_sim_fault_get(struct scmia_sim *sim, unsigned idx, struct scmia_sim_fault *out)
{
	int ret = SCMIA_OK;

	if (!sim || !out)
		return SCMIA_EINVAL;
	sim_lock(sim);
	if (idx >= sim->n_faults)
		ret = SCMIA_EINVAL;
	else
		*out = sim->faults[idx];
	sim_unlock(sim);
	return ret;
}

int scmia_sim_fault_random(struct scmia_sim *sim, unsigned percent, uint64_t seed)
{
	if (!sim || percent > 100)
		return SCMIA_EINVAL;
	sim_lock(sim);
	sim->rnd_percent = percent;
	/* xorshift must not start from 0 */
	sim->rng = seed ? seed : 0x9E3779B97F4A7C15ull;
	sim_unlock(sim);
	return SCMIA_OK;
}

int scmia_sim_fault_random_cfg(struct scmia_sim *sim, uint32_t actions, uint32_t targets,
			       uint32_t late_us)
{
	uint32_t valid = ((1u << SCMIA_SIM_FA__COUNT) - 1u) & ~(1u << SCMIA_SIM_FA_NONE);

	if (!sim || (actions && !(actions & valid)) || (targets & ~SIM_FT_ALL))
		return SCMIA_EINVAL;
	sim_lock(sim);
	if (actions)
		sim->rnd_actions = actions & valid;
	if (targets)
		sim->rnd_targets = targets;
	if (late_us)
		sim->rnd_late_us = late_us;
	sim_unlock(sim);
	return SCMIA_OK;
}

int scmia_sim_fault_random_kind(struct scmia_sim *sim, unsigned kind, uint32_t actions)
{
	uint32_t valid = ((1u << SCMIA_SIM_FA__COUNT) - 1u) & ~(1u << SCMIA_SIM_FA_NONE);

	if (!sim || kind > SCMIA_SIM_K_NOTIF || (actions && !(actions & valid)))
		return SCMIA_EINVAL;
	sim_lock(sim);
	sim->rnd_kind_actions[kind] = actions & valid;
	sim_unlock(sim);
	return SCMIA_OK;
}

static int sim_rule_matches(const struct scmia_sim_fault *f, unsigned kind, uint8_t proto_id,
			    uint8_t msg_id, uint32_t cmd_no)
{
	if (!(f->target & (1u << kind)))
		return 0;
	switch (f->match) {
	case SCMIA_SIM_FM_ANY:
		return 1;
	case SCMIA_SIM_FM_PROTO:
		return f->proto_id == proto_id;
	case SCMIA_SIM_FM_MSG:
		return f->proto_id == proto_id && f->msg_id == msg_id;
	case SCMIA_SIM_FM_NTH:
		return cmd_no != 0 && f->nth == cmd_no;
	default:
		return 0;
	}
}

/* Argument of a randomly chosen fault. */
static int64_t sim_random_arg(struct scmia_sim *sim, unsigned action)
{
	static const int32_t bad_status[] = { 1, -12, INT32_MIN, INT32_MAX, 0x7fff, -100 };
	static const uint32_t hdr_flips[] = {
		0x10000000u, /* reserved bit 28 */
		0x80000000u, /* reserved bit 31 */
		0x00000100u, /* type 0 -> 1 (unused type) */
		0x00000001u, /* message id */
		0x00000400u, /* protocol id */
	};
	uint32_t r = sim_rand_locked(sim);

	switch (action) {
	case SCMIA_SIM_FA_DELAY:
		return (int64_t)(r % 2000u);
	case SCMIA_SIM_FA_LATE:
		return (int64_t)sim->rnd_late_us;
	case SCMIA_SIM_FA_TRUNCATE:
		return (int64_t)(r % 12u); /* 0..11: below 4, below 8 and just above */
	case SCMIA_SIM_FA_CORRUPT_HDR:
		/* index 5: token replaced by an unused one (arg 0) */
		return (r % 6u) == 5u ? 0 : (int64_t)hdr_flips[r % 5u];
	case SCMIA_SIM_FA_CORRUPT_LEN:
		return (r & 1u) ? 0 : (int64_t)(0x10000u + (r % 4096u));
	case SCMIA_SIM_FA_CORRUPT_STATUS:
		return bad_status[r % (sizeof(bad_status) / sizeof(bad_status[0]))];
	case SCMIA_SIM_FA_SPURIOUS:
		return (int64_t)(r % 3u);
	case SCMIA_SIM_FA_FORGE:
		return (int64_t)(r % SCMIA_SIM_FORGE__KINDS);
	default:
		return 0;
	}
}

void sim_fault_pick(struct scmia_sim *sim, unsigned kind, uint8_t proto_id, uint8_t msg_id,
		    uint32_t cmd_no, int has_dresp, struct sim_pick *out)
{
	unsigned i, n = 0, a;
	uint8_t cand[SCMIA_SIM_FA__COUNT];
	uint32_t actions;

	out->action = SCMIA_SIM_FA_NONE;
	out->arg = 0;
	out->rule = -1;

	for (i = 0; i < sim->n_faults; i++) {
		struct scmia_sim_fault *f = &sim->faults[i];

		if (!sim_rule_matches(f, kind, proto_id, msg_id, cmd_no))
			continue;
		f->matched++;
		if (f->matched <= f->skip)
			continue;
		if (f->count && f->fired >= f->count)
			continue;
		f->fired++;
		out->action = f->action;
		out->arg = f->arg;
		out->rule = (int)i;
		return;
	}

	if (!sim->rnd_percent || !(sim->rnd_targets & (1u << kind)))
		return;
	if (sim_rand_locked(sim) % 100u >= sim->rnd_percent)
		return;
	actions = sim->rnd_kind_actions[kind] ? sim->rnd_kind_actions[kind] : sim->rnd_actions;
	for (a = SCMIA_SIM_FA_NONE + 1u; a < SCMIA_SIM_FA__COUNT; a++) {
		if (!(actions & (1u << a)))
			continue;
		if (a == SCMIA_SIM_FA_REORDER && (kind != SCMIA_SIM_K_RESP || !has_dresp))
			continue;
		if (a == SCMIA_SIM_FA_FORGE && kind == SCMIA_SIM_K_NOTIF)
			continue; /* a notification carries no token */
		cand[n++] = (uint8_t)a;
	}
	if (!n)
		return;
	out->action = cand[sim_rand_locked(sim) % n];
	out->arg = sim_random_arg(sim, out->action);
}
