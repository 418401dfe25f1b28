/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Private declarations shared by the simulated platform's sources. Not
 * installed (only scmia_*.h headers are).
 */
#ifndef SIM_INTERNAL_H
#define SIM_INTERNAL_H

#include "scmia_sim.h"

/* scmia_sim_out::flags */
#define SIM_OUT_F_PARKED 0x01u   /* raised in a handler: due is an offset from the response */
#define SIM_OUT_F_SPUR 0x02u     /* spurious: pick an unused token at emission */
#define SIM_OUT_F_TOKSWAP 0x04u  /* corrupt header: replace the token with an unused one */
#define SIM_OUT_F_BADLEN 0x08u   /* wire_len is a corrupted length field */
#define SIM_OUT_F_HASTOK 0x10u   /* counted in toks[token].busy */
#define SIM_OUT_F_DOORBELL 0x20u /* spurious doorbell only */
#define SIM_OUT_F_FORGE 0x40u    /* FORGE: resolve the forged header at emission (forge: kind) */
#define SIM_OUT_F_REPLAY 0x80u   /* a withheld message replayed whole (mark: its mark) */

/* A fault decision for one outgoing message. */
struct sim_pick {
	unsigned action; /* enum scmia_sim_fault_action, NONE: no fault */
	int64_t arg;
	int rule;        /* index of the rule that fired, -1: random or none */
};

void sim_lock(struct scmia_sim *sim);
void sim_unlock(struct scmia_sim *sim);
uint64_t sim_now_locked(struct scmia_sim *sim);
uint32_t sim_rand_locked(struct scmia_sim *sim);

/* Choose the fault for one message (lock held). kind: enum scmia_sim_kind;
 * cmd_no: the command that caused it (0: none); has_dresp: a response whose
 * command also has a delayed response. */
void sim_fault_pick(struct scmia_sim *sim, unsigned kind, uint8_t proto_id, uint8_t msg_id,
		    uint32_t cmd_no, int has_dresp, struct sim_pick *out);

/* Slot of a registered protocol, or -1 (lock held). */
int sim_proto_slot(const struct scmia_sim *sim, uint8_t proto_id);
/* Whether the agent may use protocol slot @slot on at least one device. */
int sim_proto_accessible(const struct scmia_sim *sim, uint32_t agent_id, unsigned slot);
/* Agent entry for id 1..n, or NULL. */
struct scmia_sim_agent *sim_agent(struct scmia_sim *sim, uint32_t agent_id);

/* The built-in Base protocol table (sim_base.c). */
extern const struct scmia_sim_proto sim_base_proto;

#endif /* SIM_INTERNAL_H */
