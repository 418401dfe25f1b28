/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * tests/model/xfer.pml: scmia's transfer lifecycle on one SMT a2p channel
 * and its p2a partner, as redesigned by issue 9:
 *
 *   get (slot + token) -> submit: SENDING -> send: claim the area, wait for
 *   FREE, write, sent(): SENT, doorbell -> wait: DONE (RESP) or timeout ->
 *   mark_txdone -> put (token out of the table, or quarantined if the
 *   command ended without its reply; a full quarantine gives up its oldest)
 *
 * against a platform that answers every doorbell (a response; for an
 * asynchronous command also a delayed response, delivered in either order,
 * any time later, possibly after the caller gave up) and an adversary that
 * delivers receives with any token and type at any time.
 *
 * docs/testing.md ("Model checking") maps every variable and step to the
 * C code and explains the properties, the bounds and the reductions.
 * tests/model/run.sh runs the cases; tools/check model runs run.sh.
 *
 * Switches (spin -D...):
 *   DEFECT1     the old submit: SENT before send() claims the area, and
 *               mark_txdone called by the path that ends the transfer, even
 *               while send() still waits for the area (issue 9, defect 1)
 *   DEFECT2     the old allocator: a quarantined token counts as free
 *               (issue 9, defect 2)
 *   FETCHERR_REPLIED  a transfer ended by a failed fetch counts as replied
 *               (no quarantine at put), as lib/core.c apply_locked() did
 *               before the model found it (docs/testing.md, "Findings")
 *   LATE_ENDS   the first late message of a quarantined command ends its
 *               quarantine even when it owes another (an asynchronous one
 *               that timed out before either answer), as lib/core.c did
 *               before the rx and msg fuzz harnesses found it
 *   CHECKS=m    safety properties checked, a bit mask (default 15, all):
 *               1 no misattribution, 2 success only for a request the
 *               platform could see, 4 slots and token table, 8 no channel
 *               left claimed. A defect run checks the property it is about
 *               only, so spin reports that violation and not another one.
 *   REACH=n     assert(false) at coverage point n (C_* below): spin must
 *               report it, which shows the bounds reach that interleaving
 *   COVER       pan prints "MODEL-COVERED n" for each coverage point the
 *               search reaches (one search checks them all)
 *   N0, N1      commands of sender 0 and sender 1
 *   A0, A1      their kind: 0 synchronous, 1 asynchronous, 2 either
 *   NBG0, NBG1  transfers got and put without a send (other callers' work:
 *               moves the token counter, e.g. by a lap), all at once
 *               before one of the sender's gets
 *   NADV        receives the adversary injects
 *   NLOST       completion interrupts the platform may lose
 *   LAST0       the token issued last before the run (default T-2, so the
 *               token counter wraps during the run)
 *   HIST=h      start after earlier traffic instead of from scratch:
 *               1: the last request issued (serial H1, asynchronous, token
 *                  LAST0) timed out before its response and was put: its
 *                  token is quarantined, the platform still holds its
 *                  message (area not FREE) and will send its response and
 *                  its delayed response late;
 *               2: also the request before it (token LAST0-1) timed out
 *                  and its completion interrupt was lost: the quarantine
 *                  (as many tokens as slots, 2) is full.
 *   MUT=n       remove one guard of the design (the macros after reach()):
 *               a property must then fail
 *   NO_GIVEUP   send() waits for the area without bound (never EBUSY):
 *               the correct design must still never block for good
 * The token space has T = 8 tokens (the wire has 1024) and the quarantine
 * QCAP = 2 (as many as slots, as SCMIA__QUARANTINE(2)).
 */

#define T 8
#define NSLOT 2
#define QCAP NSLOT
#ifndef N0
#define N0 2
#endif
#ifndef N1
#define N1 1
#endif
#ifndef A0
#define A0 1
#endif
#ifndef A1
#define A1 0
#endif
#ifndef NBG0
#define NBG0 0
#endif
#ifndef NBG1
#define NBG1 0
#endif
#ifndef NADV
#define NADV 1
#endif
#ifndef NLOST
#define NLOST 1
#endif
#ifndef LAST0
#define LAST0 (T - 2)
#endif
#ifndef HIST
#define HIST 0
#endif
#ifndef REACH
#define REACH 0
#endif
#ifndef CHECKS
#define CHECKS 15
#endif
#ifndef MUT
#define MUT 0
#endif

#if N0 + N1 > 10
#error "at most 10 commands in all (request serials are bits of a short)"
#endif

#define NONE	255

/* Ghost request serials. Sender 0's requests are 1..N0, sender 1's
 * N0+1..N0+N1; H1, H2 are the earlier requests of HIST. FORGED is the
 * content of a message the adversary made up; NOREPLY what a fetch reads
 * from an area that holds no reply (a request, or what was there before
 * anything was written). */
#define FORGED	0
#define NOREPLY	(N0 + N1 + 1)
#define H1	(N0 + N1 + 2)
#define H2	(N0 + N1 + 3)
#define NSER	(N0 + N1 + 4)

/* Transfer states (x->state). */
#define FREE	0
#define IDLE	1
#define SENDING	2
#define SENT	3
#define RESP	4
#define DONE	5

/* Message types (header bits 9:8). */
#define M_RESP	0
#define M_DRESP	2

/* Token table entries (tab[t]): the slot holding token t, or: */
#define TB_QUAR	254	/* quarantined */
#define TB_EMPTY	NONE	/* not out */

/* Transfer results (x->result). */
#define R_NONE	0
#define R_OK	1
#define R_TMO	2
#define R_ERR	3

/* Coverage points for REACH. */
#define C_WRAP		1	/* the token counter wraps from T-1 to 0 */
#define C_REISSUE	2	/* a token is issued a second time */
#define C_EVICT		3	/* a full quarantine gives up its oldest (stale_reused) */
#define C_LATE		4	/* a late reply ends a quarantine */
#define C_EARLY		5	/* a reply for a transfer not sent yet is dropped (early) */
#define C_RXFREE	6	/* a receive frees a slot its caller already put */
#define C_CLAIM_BUSY	7	/* the area is claimed while the platform still holds a message */
#define C_LATE_DRESP	8	/* the platform's own late delayed response hits its quarantine */
#define C_SKIP_Q	9	/* the allocator skips a quarantined token */
#define C_EBUSY		10	/* send gives up: EBUSY */
#define C_DEFERRED	11	/* a deferred message is applied by the receive holding it */
#define C_FETCH_ERR	12	/* a fetch is refused: the transfer ends with an error */
#define C_RING_STALE	13	/* a ring entry whose late reply came gives up a newer quarantine */

#ifdef COVER
/* Each coverage point prints "MODEL-COVERED n" the first time a search
 * reaches it (plain C state of pan, not part of the model's state). */
c_decl {
	unsigned model_covered;
}
#define reach(n)	c_code { if (!(model_covered & (1u << (n)))) { \
				model_covered |= 1u << (n); printf("MODEL-COVERED %d\n", (n)); } }
#else
#define reach(n)	if :: REACH == (n) -> assert(false) :: else -> skip fi
#endif

/* Guards of the design, and the mutation (MUT=n) that removes each. */
#if MUT == 1
#define FETCH_OK(s)	(owner == (s))			/* fetch ignores FREE */
#elif MUT == 2
#define FETCH_OK(s)	(area_free)			/* fetch ignores the owner */
#else
#define FETCH_OK(s)	(owner == (s) && area_free)
#endif
#if MUT == 3
#define RELEASE_OK(s)	(owner != NONE)			/* mark_txdone frees any claim */
#else
#define RELEASE_OK(s)	(owner == (s))
#endif
#if MUT == 4
#define PUT_FREES(s)	1				/* put frees a slot a receive holds */
#else
#define PUT_FREES(s)	(!busy[s])
#endif
#if MUT == 5
#define PUT_QUAR(s)	0				/* put never quarantines */
#else
#define PUT_QUAR(s)	(st[s] == DONE && !replied[s])
#endif
#if MUT == 6
#define CLAIM_OK(s)	(owner != (s))			/* claim without compare-exchange */
#else
#define CLAIM_OK(s)	(owner == NONE)
#endif
#if MUT == 7
#define WRITE_OK	1				/* write without waiting for FREE */
#else
#define WRITE_OK	(area_free)
#endif
#if MUT == 8
#define TIMEOUT_OK(s)	1				/* timeout while a receive holds it */
#else
#define TIMEOUT_OK(s)	(!busy[s])
#endif

/* ---- the agent (lib/core.c): slots and token table, under the lock ---- */
byte last = LAST0;		/* c->last_token */
byte tab[T] = TB_EMPTY;		/* c->tab: slot, TB_QUAR or TB_EMPTY, per token */
byte qring[QCAP];		/* c->qring: quarantined tokens, oldest first */
byte qhead, qcount;		/* c->qhead, c->qcount */
byte st[NSLOT];			/* x->state */
byte tok[NSLOT];		/* the token in x->hdr */
bit owned[NSLOT];		/* the caller holds it: get .. put */
bit busy[NSLOT];		/* x->rx_busy: a receive holds it */
bit async[NSLOT];		/* SCMIA_XFER_F_ASYNC */
bit replied[NSLOT];		/* its final reply was applied (SCMIA__RP_FINAL) */
bit rseen[NSLOT];		/* async: its response was applied (SCMIA__RP_RESP) */
bit dseen[NSLOT];		/* async: its delayed response came first (SCMIA__RP_DRESP) */
byte qowe[T];			/* TB_QUAR: what it still owes, 1 response, 2 delayed (QO_*) */
bit txdone[NSLOT];		/* mark_txdone was called for this send */
bit dpend[NSLOT];		/* x->def_pending: a deferred message */
byte dtype[NSLOT];		/* its type */
byte dcont[NSLOT];		/* its content (p2a) */
/* Written, never read by the model: kept out of the state vector. */
hidden byte result[NSLOT];	/* x->result */
hidden byte n_late, n_unexpected, n_early, n_invalid, n_deferred;
hidden byte n_stale_reused, n_timeouts, n_busy, n_replies, n_lost;

/* ---- the SMT transport (transports/smt/smt.c) and its shared memory -- */
byte owner = NONE;		/* st->owner: the xfer (slot) owning the area */
bit area_free = 1;		/* channel status FREE */
byte area_tok;			/* token of the header in the area */
bit area_async;			/* the command in the area is asynchronous */
bit rung;			/* the doorbell rang, the platform has not taken it */
chan a2p_irq = [2] of { byte };		/* completion interrupt: token */
chan p2a_irq = [2] of { byte, byte };	/* delayed response: token, content */

/* ---- ghosts -------------------------------------------------------------- */
byte area_ser = NOREPLY;	/* request the area's content belongs to */
bit area_reply;			/* the content is the platform's reply to it */
byte ser[NSLOT];		/* request serial of the slot's current use */
bit written[NSLOT];		/* this use's message was written to the area */
byte qsrc[T];			/* TB_QUAR: serial of the quarantined request */
byte qrsrc[QCAP];		/* serial of each ring entry's request */
byte nquar;			/* c->n_quar */
/* Bit r of exc: request r's token went back into circulation while the
 * platform may still owe it a message: its quarantine ended (a late reply,
 * a counted eviction), or a forged final reply ended it, which nothing can
 * tell from the real one. Beyond that point only the token space (a lap)
 * protects r's late messages. */
short exc;
short exsnap[NSLOT];		/* exc when the slot's current use got its token */
bit fforged[NSLOT];		/* the final reply applied was forged */
bit adv;			/* the receive being looked up is the adversary's */
#if REACH == C_REISSUE || defined(COVER)
bit issued[T];			/* token issued at least once */
#endif
byte ndone;			/* senders finished */
byte nlost;			/* completion interrupts lost so far */

/*
 * Property 3, shape of the table, checked in every state: a token is held
 * only by a slot its caller owns and whose token it is; every owned slot
 * holds its token; a FREE slot is neither owned nor held by a receive; at
 * most QCAP tokens are quarantined.
 */
#define TAB_OK(t) \
	(tab[t] == TB_EMPTY || tab[t] == TB_QUAR || \
	 (tab[t] < NSLOT && owned[tab[t]] && tok[tab[t]] == (t) && st[tab[t]] != FREE))
#define SLOT_OK(s) \
	((!owned[s] || tab[tok[s]] == (s)) && \
	 (st[s] != FREE || (!owned[s] && !busy[s] && !dpend[s])))
#ifdef DEFECT1
#define OWN_OK(s)	1
#else
/* and a SENT transfer owns the area (so the fetch's owner check and
 * mark_txdone's never refuse anything in this design) */
#define OWN_OK(s)	(st[s] != SENT || owner == (s))
#endif
#define INV	(TAB_OK(0) && TAB_OK(1) && TAB_OK(2) && TAB_OK(3) && TAB_OK(4) && TAB_OK(5) && \
		 TAB_OK(6) && TAB_OK(7) && SLOT_OK(0) && SLOT_OK(1) && OWN_OK(0) && OWN_OK(1) && \
		 nquar <= QCAP)

/* ---- scmia_xfer_get: slot_pop, token_alloc (lock held) ----------------- */

/* The first free slot, NONE when every slot is held (ENOSLOT). */
inline slot_pop(s)
{
	if
	:: st[0] == FREE -> s = 0
	:: st[0] != FREE && st[1] == FREE -> s = 1
	:: else -> s = NONE
	fi;
	if
	:: s != NONE ->
#if (CHECKS & 4)
		/* Property 3: a slot is never handed out while anything
		 * (its caller, a receive, the transport) refers to it. */
		assert(!owned[s] && !busy[s] && !dpend[s] && owner != s);
#endif
		owned[s] = 1;
		st[s] = IDLE
	:: else -> skip
	fi
}

/*
 * token_alloc: the first token after the last issued that is not out
 * (neither held nor quarantined). Fewer than T tokens are ever out.
 */
inline token_alloc(s, t, i)
{
	t = NONE;
	i = 0;
	do
	:: i < T && t == NONE ->
		if
		:: tab[(last + 1 + i) % T] == TB_EMPTY -> t = (last + 1 + i) % T
		:: tab[(last + 1 + i) % T] == TB_QUAR ->
#ifdef DEFECT2
			/* the old allocator takes it: the quarantine is lost */
			t = (last + 1 + i) % T;
			nquar--;
			printf("MODEL: get: quarantined token %d issued again (old allocator)\n", t)
#else
			reach(C_SKIP_Q)
#endif
		:: else -> skip
		fi;
		i++
	:: else -> break
	od;
	assert(t != NONE);
	if
	:: t <= last -> reach(C_WRAP)
	:: else -> skip
	fi;
#if REACH == C_REISSUE || defined(COVER)
	if
	:: issued[t] -> reach(C_REISSUE)
	:: else -> issued[t] = 1
	fi;
#endif
	tab[t] = s;
	tok[s] = t;
	last = t
}

/* ---- scmia_xfer_put: token_release, slot_release (lock held) ---------- */
inline xfer_put(s, q)
{
	assert(owned[s] && (st[s] == DONE || st[s] == IDLE));
	assert(tab[tok[s]] == s);
	if
	:: PUT_QUAR(s) ->
		/* ended without its reply: a late one may still come */
		if
		:: qcount == QCAP ->
			/* full: give up the oldest (an entry whose late reply
			 * came meanwhile is just dropped) */
			q = qring[qhead];
			if
			:: tab[q] == TB_QUAR ->
				tab[q] = TB_EMPTY;
				nquar--;
				n_stale_reused++;
				exc = exc | (1 << qsrc[q]);
				printf("MODEL: put: quarantine full, token %d given up (stale_reused)\n", q);
				if
				:: qsrc[q] != qrsrc[qhead] -> reach(C_RING_STALE)
				:: else -> skip
				fi;
				reach(C_EVICT)
			:: else -> skip
			fi;
			qring[qhead] = 0;
			qrsrc[qhead] = 0;
			qhead = (qhead + 1) % QCAP;
			qcount--;
			q = 0
		:: else -> skip
		fi;
		if
		:: fforged[s] -> exc = exc | (1 << ser[s])	/* a forged delayed response went first */
		:: else -> skip
		fi;
		tab[tok[s]] = TB_QUAR;
		/* xfer_owed(): its response unless it had it; an async
		 * command's delayed response unless that came first */
		qowe[tok[s]] = (rseen[s] -> 0 : 1) | ((async[s] && !dseen[s]) -> 2 : 0);
		qsrc[tok[s]] = ser[s];
		qring[(qhead + qcount) % QCAP] = tok[s];
		qrsrc[(qhead + qcount) % QCAP] = ser[s];
		qcount++;
		nquar++
	:: else ->
		tab[tok[s]] = TB_EMPTY;
		if
		:: replied[s] && fforged[s] -> exc = exc | (1 << ser[s])
		:: else -> skip
		fi
	fi;
	owned[s] = 0;
	if
	:: PUT_FREES(s) -> st[s] = FREE
	:: else -> skip	/* the receive holding it frees it */
	fi
}

/* ---- smt_mark_txdone (a2p_release): only the owner's claim ends -------- */
inline mark_txdone(s)
{
#if (CHECKS & 4) && !defined(DEFECT1)
	/* only the owner ends a claim in this design */
	assert(owner == s);
#endif
	if
	:: RELEASE_OK(s) -> owner = NONE; printf("MODEL: mark_txdone(slot %d): area released\n", s)
	:: else -> printf("MODEL: mark_txdone(slot %d): owner is %d, nothing released\n", s, owner)
	fi
}

/*
 * ---- scmia_rx -> rx_reply, in three steps:
 *   rx_lookup  (lock held) token -> table -> slot, state checks; busy := 1,
 *              or hand the message to the receive holding the transfer
 *   rx_fetch   (lock dropped) smt_fetch_response, or the p2a message;
 *              (lock held) check the state again, apply
 *   rx_end     (lock held) take a message deferred meanwhile, or busy := 0
 *              and free the slot if its caller put it
 * rtok, rtype: the message's header; rcont: what a p2a message carries (an
 * a2p response is read from the area). rs: the slot held, NONE if dropped.
 */
#define QBIT(ty)	((ty) == M_DRESP -> 2 : 1)

#define RX_OK(s, ty) \
	(((ty) == M_RESP && st[s] == SENT) || \
	 ((ty) == M_DRESP && async[s] && (st[s] == SENT || st[s] == RESP)))

inline rx_lookup(rtok, rtype, rcont, rs)
{
	rs = NONE;
	if
	:: tab[rtok] == TB_QUAR && !(qowe[rtok] & QBIT(rtype)) ->
		/* quarantine_answer(): not a message it owes (a second
		 * response, a delayed response to a synchronous command):
		 * dropped, the quarantine holds */
		n_invalid++;
		printf("MODEL: rx type %d token %d: quarantined, not owed: invalid, dropped\n",
		       rtype, rtok)
	:: tab[rtok] == TB_QUAR && (qowe[rtok] & QBIT(rtype)) ->
		/* a late answer of a quarantined token: dropped; once
		 * nothing is owed the token may circulate again. A forged
		 * one cannot be told from the real one, which may then come
		 * when the token has a new user. */
		n_late++;
		if
		:: adv -> exc = exc | (1 << qsrc[rtok])
		:: else -> skip
		fi;
#ifdef LATE_ENDS
		qowe[rtok] = 0;
#else
		qowe[rtok] = qowe[rtok] & (3 - QBIT(rtype));
#endif
		if
		:: qowe[rtok] == 0 ->
			tab[rtok] = TB_EMPTY;
			nquar--
		:: else -> skip
		fi;
		printf("MODEL: rx type %d token %d: late (quarantined, still owes %d), dropped\n",
		       rtype, rtok, qowe[rtok]);
		if
		:: rcont != FORGED && rtype == M_DRESP -> reach(C_LATE_DRESP)
		:: else -> skip
		fi;
		reach(C_LATE)
	:: tab[rtok] < NSLOT ->
		rs = tab[rtok];
		if
		:: st[rs] == IDLE || st[rs] == SENDING ->
			/* the doorbell has not rung: early, dropped */
			n_early++;
			printf("MODEL: rx type %d token %d: slot %d not sent yet: early, dropped\n",
			       rtype, rtok, rs);
			rs = NONE;
			reach(C_EARLY)
		:: else -> skip
		fi
	:: else ->
		n_unexpected++;
		printf("MODEL: rx type %d token %d: unexpected, dropped\n", rtype, rtok)
	fi;
	if
	:: rs != NONE && busy[rs] && !dpend[rs] ->
		/* another receive holds it: hand the message over
		 * (SCMIA_RX_DEFERRED) */
		n_deferred++;
		dpend[rs] = 1;
		dtype[rs] = rtype;
		dcont[rs] = rcont;
		printf("MODEL: rx type %d token %d: slot %d held by a receive: deferred\n", rtype, rtok, rs);
		rs = NONE
	:: rs != NONE && busy[rs] && dpend[rs] ->
		/* a third message while two are handled */
		n_invalid++;
		rs = NONE
	:: rs != NONE && !busy[rs] && RX_OK(rs, rtype) ->
		busy[rs] = 1;
		printf("MODEL: rx type %d token %d: slot %d state %d: fetching\n", rtype, rtok, rs, st[rs])
	:: rs != NONE && !busy[rs] && !RX_OK(rs, rtype) ->
		/* wrong state or type: a second response, a delayed response
		 * for a synchronous command, a reply after the timeout */
		n_invalid++;
		printf("MODEL: rx type %d token %d: slot %d state %d: invalid, dropped\n",
		       rtype, rtok, rs, st[rs]);
		rs = NONE
	:: rs == NONE -> skip
	fi
}

inline rx_fetch(rtype, rcont, rs, rc, rok, rdm)
{
	d_step {
		/* fetch: smt_fetch_response refuses unless this transfer
		 * owns the area and the platform set FREE */
		if
		:: rtype == M_RESP ->
			if
			:: FETCH_OK(rs) ->
				if
				:: area_reply -> rc = area_ser
				:: else -> rc = NOREPLY
				fi;
				rok = 1
			:: else -> rok = 0
			fi
		:: else -> rc = rcont; rok = 1
		fi;
		/* apply (lock held), after checking the state again */
		assert(busy[rs]);
		rdm = 0;
		if
		:: !RX_OK(rs, rtype) ->
			n_invalid++	/* ended meanwhile: counted, not applied */
		:: RX_OK(rs, rtype) && !rok ->
			/* fetch refused: the transfer ends, no reply seen */
			st[rs] = DONE;
			result[rs] = R_ERR;
#ifdef FETCHERR_REPLIED
			replied[rs] = 1;
#endif
			printf("MODEL: fetch for slot %d refused (owner %d, FREE %d): DONE, error\n",
			       rs, owner, area_free);
			reach(C_FETCH_ERR)
		:: RX_OK(rs, rtype) && rok && rtype == M_RESP && async[rs] ->
			/* response to an async command: now its delayed one */
			n_replies++;
			st[rs] = RESP;
			rseen[rs] = 1;
			printf("MODEL: slot %d: response applied (request %d): RESP\n", rs, rc)
		:: RX_OK(rs, rtype) && rok && !(rtype == M_RESP && async[rs]) ->
			if
			:: rc == FORGED ->
				printf("MODEL: slot %d (request %d): forged reply applied: DONE, success\n",
				       rs, ser[rs])
			:: rc == NOREPLY ->
				printf("MODEL: slot %d (request %d): an area without a reply read as one: DONE, success\n",
				       rs, ser[rs])
			:: else ->
				printf("MODEL: slot %d (request %d): reply to request %d applied: DONE, success\n",
				       rs, ser[rs], rc)
			fi;
#if (CHECKS & 1)
			/* Property 1: no success with a reply the platform
			 * made for another request, unless that request's
			 * token had gone back into circulation with a message
			 * still owed (exc) when this transfer got its token. */
			assert(rc == ser[rs] || rc == FORGED || (rc != NOREPLY && ((exsnap[rs] >> rc) & 1)));
#endif
#if (CHECKS & 2)
			/* Property 1b: success only for a request the
			 * platform could have seen. */
			assert(written[rs]);
#endif
			n_replies++;
			if
			:: rtype == M_DRESP && st[rs] == SENT ->
				/* ahead of its response, which is still owed */
				dseen[rs] = 1
			:: else -> replied[rs] = 1
			fi;
			st[rs] = DONE;
			result[rs] = R_OK;
			fforged[rs] = (rc == FORGED)
		fi;
#ifdef DEFECT1
		/* old finish_locked(): the path that ends the transfer (or
		 * takes its async response) calls mark_txdone */
		if
		:: !txdone[rs] && (st[rs] == DONE || st[rs] == RESP) -> txdone[rs] = 1; rdm = 1
		:: else -> skip
		fi;
#endif
		rc = 0;
		rok = 0
	}
}

/* Ends the handling of one message: takes a message deferred meanwhile
 * (rtype, rcont set, rs kept), or drops busy and sets rs to NONE. */
inline rx_end(rtype, rcont, rs, rdm)
{
	atomic {
#ifdef DEFECT1
		if
		:: rdm -> mark_txdone(rs)
		:: else -> skip
		fi;
		rdm = 0;
#endif
		/* lock held: a message handed over meanwhile? */
		if
		:: dpend[rs] && RX_OK(rs, dtype[rs]) ->
			rtype = dtype[rs];
			rcont = dcont[rs];
			dpend[rs] = 0;
			dtype[rs] = 0;
			dcont[rs] = 0;
			printf("MODEL: slot %d: deferred message (type %d) taken over\n", rs, rtype);
			reach(C_DEFERRED)
		:: else ->
			if
			:: dpend[rs] ->
				n_invalid++;
				dpend[rs] = 0;
				dtype[rs] = 0;
				dcont[rs] = 0
			:: else -> skip
			fi;
			/* done: busy := 0, free the slot if its caller put it */
			busy[rs] = 0;
			if
			:: !owned[rs] ->
				st[rs] = FREE;
				printf("MODEL: the receive frees slot %d (its caller put it meanwhile)\n", rs);
				reach(C_RXFREE)
			:: else -> skip
			fi;
			rs = NONE;
			rtype = 0;
			rcont = 0
		fi
	}
}

/* The rest of a receive that holds a transfer (rs != NONE after lookup). */
inline rx(rtype, rcont, rs, rc, rok, rdm)
{
	do
	:: rs != NONE ->
		rx_fetch(rtype, rcont, rs, rc, rok, rdm);
		rx_end(rtype, rcont, rs, rdm)
	:: else -> break
	od
}

/*
 * ---- a caller: get, submit (send), wait, mark_txdone, put. id: 0 or 1;
 * its requests have serials ser0+1 .. ser0+ncmd. Before one of its gets
 * (any one) it gets and puts nbg transfers without sending them.
 */
proctype sender(byte id; byte ncmd; byte amode; byte ser0; byte nbg)
{
	byte k, s, t, i, j;

	do
	:: k < ncmd ->
		/* scmia_xfer_get, after j transfers got and put unsent */
		atomic {
			k++;
			j = 0;
			if
			:: nbg > 0 && (st[0] == FREE || st[1] == FREE) -> j = nbg; nbg = 0
			:: k < ncmd -> skip	/* at a later get */
			:: else -> skip
			fi;
			do
			:: j > 0 ->
				slot_pop(s);
				token_alloc(s, t, i);
				printf("MODEL: other caller: get + put unsent, token %d\n", t);
				replied[s] = 0;
				xfer_put(s, i);
				j--
			:: else -> break
			od;
			slot_pop(s);
			if
			:: s != NONE ->
				token_alloc(s, t, i);
				ser[s] = ser0 + k;
				exsnap[s] = exc;
				written[s] = 0;
				replied[s] = 0;
				rseen[s] = 0;
				dseen[s] = 0;
				fforged[s] = 0;
				txdone[s] = 0;
				result[s] = R_NONE;
				if
				:: amode == 0 -> async[s] = 0
				:: amode == 1 -> async[s] = 1
				:: amode == 2 -> async[s] = 0
				:: amode == 2 -> async[s] = 1
				fi;
				printf("MODEL: sender %d: get: slot %d token %d request %d async %d\n",
				       id, s, t, ser[s], async[s])
			:: else -> printf("MODEL: sender %d: get: ENOSLOT\n", id)
			fi;
			t = 0;
			i = 0
		};
		if
		:: s == NONE -> s = 0
		:: s != NONE ->
#ifdef DEFECT1
			/* old xfer_submit: SENT (matchable) before send() */
			st[s] = SENT;
			printf("MODEL: sender %d: slot %d SENT before the claim (old submit)\n", id, s);
#endif
			/* xfer_submit: SENDING; smt_send claims the area. Its
			 * bounded wait may give up while another owns it. */
			if
			:: atomic { CLAIM_OK(s) ->
				owner = s;
#ifndef DEFECT1
				st[s] = SENDING;
#endif
				printf("MODEL: sender %d: slot %d claims the area (FREE %d)\n", id, s, area_free);
				if
				:: !area_free -> reach(C_CLAIM_BUSY)
				:: else -> skip
				fi
			   }
			:: atomic { owner == s ->
				n_busy++;
				printf("MODEL: sender %d: slot %d already owns the area: ESTATE\n", id, s);
				goto sendfail
			   }
#ifndef NO_GIVEUP
			:: atomic { owner != NONE && owner != s ->
				n_busy++;
				printf("MODEL: sender %d: slot %d: area owned by %d: EBUSY\n", id, s, owner);
				reach(C_EBUSY);
				goto sendfail
			   }
#endif
			fi;
			/* wait for FREE (bounded: give up, release, EBUSY), write
			 * the message, scmia_xfer_sent(): SENT, ring */
			if
			:: atomic { WRITE_OK ->
				area_free = 0;
				area_tok = tok[s];
				area_ser = ser[s];
				area_reply = 0;
				area_async = async[s];
				written[s] = 1;
#ifndef DEFECT1
				assert(st[s] == SENDING);
				st[s] = SENT;
#endif
				assert(!rung);
				rung = 1;
				printf("MODEL: sender %d: slot %d writes request %d token %d, SENT, doorbell\n",
				       id, s, ser[s], tok[s])
			   }
#ifndef NO_GIVEUP
			:: atomic { !area_free ->
				n_busy++;
				printf("MODEL: sender %d: slot %d: area never FREE: EBUSY\n", id, s);
				mark_txdone(s);
				reach(C_EBUSY);
				goto sendfail
			   }
#endif
			fi;
			goto waiting;
sendfail:
			/* send failed, nothing reached the platform: put */
			atomic {
#ifdef DEFECT1
				if
				:: st[s] == SENT -> st[s] = IDLE; txdone[s] = 1
				:: else -> skip	/* a reply raced the failing send: taken as sent */
				fi;
				if
				:: st[s] == IDLE ->
					xfer_put(s, i);
					s = 0;
					goto next
				:: else -> goto waiting
				fi
#else
				st[s] = IDLE;
				xfer_put(s, i);
				s = 0;
				goto next
#endif
			};
waiting:
			/* xfer_wait until DONE (RESP for async), or the timeout
			 * (wait_fail) while no receive holds the transfer; the
			 * waiter then ends the send: mark_txdone */
			if
			:: atomic { (st[s] == DONE || st[s] == RESP) ->
#ifndef DEFECT1
				assert(!txdone[s]);
				txdone[s] = 1;
				mark_txdone(s)
#else
				skip
#endif
			   }
			:: atomic { st[s] == SENT && TIMEOUT_OK(s) ->
				st[s] = DONE;
				result[s] = R_TMO;
				n_timeouts++;
				printf("MODEL: sender %d: slot %d times out\n", id, s);
				if
				:: !txdone[s] -> txdone[s] = 1; mark_txdone(s)
				:: else -> skip
				fi
			   }
			fi;
			/* async: wait for the delayed response, or time out; put */
			if
			:: atomic { st[s] == DONE ->
				printf("MODEL: sender %d: slot %d put (result %d)\n", id, s, result[s]);
				xfer_put(s, i);
				s = 0
			   }
			:: atomic { st[s] == RESP && TIMEOUT_OK(s) ->
				st[s] = DONE;
				result[s] = R_TMO;
				n_timeouts++;
				printf("MODEL: sender %d: slot %d times out waiting for the delayed response, put\n",
				       id, s);
				xfer_put(s, i);
				s = 0
			   }
			fi
		fi;
next:
		skip
	:: else -> break
	od;
	ndone++
}

/*
 * ---- the platform: each message the doorbell announces gets its reply
 * (a2p: content, FREE, completion interrupt), and an asynchronous command
 * also a delayed response, queued on the p2a channel. The irq process may
 * take either queue first: the two arrive in either order. It may lose
 * NLOST completion interrupts.
 */
proctype platform()
{
	byte ptok, pser;

end_idle:
	do
	:: atomic { rung ->
		rung = 0;
		ptok = area_tok;
		pser = area_ser;
		area_reply = 1;
		area_free = 1;
		printf("MODEL: platform: reply to request %d (token %d), FREE\n", pser, ptok);
		if
		:: a2p_irq!ptok
		:: nlost < NLOST -> nlost++; n_lost++;
			printf("MODEL: platform: completion interrupt lost\n")
		fi;
		if
		:: area_async -> p2a_irq!ptok, pser
		:: else -> skip
		fi;
		ptok = 0;
		pser = 0
	   }
	od
}

/* ---- interrupt handlers: the receive entry for each completion --------- */
proctype irq()
{
	byte t, c, ty, rs, rc;
	bit rok, rdm;

	xr a2p_irq;
	xr p2a_irq;
end_wait:
	do
	:: atomic { a2p_irq?t -> ty = M_RESP; c = FORGED; rx_lookup(t, ty, c, rs); t = 0 };
		rx(ty, c, rs, rc, rok, rdm);
		ty = 0;
		c = 0
	:: atomic { p2a_irq?t, c -> ty = M_DRESP; rx_lookup(t, ty, c, rs); t = 0 };
		rx(ty, c, rs, rc, rok, rdm);
		ty = 0;
		c = 0
	od
}

/*
 * ---- the adversary: NADV receives with any token and type, at any time.
 * Only tokens the table holds are tried: any other token is dropped as
 * unexpected and changes nothing but a counter.
 */
proctype adversary()
{
	byte n, t, c, ty, rs, rc;
	bit rok, rdm;

end_adv:
	do
	:: atomic { n < NADV && (tab[0] != TB_EMPTY || tab[1] != TB_EMPTY || tab[2] != TB_EMPTY ||
				 tab[3] != TB_EMPTY || tab[4] != TB_EMPTY || tab[5] != TB_EMPTY ||
				 tab[6] != TB_EMPTY || tab[7] != TB_EMPTY) ->
		n++;
		if
		:: tab[0] != TB_EMPTY -> t = 0
		:: tab[1] != TB_EMPTY -> t = 1
		:: tab[2] != TB_EMPTY -> t = 2
		:: tab[3] != TB_EMPTY -> t = 3
		:: tab[4] != TB_EMPTY -> t = 4
		:: tab[5] != TB_EMPTY -> t = 5
		:: tab[6] != TB_EMPTY -> t = 6
		:: tab[7] != TB_EMPTY -> t = 7
		fi;
		if
		:: ty = M_RESP
		:: ty = M_DRESP
		fi;
		c = FORGED;
		printf("MODEL: adversary: forged message type %d token %d\n", ty, t);
		adv = 1;
		rx_lookup(t, ty, c, rs);
		adv = 0;
		t = 0
	   };
		rx(ty, c, rs, rc, rok, rdm);
		ty = 0;
		c = 0
	od
}

#if (CHECKS & 4)
/* Property 3 and the table's shape, in every reachable state. */
active proctype monitor()
{
end_ok:
	atomic { !(INV) -> assert(INV) }
}
#endif

#if (CHECKS & 8)
/* Property 2, safety form: once both callers are done and nothing can
 * move any more, nobody owns the channel (a channel left claimed fails
 * every later command with EBUSY). */
active proctype wedge()
{
end_wait:
	timeout -> assert(ndone != 2 || owner == NONE)
}
#endif

init {
	atomic {
#if HIST >= 2
		tab[(LAST0 + T - 1) % T] = TB_QUAR;
		qowe[(LAST0 + T - 1) % T] = 1;
		qsrc[(LAST0 + T - 1) % T] = H2;
		qring[0] = (LAST0 + T - 1) % T;
		qrsrc[0] = H2;
		qcount = 1;
		nquar = 1;
#endif
#if HIST >= 1
		tab[LAST0] = TB_QUAR;
		qowe[LAST0] = 3; /* async, timed out before either answer */
		qsrc[LAST0] = H1;
		qring[qcount] = LAST0;
		qrsrc[qcount] = H1;
		qcount++;
		nquar++;
		area_free = 0;
		area_tok = LAST0;
		area_ser = H1;
		area_async = 1;
		rung = 1;
#endif
		run platform();
		run irq();
		run adversary();
		run sender(0, N0, A0, 0, NBG0);
		run sender(1, N1, A1, N0, NBG1)
	}
}

/* Property 2, liveness form (pan -a -f): every claim of the channel
 * ends. */
ltl release { [] ((owner != NONE) -> <> (owner == NONE)) }
