#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Write the structured seed inputs of the fuzz harnesses.

    tests/fuzz/gen_seeds.py OUTDIR [--check BUILD_DIR]

Each harness reads its input from both ends (tests/fuzz/common/fz.h): the
front drives the agent (configuration bytes, then operations), the back
drives the platform. A seed here is a configuration, a short program of
operations, and a run of zero bytes at the back, which every platform model
reads as "behave" (answer at the doorbell, answer what is pending at each
back-off tick, do nothing at a memory access). The programs are chosen to
reach each feature once: every channel layout, synchronous, polled,
asynchronous and non-blocking commands, services, dispatch, bursts,
harness-specific operations. Deterministic (fixed PRNG seed).

--check BUILD_DIR runs every seed through BUILD_DIR/tests/fuzz/fuzz_<h>
(the replay driver) and drops the ones that fail: the replay corpus must
pass on the tree it is generated for. The committed corpus is this output
merged with short libFuzzer campaigns (docs/testing.md).
"""
import os
import random
import subprocess
import sys

RNG = random.Random(0x5C31A)


def le16(v):
    return bytes([v & 0xFF, (v >> 8) & 0xFF])


def le32(v):
    return bytes([(v >> (8 * i)) & 0xFF for i in range(4)])


# Driver ops (tests/fuzz/common/fz_drv.c)
SYNC, SUBMIT, PUT, SERVICE, TICK, DISPATCH, TIME, BURST, LAP, SUBMIT2 = range(10)
ASYNC, POLL = 1, 2


def drv_program(n_ops, extra_ops=0, allow_async=True):
    out = bytearray()
    nb = 0
    for _ in range(n_ops):
        op = RNG.choice([SYNC, SYNC, SYNC, SUBMIT, SUBMIT2, PUT, SERVICE, TICK,
                         DISPATCH, TIME] + ([10] * extra_ops))
        if op in (SYNC, SUBMIT, SUBMIT2):
            flags = RNG.choice([0, 0, POLL] + ([ASYNC, ASYNC | POLL] if allow_async else []))
            msg = RNG.randrange(16)
            b = flags | (RNG.randrange(4) << 2) | (msg << 4)
            if op != SYNC and RNG.random() < 0.3:
                b |= 0x80
            out += bytes([op, RNG.randrange(4), b & 0xFF])
            nb += op != SYNC
        elif op == PUT:
            out += bytes([op, RNG.randrange(8)])
        elif op in (SERVICE, TIME):
            out += bytes([op, RNG.choice([1, 2, 3, 4, 5, 6])])
        elif op == TICK:
            out += bytes([op, RNG.randrange(8)])
        elif op == DISPATCH:
            out += bytes([op, RNG.randrange(4)])
        else:
            out += bytes([op, RNG.randrange(256)])
    return bytes(out)


def seed(front, tail=48):
    return bytes(front) + bytes(tail)


def gen_driver_harness(cfgs, n, extra_ops=0, sizes=True):
    seeds = []
    for i in range(n):
        cfg = cfgs[i % len(cfgs)]
        front = bytearray([cfg])
        if sizes:
            front.append(RNG.randrange(256))
        front += drv_program(RNG.randrange(2, 10), extra_ops)
        if i % 7 == 3:
            front += bytes([BURST, 0]) + le16(RNG.randrange(4, 40))
        seeds.append(seed(front, RNG.choice([16, 48, 96])))
    return seeds


def gen_smt():
    # bit0 rx area, bit1 p2a, bit2 dedicated pair, bit3 NO_IRQ, bit4 poll,
    # bit5 copy ops, bit6 immediate notifications, bit7 no lock
    cfgs = [0x00, 0x02, 0x03, 0x06, 0x07, 0x0A, 0x12, 0x22, 0x26, 0x42, 0x82, 0x27, 0x16]
    return gen_driver_harness(cfgs, 36)


def gen_rx():
    # bit0 mailbox, bit1 no p2a, bit3 dedicated, bit4 poll, 0x30 on-return,
    # bit6 immediate, bit7 no lock
    cfgs = [0x00, 0x01, 0x08, 0x09, 0x10, 0x11, 0x30, 0x31, 0x40, 0x80, 0x02, 0x0B, 0x04]
    return gen_driver_harness(cfgs, 36)


def gen_msg():
    seeds = gen_driver_harness([0x01, 0x09, 0x11, 0x31, 0x41, 0x03], 24)
    for _ in range(12):
        body = bytearray([0xFF])
        for _ in range(RNG.randrange(1, 6)):
            op = RNG.randrange(4)
            ln = RNG.choice([0, 3, 4, 7, 8, 9, 12, 40, 120])
            body += bytes([op]) + le16(ln) + le16(RNG.choice([0, 1, 4, 16, 64]))
            body += le16(RNG.choice([0, 2, 8, 80]))
            body += bytes(RNG.randrange(256) for _ in range(ln))
        seeds.append(bytes(body))
    return seeds


def gen_smc():
    # bits1:0 descriptor (atomic, waitq, irq), bit2 waitq off, bit3 p2a,
    # bits 4/5 function id kind and parameter mode, bit6 arginfo, bit7 no fw / poll
    cfgs = [0x00, 0x01, 0x02, 0x08, 0x09, 0x0A, 0x04, 0x1A, 0x2A, 0x4A, 0x8A, 0x89]
    seeds = gen_driver_harness(cfgs, 30)
    # a few that sleep on the wait-queue and get woken by the well-behaved
    # firmware: the firmware answers WAITQ_SLEEP (b >= 128, b & 7 == 0)
    for cfg in (0x01, 0x0A, 0x02):
        front = bytearray([cfg, 0x11]) + bytes([SYNC, 0, 0, SYNC, 0, 0])
        tail = bytearray(40)
        tail[-1] = 0x80          # first call: WAITQ_SLEEP...
        tail[-2] = 0x00          # ...on context 0
        seeds.append(bytes(front) + bytes(tail))
    return seeds


def gen_virtio():
    # bit0 no eventq, bit1 cmdq 16, bit2 eventq 8, bit3 no transport lock,
    # bit4 poll, bit6 immediate notifications
    cfgs = [0x00, 0x02, 0x06, 0x01, 0x10, 0x12, 0x08, 0x40, 0x16]
    seeds = []
    for i in range(30):
        front = bytearray([cfgs[i % len(cfgs)]])
        front += drv_program(RNG.randrange(2, 10), extra_ops=1)
        seeds.append(seed(front, RNG.choice([16, 48, 96])))
    return seeds


def gen_proto():
    seeds = []
    helpers = 87
    for i in range(40):
        front = bytearray()
        # attach a protocol first (helper 82), then a few helpers
        front += bytes([82, 0, 0, i % 10])
        for _ in range(RNG.randrange(1, 5)):
            h = RNG.randrange(helpers)
            front += bytes([h, RNG.randrange(8), RNG.randrange(9), RNG.randrange(256)])
        if i % 5 == 0:
            ln = RNG.randrange(0, 40)
            front += bytes([230]) + bytes([ln, RNG.randrange(256)])
            front += bytes(RNG.randrange(256) for _ in range(ln))
        # the platform: status SUCCESS and a few payload bytes per reply
        tail = bytearray()
        for _ in range(12):
            tail += bytes([0x00, RNG.randrange(12)]) + bytes(RNG.randrange(4) for _ in range(8))
        seeds.append(bytes(front) + bytes(reversed(tail)))
    return seeds


def gen_notify():
    seeds = []
    for i in range(30):
        cfg = RNG.choice([0x00, 0x01, 0x02, 0x03, 0x05, 0x10, 0x21, 0x08])
        front = bytearray([cfg, RNG.randrange(256)])
        for _ in range(RNG.randrange(2, 12)):
            op = RNG.choice([0, 0, 1, 2, 3, 3, 4, 5, 7, 8])
            front += bytes([op, RNG.randrange(256), RNG.randrange(256)])
            if op in (0, 1):
                front += bytes([RNG.randrange(88)])
            if op == 8:
                front += bytes([RNG.randrange(256)])
        seeds.append(bytes(front) + bytes([3, 0, 0]))
    return seeds


GEN = {
    "rx": gen_rx,
    "smt": gen_smt,
    "smc": gen_smc,
    "msg": gen_msg,
    "virtio": gen_virtio,
    "proto": gen_proto,
    "notify": gen_notify,
}


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    out = sys.argv[1]
    check = None
    if len(sys.argv) >= 4 and sys.argv[2] == "--check":
        check = sys.argv[3]
    kept = dropped = 0
    for name, fn in GEN.items():
        d = os.path.join(out, name)
        os.makedirs(d, exist_ok=True)
        for i, s in enumerate(fn()):
            path = os.path.join(d, "seed-%02d" % i)
            with open(path, "wb") as f:
                f.write(s)
            if check:
                binary = os.path.join(check, "tests", "fuzz", "fuzz_" + name)
                r = subprocess.run([binary, "-q", path], stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, check=False)
                if r.returncode != 0:
                    os.unlink(path)
                    dropped += 1
                    continue
            kept += 1
    print("gen_seeds: %d written, %d dropped (failed on this tree)" % (kept, dropped))
    return 0


if __name__ == "__main__":
    sys.exit(main())
