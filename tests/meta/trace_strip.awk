# SPDX-License-Identifier: BSD-3-Clause
#
# trace_strip.awk  -- write a library source as it would read had tracing
# and raw messages never existed (used by check_trace_zero.sh).
#
#   awk -f trace_strip.awk FILE > STRIPPED
#
# Removes, keeping the line count (removed lines become empty lines, so
# __LINE__ and diagnostics stay where they were):
#   - every `#if SCMIA_CFG_TRACE` / `#if SCMIA_CFG_RAW` region, keeping its
#     #else part; every `#if !SCMIA_CFG_TRACE` / `#if !SCMIA_CFG_RAW`
#     region is kept and its #else part removed;
#   - the definitions of the hook macros (TRACE_*, RAW_REPLY, RX_FETCHED,
#     XTAG) and of the drop reasons (BAD_*), and #undef of them;
#   - every statement that is a hook use, `TRACE_X(...);` (on one or more
#     lines); when the statement is the whole body of a brace-less
#     `if (NAME)` or `if (!NAME)` on the line before, that line too;
#   - the drop reason: a last call argument made of BAD_* constants
#     (`f(..., BAD_X)` or, on a line of its own, `cond ? BAD_X : BAD_Y)`),
#     and the parameter that receives it (`, int why)` in a definition).
#
# Anything it does not understand makes it fail (exit 2, FILE:LINE and the
# reason on stderr) instead of guessing: a preprocessor condition that
# names SCMIA_CFG_TRACE or SCMIA_CFG_RAW in any other form (`&&`, `||`,
# #elif, #ifdef...), a hook macro used inside an expression, a hook
# statement that does not end with `);`, a hook under an `if` whose
# condition is not a plain name, a BAD_* constant anywhere else, and, once
# all that is done, any identifier of the trace or raw vocabulary left in
# the code (comments aside): one with a `trace`, `TRACE`, `raw` or `RAW`
# part between underscores, BAD_*, XTAG, RX_FETCHED, transfer_id, why, or
# a member named inflight. The exceptions are listed in ALLOWED below.

BEGIN {
	# Identifiers of the vocabulary that are not tracing or raw messages.
	ALLOWED["clock_raw"] = 1 # the clock read without clamping
	# Exact names of the vocabulary.
	WORD["XTAG"] = 1
	WORD["RX_FETCHED"] = 1
	WORD["transfer_id"] = 1
	WORD["why"] = 1
	n = 0
	depth = 0
	errors = 0
}

function fail(line, msg) {
	printf "%s:%d: trace_strip: %s\n", FILENAME, line, msg > "/dev/stderr"
	errors++
}

# 1 when the lines being read are removed by an enclosing region.
function removed(    i) {
	for (i = 1; i <= depth; i++)
		if ((kind[i] == "drop" && part[i] == "if") || (kind[i] == "keep" && part[i] == "else"))
			return 1
	return 0
}

function names_option(s) {
	return s ~ /SCMIA_CFG_(TRACE|RAW)([^A-Za-z0-9_]|$)/
}

function is_hook_name(s) {
	return s ~ /^(TRACE_[A-Z0-9_]+|RAW_REPLY|RX_FETCHED|XTAG|BAD_[A-Z0-9_]+)$/
}

# Net parentheses of s (string and character literals skipped).
function paren_delta(s,    i, c, d, q) {
	d = 0
	q = ""
	for (i = 1; i <= length(s); i++) {
		c = substr(s, i, 1)
		if (q != "") {
			if (c == "\\")
				i++
			else if (c == q)
				q = ""
			continue
		}
		if (c == "\"" || c == "'")
			q = c
		else if (c == "(")
			d++
		else if (c == ")")
			d--
	}
	return d
}

# The directive of a logical line (its physical lines joined).
function directive(text, first, last,    t, word, expr, i) {
	t = text
	sub(/^[ \t]*#[ \t]*/, "", t)
	word = t
	sub(/[ \t(].*$/, "", word)
	expr = substr(t, length(word) + 1)
	gsub(/\/\*[^*]*\*+([^\/*][^*]*\*+)*\//, "", expr)
	sub(/\/\/.*$/, "", expr)
	gsub(/^[ \t]+|[ \t]+$/, "", expr)
	if (word == "if" || word == "ifdef" || word == "ifndef") {
		depth++
		part[depth] = "if"
		if (!names_option(expr)) {
			kind[depth] = "other"
			return 0
		}
		if (word == "if" && expr ~ /^SCMIA_CFG_(TRACE|RAW)$/)
			kind[depth] = "drop"
		else if (word == "if" && expr ~ /^![ \t]*SCMIA_CFG_(TRACE|RAW)$/)
			kind[depth] = "keep"
		else {
			kind[depth] = "other"
			fail(first, "#" word " " expr ": a condition on SCMIA_CFG_TRACE/RAW not understood")
			return 0
		}
		return 1
	}
	if (word == "elif") {
		if (depth == 0)
			fail(first, "#elif without #if")
		else if (kind[depth] != "other")
			fail(first, "#elif in a SCMIA_CFG_TRACE/RAW region: not understood")
		else if (names_option(expr))
			fail(first, "#elif " expr ": a condition on SCMIA_CFG_TRACE/RAW not understood")
		return 0
	}
	if (word == "else") {
		if (depth == 0) {
			fail(first, "#else without #if")
			return 0
		}
		if (part[depth] == "else")
			fail(first, "second #else")
		part[depth] = "else"
		return kind[depth] != "other"
	}
	if (word == "endif") {
		if (depth == 0) {
			fail(first, "#endif without #if")
			return 0
		}
		depth--
		return kind[depth + 1] != "other"
	}
	if (word == "define" || word == "undef") {
		t = expr
		sub(/[^A-Za-z0-9_].*$/, "", t)
		return is_hook_name(t)
	}
	return 0
}

# Blank the lines first..last of the output.
function blank(first, last,    i) {
	for (i = first; i <= last; i++)
		out[i] = ""
}

# Last non-empty output line before line i, 0 if none.
function prev_code(i) {
	for (i--; i > 0; i--)
		if (out[i] ~ /[^ \t]/)
			return i
	return 0
}

{
	n++
	out[n] = $0
	src[n] = $0
}

END {
	i = 1
	while (i <= n) {
		line = src[i]
		# a logical line: physical lines joined by backslash-newline
		last = i
		text = line
		while (text ~ /\\$/ && last < n) {
			last++
			text = substr(text, 1, length(text) - 1) " " src[last]
		}
		if (text ~ /^[ \t]*#/) {
			was_removed = removed()
			if (directive(text, i, last) || was_removed)
				blank(i, last)
			i = last + 1
			continue
		}
		if (removed()) {
			blank(i, last)
			i = last + 1
			continue
		}
		# a statement that is a hook use
		if (line ~ /^[ \t]*(TRACE_[A-Z0-9_]+|RAW_REPLY|RX_FETCHED)[ \t]*\(/) {
			d = paren_delta(line)
			last = i
			while (d > 0 && last < n) {
				last++
				d += paren_delta(src[last])
			}
			tail = src[last]
			sub(/^.*\)/, "", tail)
			if (d != 0 || tail !~ /^[ \t]*;[ \t]*(\/\*.*\*\/[ \t]*|\/\/.*)?$/) {
				fail(i, "hook use that is not a statement `NAME(...);`")
			} else {
				# A line ending with `)`, `else` or `do` before it makes
				# the hook the body of a brace-less statement.
				p = prev_code(i)
				if (p && out[p] ~ /^[ \t]*if[ \t]*\([ \t]*!?[A-Za-z_][A-Za-z0-9_]*[ \t]*\)[ \t]*$/)
					blank(p, p)
				else if (p && out[p] ~ /(\)|(^|[^A-Za-z0-9_])(else|do))[ \t]*$/)
					fail(p, "hook as the body of a statement other than `if (NAME)'")
				blank(i, last)
			}
			i = last + 1
			continue
		}
		# the drop reason, last argument of a call
		if (line ~ /BAD_[A-Z0-9_]+/) {
			if (line ~ /,[ \t]*[^,()]*BAD_[A-Z0-9_]+[^,()]*\)/) {
				sub(/,[ \t]*[^,()]*BAD_[A-Z0-9_]+[^,()]*\)/, ")", line)
				out[i] = line
			} else if (line ~ /^[ \t]*[^,()]*BAD_[A-Z0-9_]+[^,()]*\)/) {
				p = prev_code(i)
				if (!p || out[p] !~ /,[ \t]*$/) {
					fail(i, "BAD_* argument not understood")
				} else {
					sub(/,[ \t]*$/, "", out[p])
					sub(/[^, \t()][^,()]*\)/, ")", line)
					out[i] = line
				}
			} else {
				fail(i, "BAD_* constant outside a last call argument")
			}
		}
		# the parameter that receives the reason
		if (out[i] ~ /,[ \t]*int[ \t]+why[ \t]*\)/)
			sub(/,[ \t]*int[ \t]+why[ \t]*\)/, ")", out[i])
		i++
	}
	if (depth != 0)
		fail(n, "#if without #endif")

	# What is left must not speak of tracing or raw messages.
	incomment = 0
	for (i = 1; i <= n; i++) {
		code = ""
		s = out[i]
		while (s != "") {
			if (incomment) {
				k = index(s, "*/")
				if (!k) { s = ""; break }
				s = substr(s, k + 2)
				incomment = 0
				continue
			}
			k = match(s, /\/\*|\/\/|"([^"\\]|\\.)*"|'([^'\\]|\\.)*'/)
			if (!k) { code = code s; break }
			tok = substr(s, RSTART, RLENGTH)
			code = code substr(s, 1, RSTART - 1)
			s = substr(s, RSTART + RLENGTH)
			if (tok == "/*")
				incomment = 1
			else if (tok == "//")
				s = ""
			else
				code = code " \"\" "
		}
		if (code ~ /(->|\.)[ \t]*inflight([^A-Za-z0-9_]|$)/)
			fail(i, "member `inflight' used outside the SCMIA_CFG_TRACE regions")
		m = split(code, ids, /[^A-Za-z0-9_]+/)
		for (j = 1; j <= m; j++) {
			id = ids[j]
			if (id == "" || id ~ /^[0-9]/ || (id in ALLOWED))
				continue
			hit = (id in WORD) || id ~ /^BAD_/
			if (!hit) {
				np = split(id, parts, /_+/)
				for (q = 1; q <= np; q++) {
					w = tolower(parts[q])
					if (w == "trace" || w == "raw")
						hit = 1
				}
			}
			if (hit)
				fail(i, "`" id "' left outside the SCMIA_CFG_TRACE/RAW regions and hook uses")
		}
	}
	if (errors)
		exit 2
	for (i = 1; i <= n; i++)
		print out[i]
}
