/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fake OS for the core unit tests: a table-driven scmia_os_ops with a
 * virtual clock the test advances by hand, sticky wait objects, a
 * "during wait" hook that plays the platform while the caller sleeps, and
 * a lock that records its depth. Every rule the core must follow (no
 * recursive lock, no wait or callback or transport op under the lock) is
 * recorded as a violation that fake_os_assert_clean() turns into a failure.
 */
#ifndef SCMIA_UNIT_FAKE_OS_H
#define SCMIA_UNIT_FAKE_OS_H

#include <stdint.h>

#include "scmia/os.h"

/** Return value of a during-wait hook: let the fake decide (signal or time out). */
#define FAKE_WAIT_DEFAULT 1000

/** Upper bound of wait() calls in one test before the fake reports a storm. */
#define FAKE_OS_MAX_WAITS 100000u

/** One host wait object (one per slot). Sticky signal, as os.h requires. */
struct fake_wait {
	int signalled;
	unsigned waits;
	unsigned signals;
	unsigned arms;
	uint64_t last_arm_seq;
	uint64_t last_signal_seq;
};

struct fake_os;

/**
 * Called by wait() when no signal is pending, before time is advanced.
 * It may advance the clock, call scmia_rx(), close a channel, etc. Return
 * FAKE_WAIT_DEFAULT to let the fake finish the wait (0 if the object got
 * signalled, else advance to the deadline and time out), or the value
 * wait() must return.
 */
typedef int (*fake_wait_hook)(struct fake_os *os, struct fake_wait *w, uint32_t timeout_us,
			      void *arg);

struct fake_os {
	struct scmia_os_ops ops;   /* the table handed to the agent; tests may NULL entries */
	uint64_t now;              /* virtual time, µs */
	uint64_t relax_step_us;    /* time one relax() call takes */
	uint64_t seq;              /* event sequence, shared with the fake transport */
	int depth;                 /* lock depth */
	scmia_lock_key_t next_key;
	unsigned locks;
	unsigned unlocks;
	unsigned waits;
	unsigned signals;
	unsigned arms;
	unsigned relaxes;
	unsigned nows;
	unsigned logs;
	uint64_t last_wait_seq;
	uint32_t last_wait_timeout;
	fake_wait_hook during_wait;
	void *during_wait_arg;
	void (*on_relax)(struct fake_os *os, void *arg); /* after each relax() */
	void *on_relax_arg;
	/* once, right after the next unlock (another context that runs the
	 * moment a critical section ends); cleared before it runs */
	void (*on_unlock)(struct fake_os *os, void *arg);
	void *on_unlock_arg;
	unsigned violations;
	const char *violation;     /* first violation seen */
};

/** Fill @p os with every op and a clock at 1 000 000 µs. */
void fake_os_init(struct fake_os *os);

/** Record a violation (first message kept). */
void fake_os_violation(struct fake_os *os, const char *what);

/** Record a violation when the lock is held (called by every fake callback). */
void fake_os_check_unlocked(struct fake_os *os, const char *where);

/** Advance the virtual clock. */
void fake_os_advance(struct fake_os *os, uint64_t us);

/** Next event sequence number. */
uint64_t fake_os_next_seq(struct fake_os *os);

/** cmocka assertion: no violation, lock released. */
void fake_os_assert_clean(const struct fake_os *os);

#endif /* SCMIA_UNIT_FAKE_OS_H */
