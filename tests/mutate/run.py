#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""tests/mutate/run.py -- mutation check of the library's guards.

  run.py [--full] [--only ID[,ID...]] [-j N] [-o DIR] [--list FILE]
  run.py --check [--list FILE]     anchors only: no build, no test
  run.py -l [--full]               list the mutations
  run.py --table [--full]          the list as a Markdown table

Each mutation of the list file (default tests/mutate/mutations.txt, format
described at its top) removes or inverts one guard of the library. For each
one the script

  1. applies its hunks to a copy of the tree (DIR/src, kept in sync with
     the tree at every run): every hunk's anchor must occur exactly once in
     its file, or the run fails loudly (a changed source cannot make a
     mutation silently skip);
  2. rebuilds, incrementally, only the test programs the mutation lists
     (one CMake build tree, DIR/build, reused between mutations and runs;
     a mutation with "defines:" in a tree of its own per set of
     compile-time options, DIR/build-<options>);
  3. runs those tests, each with the mutation's time limit (a hang counts
     as a failure), stopping at the first one that fails;
  4. restores the sources.

A mutation is "killed" when at least one listed test fails (the line names
the test and the CMocka cases that failed, or the one that hung), and
"SURVIVED" when all pass; a mutation that does not build is an error of
the list ("BUILD-ERROR"). Before the first mutation the unmodified tree is
built and every selected test run once: they must all pass, else the
run stops (a test that fails anyway would kill every mutation).

Short mode (default) runs the mutations marked "mode: short"; --full (or
SCMIA_MUTATE_MODE=full) runs all of them. The run ends with
"mutate: N passed, N failed", passed = killed, and exits non-zero on any
survivor, build error or anchor error. docs/testing.md ("Mutation check")
lists the mutations and their times.
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
# Top-level entries of the tree copied into DIR/src.
SKIP_TOP = {"build", ".git"}


class ListError(Exception):
    pass


class Hunk:
    def __init__(self, path, line):
        self.path = path
        self.line = line
        self.anchor = []
        self.repl = []


class Mutation:
    def __init__(self, mid, name, line):
        self.id = mid
        self.name = name
        self.line = line
        self.keys = {}
        self.hunks = []
        self.tests = []

    @property
    def short(self):
        return self.keys.get("mode", "full") == "short"

    @property
    def timeout(self):
        return float(self.keys.get("timeout", "60"))


def strip_trailing_blank(lines):
    """Drop the blank lines and the comments ("#" alone or "# " and text)
    that end a block: they separate it from the next mutation."""
    while lines and (lines[-1].strip() == "" or lines[-1] == "#" or lines[-1].startswith("# ")):
        lines.pop()
    return lines


def parse_list(path):
    """Parse the list file: groups and mutations."""
    groups = {}
    muts = []
    cur = None
    hunk = None
    part = None  # "anchor" or "repl" inside a hunk
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for n, raw in enumerate(lines, 1):
        if raw.startswith("=== "):
            words = raw[4:].split(None, 1)
            if len(words) < 2:
                raise ListError("%s:%d: '=== ID NAME' expected" % (path, n))
            cur = Mutation(words[0], words[1].strip(), n)
            muts.append(cur)
            hunk = None
            part = None
            continue
        if raw.startswith("--- ") and cur is not None:
            hunk = Hunk(raw[4:].strip(), n)
            cur.hunks.append(hunk)
            part = "anchor"
            continue
        if raw == "+++" and hunk is not None and part == "anchor":
            part = "repl"
            continue
        if hunk is not None:
            (hunk.anchor if part == "anchor" else hunk.repl).append(raw)
            continue
        # Preamble or a mutation's header: comments, blank lines, keys.
        if raw.strip() == "" or raw.lstrip().startswith("#"):
            continue
        m = re.match(r"^([a-z]+)(?: ([A-Za-z0-9_-]+))?:\s*(.*)$", raw)
        if not m:
            raise ListError("%s:%d: cannot parse: %r" % (path, n, raw))
        key, arg, val = m.group(1), m.group(2), m.group(3).strip()
        if cur is None:
            if key != "group" or not arg:
                raise ListError("%s:%d: only 'group NAME: tests' before the first ===" % (path, n))
            groups[arg] = val.split()
            continue
        if arg:
            raise ListError("%s:%d: unexpected %r" % (path, n, raw))
        if key in cur.keys and key not in ("bug", "guard", "why"):
            raise ListError("%s:%d: %s given twice" % (path, n, key))
        cur.keys[key] = (cur.keys[key] + " " + val) if key in cur.keys else val
    seen = set()
    for mu in muts:
        where = "%s:%d: %s" % (path, mu.line, mu.id)
        if mu.id in seen:
            raise ListError("%s: duplicate id" % where)
        seen.add(mu.id)
        if not mu.hunks:
            raise ListError("%s: no hunk" % where)
        for key in ("tests", "guard", "bug"):
            if key not in mu.keys:
                raise ListError("%s: no '%s:' line" % (where, key))
        if mu.keys.get("mode", "full") not in ("short", "full"):
            raise ListError("%s: mode is short or full" % where)
        try:
            if mu.timeout <= 0:
                raise ValueError
        except ValueError:
            raise ListError("%s: bad timeout" % where)
        for h in mu.hunks:
            strip_trailing_blank(h.anchor)
            strip_trailing_blank(h.repl)
            if not h.anchor:
                raise ListError("%s:%d: empty anchor" % (path, h.line))
            if h.anchor == h.repl:
                raise ListError("%s:%d: the replacement equals the anchor" % (path, h.line))
        tests = []
        for t in mu.keys["tests"].split():
            if t.startswith("@"):
                if t[1:] not in groups:
                    raise ListError("%s: unknown group %s" % (where, t))
                tests.extend(groups[t[1:]])
            else:
                tests.append(t)
        mu.tests = list(dict.fromkeys(tests))
    return groups, muts


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def apply_hunks(mu, base):
    """The mutated contents of each file the mutation touches, checking
    that every anchor occurs exactly once (in the file as the earlier
    hunks of this mutation left it). Raises ListError otherwise."""
    out = {}
    for h in mu.hunks:
        path = os.path.join(base, h.path)
        if h.path not in out:
            if not os.path.isfile(path):
                raise ListError("%s: %s: no such file" % (mu.id, h.path))
            out[h.path] = read(path)
        text = out[h.path]
        anchor = "\n".join(h.anchor)
        count = text.count(anchor)
        if count != 1:
            first = h.anchor[0].strip()
            raise ListError("%s: the hunk at line %d of the list (anchor %r...) occurs %d times in %s "
                            "(must be exactly once)" % (mu.id, h.line, first, count, h.path))
        out[h.path] = text.replace(anchor, "\n".join(h.repl), 1)
    return out


def sync_tree(src, dst):
    """Make dst a copy of src (without build/ and .git), writing only what
    differs so that the build tree stays incremental."""
    want = set()
    for top in sorted(os.listdir(src)):
        if top in SKIP_TOP:
            continue
        sp = os.path.join(src, top)
        if os.path.isfile(sp):
            want.add(top)
            continue
        for dirpath, dirnames, filenames in os.walk(sp):
            dirnames[:] = [d for d in dirnames if d not in ("__pycache__",)]
            for fn in filenames:
                want.add(os.path.relpath(os.path.join(dirpath, fn), src))
    changed = 0
    for rel in sorted(want):
        s = os.path.join(src, rel)
        d = os.path.join(dst, rel)
        with open(s, "rb") as f:
            data = f.read()
        try:
            with open(d, "rb") as f:
                same = f.read() == data
        except OSError:
            same = False
        if not same:
            os.makedirs(os.path.dirname(d), exist_ok=True)
            with open(d, "wb") as f:
                f.write(data)
            shutil.copymode(s, d)
            changed += 1
    for dirpath, dirnames, filenames in os.walk(dst):
        for fn in filenames:
            rel = os.path.relpath(os.path.join(dirpath, fn), dst)
            if rel not in want:
                os.remove(os.path.join(dirpath, fn))
                changed += 1
    return changed


def write_text(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def run(cmd, log, **kw):
    with open(log, "a", encoding="utf-8") as f:
        f.write("$ %s\n" % " ".join(cmd))
        f.flush()
        return subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT, **kw).returncode


def configure(src, bld, log, defines=""):
    args = ["cmake", "-S", src, "-B", bld, "-DCMAKE_BUILD_TYPE=Debug",
            "-DSCMIA_BUILD_TESTS=ON", "-DSCMIA_BUILD_EXAMPLES=OFF", "-DSCMIA_WERROR=OFF",
            "-DCMAKE_C_COMPILER=gcc", "-DCMAKE_CXX_COMPILER=g++",
            # Shared libraries, and no relink of the test programs when one
            # changes: a mutation of the core recompiles one file and links
            # one library, not every test program.
            "-DBUILD_SHARED_LIBS=ON", "-DCMAKE_LINK_DEPENDS_NO_SHARED=ON",
            # A reduced build (a mutation's "defines:"): its own tree, no
            # mediator (it needs non-blocking transfers).
            "-DSCMIA_CONFIG_DEFINES=" + defines,
            "-DSCMIA_MEDIATOR=" + ("OFF" if defines else "ON")]
    return run(args, log) == 0


def ctest_tests(bld):
    out = subprocess.run(["ctest", "--test-dir", bld, "--show-only=json-v1"],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=True).stdout
    tests = {}
    for t in json.loads(out)["tests"]:
        props = {p["name"]: p["value"] for p in t.get("properties", [])}
        env = dict(os.environ)
        for kv in props.get("ENVIRONMENT", []):
            k, _, v = kv.partition("=")
            env[k] = v
        tests[t["name"]] = {
            "command": t.get("command"),
            "cwd": props.get("WORKING_DIRECTORY"),
            "env": env,
        }
    return tests


def build(bld, targets, jobs, log):
    if not targets:
        return True
    cmd = ["cmake", "--build", bld, "-j", str(jobs), "--target"] + sorted(targets)
    return run(cmd, log) == 0


def kill_group(p):
    try:
        os.killpg(p.pid, signal.SIGKILL)
    except OSError:
        pass
    p.wait()


def run_tests(names, tests, timeout, jobs, log_dir, stop_on_fail=True):
    """Run the tests @names (in order, @jobs at a time), each with the
    time limit @timeout (a test still running then is killed and counts as
    failed). With @stop_on_fail, the first failure stops the run: nothing
    more is started and the tests still running are killed (their verdict
    would not change the mutation's). Returns [(name, ok, why)] of the
    tests that ended."""
    os.makedirs(log_dir, exist_ok=True)
    results = []
    pending = list(names)
    running = {}
    failed = False
    while pending or running:
        while pending and len(running) < jobs and not (failed and stop_on_fail):
            n = pending.pop(0)
            t = tests[n]
            f = open(os.path.join(log_dir, n + ".log"), "w", encoding="utf-8")
            p = subprocess.Popen(t["command"], cwd=t["cwd"], env=t["env"], stdout=f,
                                 stderr=subprocess.STDOUT, start_new_session=True)
            running[n] = (p, time.monotonic(), f)
        if not running:
            break
        time.sleep(0.02)
        for n, (p, t0, f) in list(running.items()):
            rc = p.poll()
            dt = time.monotonic() - t0
            if rc is None and dt <= timeout:
                continue
            if rc is None:
                kill_group(p)
                ok, why = False, "timed out after %.0f s" % timeout
            elif rc == 0:
                ok, why = True, "passed (%.1f s)" % dt
            elif rc < 0:
                ok, why = False, "killed by signal %d" % -rc
            else:
                ok, why = False, "exit status %d" % rc
            f.close()
            del running[n]
            results.append((n, ok, why))
            if not ok:
                failed = True
        if failed and stop_on_fail:
            for n, (p, t0, f) in list(running.items()):
                kill_group(p)
                f.close()
            running.clear()
    return results


def failed_cases(log):
    """The test functions a failed test program reports (CMocka's FAILED
    and ERROR lines), or the one it was running when it hung or died."""
    try:
        with open(log, encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError:
        return ""
    names = sorted(set(re.findall(r"^\[  (?:FAILED|ERROR)   ?\] (test_\w+)", text, re.M)))
    if names:
        return ", ".join(names[:3]) + (", ..." if len(names) > 3 else "")
    runs = re.findall(r"^\[ RUN      \] (\w+)", text, re.M)
    return ("in " + runs[-1]) if runs else ""


def build_targets(bld):
    """Every target of the build tree (Makefile generator: "... name")."""
    out = subprocess.run(["cmake", "--build", bld, "--target", "help"], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, universal_newlines=True).stdout
    return {m.group(1) for m in re.finditer(r"^\.\.\. (\S+)", out, re.M)}


def targets_of(names, targets):
    """Build targets of the listed tests: scmia_add_test() names a test's
    program after the test; other tests (scripts) build nothing."""
    return {n for n in names if n in targets}


def main():
    sys.stdout.reconfigure(line_buffering=True)
    ap = argparse.ArgumentParser(description="Mutation check of scmia's guards.")
    ap.add_argument("--list", default=os.path.join(HERE, "mutations.txt"))
    ap.add_argument("--full", action="store_true",
                    default=os.environ.get("SCMIA_MUTATE_MODE", "") == "full")
    ap.add_argument("--only", default="", help="comma-separated mutation ids")
    ap.add_argument("--check", action="store_true", help="check the anchors only")
    ap.add_argument("-l", dest="ls", action="store_true", help="list the mutations")
    ap.add_argument("--table", action="store_true",
                    help="print the list as a Markdown table (docs/testing.md)")
    ap.add_argument("-j", type=int, default=int(os.environ.get("SCMIA_JOBS", "2")))
    ap.add_argument("-o", dest="out",
                    default=os.path.join(os.environ.get("SCMIA_BUILD_ROOT",
                                                        os.path.join(ROOT, "build")), "mutate"))
    ap.add_argument("--root", default=ROOT, help="tree to mutate (default: this one)")
    ap.add_argument("--no-nice", action="store_true")
    o = ap.parse_args()

    try:
        groups, muts = parse_list(o.list)
    except (ListError, OSError) as e:
        print("mutate: list: %s" % e)
        print("mutate: 0 passed, 1 failed")
        return 1
    _ = groups

    if o.check:
        bad = 0
        for mu in muts:
            try:
                apply_hunks(mu, o.root)
            except ListError as e:
                print("  ANCHOR  %s" % e)
                bad += 1
        print("mutate_anchors: %d passed, %d failed" % (len(muts) - bad, bad))
        return 1 if bad else 0

    sel = muts if o.full else [m for m in muts if m.short]
    if o.only:
        ids = o.only.split(",")
        unknown = [i for i in ids if i not in {m.id for m in muts}]
        if unknown:
            print("mutate: unknown id(s): %s" % " ".join(unknown))
            print("mutate: 0 passed, 1 failed")
            return 1
        sel = [m for m in muts if m.id in ids]

    if o.table:
        print("| id | mode | guard | bug classes | first test listed |")
        print("| --- | --- | --- | --- | --- |")
        for mu in sel:
            print("| %s | %s | %s | %s | `%s` |" %
                  (mu.id, "short" if mu.short else "full", mu.keys["guard"].replace("|", "\\|"),
                   mu.keys.get("classes", ""), mu.tests[0]))
        return 0
    if o.ls:
        for mu in sel:
            print("%-4s %-5s %-34s %s" % (mu.id, "short" if mu.short else "full", mu.name,
                                          mu.keys["guard"]))
        return 0

    if not o.no_nice:
        try:
            os.nice(10)
        except OSError:
            pass
    t0 = time.monotonic()
    src = os.path.join(o.out, "src")
    bld = os.path.join(o.out, "build")
    logs = os.path.join(o.out, "logs")
    os.makedirs(src, exist_ok=True)
    shutil.rmtree(logs, ignore_errors=True)
    os.makedirs(logs, exist_ok=True)

    # Every anchor first: a missing or ambiguous one fails the run at once.
    bad = 0
    for mu in sel:
        try:
            apply_hunks(mu, o.root)
        except ListError as e:
            print("  ANCHOR  %s" % e)
            bad += 1
    if bad:
        print("mutate: %d anchor error(s): fix tests/mutate/mutations.txt" % bad)
        print("mutate: 0 passed, %d failed" % bad)
        return 1

    n = sync_tree(o.root, src)
    print("  tree copied to %s (%d file(s) updated)" % (os.path.relpath(src, ROOT), n))
    # One build tree per set of compile-time options: the default build
    # for most mutations, a reduced one for those of code only such a build
    # has (key "defines:", a ;-list for SCMIA_CONFIG_DEFINES).
    builds = {}
    for mu in sel:
        builds.setdefault(mu.keys.get("defines", ""), []).append(mu)
    killed, failed = 0, 0
    survivors, errors = [], []
    for defines, group in sorted(builds.items()):
        gbld = bld
        if defines:
            gbld = bld + "-" + re.sub(r"[^A-Za-z0-9]+", "-", defines.replace("SCMIA_CFG_", ""))
            print("  build %s: %s" % (os.path.relpath(gbld, ROOT), defines))
        r = run_build(o, group, src, gbld, logs, defines)
        if r is None:
            failed += 1
            continue
        killed += r[0]
        survivors += r[1]
        errors += r[2]
    # The copy is left unmodified: the next run builds incrementally.
    for mu in survivors:
        print("  survivor %s %s" % (mu.id, mu.name))
        print("           guard: %s" % mu.keys["guard"])
        print("           tests: %s" % " ".join(mu.tests))
    failed += len(survivors) + len(errors)
    print("  %d mutation(s) in %.0f s (%s mode)" %
          (len(sel), time.monotonic() - t0, "full" if o.full else "short"))
    print("mutate: %d passed, %d failed" % (killed, failed))
    return 1 if failed else 0


def run_build(o, sel, src, bld, logs, defines):
    """Configure @bld (options @defines), build and run the baseline, then
    each mutation of @sel. Returns (killed, survivors, errors), or None when
    the tree cannot be configured or built or the baseline fails."""
    blog = os.path.join(logs, "build%s.log" % ("-" + os.path.basename(bld) if defines else ""))
    if not configure(src, bld, blog, defines):
        print("  CONFIGURE FAILED (log: %s)" % blog)
        return None
    tests = ctest_tests(bld)
    targets = build_targets(bld)
    unknown = sorted({t for mu in sel for t in mu.tests if t not in tests})
    if unknown:
        print("  unknown test(s) in the list: %s" % " ".join(unknown))
        return None

    # Baseline: the unmodified tree passes every test the mutations use.
    union = list(dict.fromkeys(t for mu in sel for t in mu.tests))
    tb = time.monotonic()
    if not build(bld, targets_of(union, targets), o.j, blog):
        print("  BUILD FAILED for the unmodified tree (log: %s)" % blog)
        return None
    # The commands of tests whose programs exist now.
    tests = ctest_tests(bld)
    nocmd = [t for t in union if not tests[t]["command"]]
    if nocmd:
        print("  no command for test(s): %s" % " ".join(nocmd))
        return None
    maxto = max(mu.timeout for mu in sel)
    res = run_tests(union, tests, maxto, o.j, os.path.join(logs, "baseline"),
                    stop_on_fail=False)
    badbase = [(nm, why) for nm, ok, why in res if not ok]
    print("  baseline: %d test(s) pass unmodified (%.0f s)" %
          (len(res) - len(badbase), time.monotonic() - tb))
    if badbase:
        for nm, why in badbase:
            print("  BASELINE FAILED %s: %s (log: %s)" %
                  (nm, why, os.path.join(logs, "baseline", nm + ".log")))
        return None

    killed = 0
    survivors = []
    errors = []
    for mu in sel:
        tm = time.monotonic()
        files = apply_hunks(mu, src)
        originals = {p: read(os.path.join(src, p)) for p in files}
        try:
            for p, text in files.items():
                write_text(os.path.join(src, p), text)
            mlog = os.path.join(logs, mu.id + ".build.log")
            if not build(bld, targets_of(mu.tests, targets), o.j, mlog):
                errors.append(mu)
                print("  BUILD-ERROR %-4s %s (log: %s)" % (mu.id, mu.name, mlog))
                continue
            res = run_tests(mu.tests, tests, mu.timeout, o.j, os.path.join(logs, mu.id))
        finally:
            for p, text in originals.items():
                write_text(os.path.join(src, p), text)
        dt = time.monotonic() - tm
        fails = [(nm, why) for nm, ok, why in res if not ok]
        if fails:
            killed += 1
            cases = failed_cases(os.path.join(logs, mu.id, fails[0][0] + ".log"))
            print("  killed   %-4s %-34s by %s: %s%s (%.0f s)" %
                  (mu.id, mu.name, fails[0][0], fails[0][1], " [%s]" % cases if cases else "",
                   dt))
        else:
            survivors.append(mu)
            print("  SURVIVED %-4s %-34s %d test(s) passed (%.0f s)" %
                  (mu.id, mu.name, len(res), dt))
    return killed, survivors, errors


if __name__ == "__main__":
    sys.exit(main())
