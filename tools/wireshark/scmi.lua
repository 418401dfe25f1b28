-- SPDX-License-Identifier: BSD-3-Clause
--
-- Wireshark dissector for Arm SCMI (DEN0056) message captures written by
-- scmia (include/scmia/pcapng.h; record layout in docs/tracing.md).
--
--   wireshark -X lua_script:tools/wireshark/scmi.lua capture.pcapng
--   tshark    -X lua_script:tools/wireshark/scmi.lua -r capture.pcapng -V
--
-- Packets of link type WIRESHARK_UPPER_PDU name this dissector ("scmi")
-- themselves. For a LINKTYPE_USER0..15 capture, map the user DLT to the
-- payload protocol "scmi" (Preferences > Protocols > DLT_USER).
--
-- What it shows: the scmia record header (direction, channel, agent,
-- transport, trace tag); the SCMI header (message id, type, protocol,
-- token); the status of responses with its name; every message of the ten
-- standard protocols (Base, Power domain, System power, Performance, Clock,
-- Sensor, Reset domain, Voltage domain, Power capping, Pin control), request,
-- response, delayed response and notification layouts; the command each
-- response and delayed response answers, matched by token within the
-- channel, with the response time. Short, long or inconsistent messages are
-- reported as expert information; the dissector never throws on bad input.
--
-- Layouts: the newest version of each protocol, decoding by length where
-- versions differ (fields a later version appended are shown when present),
-- and by the version the capture shows the agent and platform agreed on
-- (PROTOCOL_VERSION, NEGOTIATE_PROTOCOL_VERSION) where length alone cannot
-- tell (performance level entries, sensor readings).

local scmi = Proto("scmi", "Arm SCMI")

----------------------------------------------------------------------------
-- Small helpers (no bit library: works with Lua 5.1 to 5.4)
----------------------------------------------------------------------------

local floor = math.floor

-- bits hi..lo of a 32-bit value held as a non-negative number
local function bits(v, hi, lo)
	return floor(v / 2 ^ lo) % 2 ^ (hi - lo + 1)
end

local function sext(v, width)
	if v >= 2 ^ (width - 1) then
		return v - 2 ^ width
	end
	return v
end

-- NUL-terminated, printable text of a fixed-size string field
local function cstring(range)
	local s = range:raw()
	local z = s:find("\0", 1, true)
	if z then
		s = s:sub(1, z - 1)
	end
	return (s:gsub("[^\32-\126]", "?"))
end

----------------------------------------------------------------------------
-- Value strings
----------------------------------------------------------------------------

local status_names = {
	[0] = "SUCCESS", [-1] = "NOT_SUPPORTED", [-2] = "INVALID_PARAMETERS",
	[-3] = "DENIED", [-4] = "NOT_FOUND", [-5] = "OUT_OF_RANGE", [-6] = "BUSY",
	[-7] = "COMMS_ERROR", [-8] = "GENERIC_ERROR", [-9] = "HARDWARE_ERROR",
	[-10] = "PROTOCOL_ERROR", [-11] = "IN_USE",
}

local type_names = {
	[0] = "Command (and its response)", [1] = "Reserved", [2] = "Delayed response",
	[3] = "Notification",
}

local dir_names = { [0] = "Agent to platform", [1] = "Platform to agent" }

local transport_names = {
	[0] = "Unknown", [1] = "Loopback", [2] = "Shared memory (SMT)", [3] = "Message passing",
	[4] = "SMC/HVC", [5] = "virtio", [6] = "OP-TEE", [7] = "Mailbox",
}

local tag_names = {
	[0] = "CMND", [1] = "RESP", [2] = "DLYD", [3] = "NOTI", [4] = "!RESP", [5] = "!DLYD",
	[6] = "!NOTI", [7] = "!UNKN", [8] = "cmnd", [9] = "resp", [10] = "dlyd",
}

local reason_names = {
	[0] = "None", [-1] = "Unexpected (no transfer waits for it)",
	[-2] = "Invalid in the transfer's state", [-3] = "Unknown type",
	[-4] = "No room", [-5] = "Spurious",
}

local proto_names = {
	[0x10] = "Base", [0x11] = "Power domain", [0x12] = "System power",
	[0x13] = "Performance", [0x14] = "Clock", [0x15] = "Sensor", [0x16] = "Reset domain",
	[0x17] = "Voltage domain", [0x18] = "Power capping", [0x19] = "Pin control",
}

local enable_names = { [0] = "Disabled", [1] = "Enabled" }
local yes_no = { [0] = "No", [1] = "Yes" }

local system_states = {
	[0] = "Shutdown", [1] = "Cold reset", [2] = "Warm reset", [3] = "Power up", [4] = "Suspend",
}

local rate_formats = { [0] = "List", [1] = "Range (lowest, highest, step)" }

local sensor_types = {
	[0x00] = "None", [0x01] = "Unspecified", [0x02] = "Degrees C", [0x03] = "Degrees F",
	[0x04] = "Kelvin", [0x05] = "Volts", [0x06] = "Amps", [0x07] = "Watts",
	[0x08] = "Joules", [0x09] = "Coulombs", [0x0a] = "VA", [0x0b] = "Nits",
	[0x0c] = "Lumens", [0x0d] = "Lux", [0x0e] = "Candelas", [0x0f] = "kPa",
	[0x10] = "PSI", [0x11] = "Newtons", [0x12] = "CFM", [0x13] = "RPM", [0x14] = "Hertz",
}

local tp_event_control = {
	[0] = "Disabled", [1] = "Positive crossing", [2] = "Negative crossing", [3] = "Both",
}

local powercap_units = { [0] = "Abstract", [1] = "Microwatts", [2] = "Milliwatts", [3] = "Reserved" }

local pinctrl_selectors = { [0] = "Pin", [1] = "Group", [2] = "Function", [3] = "Reserved" }

local pinctrl_get_flags = {
	[0] = "One configuration", [1] = "All configurations", [2] = "Function only", [3] = "Reserved",
}

local pinctrl_conf_types = {
	[0] = "Default", [1] = "Bias bus hold", [2] = "Bias disable", [3] = "Bias high impedance",
	[4] = "Bias pull up", [5] = "Bias pull default", [6] = "Bias pull down",
	[7] = "Drive open drain", [8] = "Drive open source", [9] = "Drive push pull",
	[10] = "Drive strength", [11] = "Input debounce", [12] = "Input mode", [13] = "Pull mode",
	[14] = "Input value", [15] = "Input Schmitt", [16] = "Low power mode", [17] = "Output mode",
	[18] = "Output value", [19] = "Power source", [20] = "Slew rate",
}

local voltage_modes = { [0] = "Off", [7] = "On" }

----------------------------------------------------------------------------
-- Fields
----------------------------------------------------------------------------

local pf = {} -- every ProtoField, registered at the end
local function field(f)
	pf[#pf + 1] = f
	return f
end

-- record header
local f_rec = field(ProtoField.none("scmi.rec", "scmia capture record"))
local f_rec_version = field(ProtoField.uint8("scmi.rec.version", "Record version", base.DEC))
local f_rec_hdr_len = field(ProtoField.uint8("scmi.rec.hdr_len", "Record header length", base.DEC))
local f_rec_dir = field(ProtoField.uint8("scmi.rec.dir", "Direction", base.DEC, dir_names))
local f_rec_flags = field(ProtoField.uint8("scmi.rec.flags", "Flags", base.HEX))
local f_rec_poll = field(ProtoField.uint8("scmi.rec.flags.poll", "Polled", base.DEC, yes_no))
local f_rec_raw = field(ProtoField.uint8("scmi.rec.flags.raw", "Raw API", base.DEC, yes_no))
local f_rec_dropped = field(ProtoField.uint8("scmi.rec.flags.dropped", "Dropped by the agent",
	base.DEC, yes_no))
local f_rec_transport_id = field(ProtoField.uint8("scmi.rec.transport_id", "Transport", base.DEC,
	transport_names))
local f_rec_chan = field(ProtoField.uint8("scmi.rec.chan", "Channel (protocol, 0 default)",
	base.HEX))
local f_rec_agent = field(ProtoField.uint16("scmi.rec.agent", "Agent", base.DEC))
local f_rec_tag = field(ProtoField.uint8("scmi.rec.tag", "Trace tag", base.DEC, tag_names))
local f_rec_reason = field(ProtoField.int8("scmi.rec.reason", "Drop reason", base.DEC,
	reason_names))
local f_rec_transfer = field(ProtoField.uint32("scmi.rec.transfer_id", "Transfer id", base.HEX))
local f_rec_transport = field(ProtoField.string("scmi.rec.transport", "Transport name"))

-- SCMI header
local f_hdr = field(ProtoField.uint32("scmi.hdr", "Header", base.HEX))
local f_msg_id = field(ProtoField.uint8("scmi.msg_id", "Message id", base.HEX))
local f_type = field(ProtoField.uint8("scmi.type", "Message type", base.DEC, type_names))
local f_proto = field(ProtoField.uint8("scmi.proto", "Protocol", base.HEX, proto_names))
local f_token = field(ProtoField.uint16("scmi.token", "Token", base.DEC))
local f_hdr_rsvd = field(ProtoField.uint8("scmi.hdr.reserved", "Reserved (31:28)", base.HEX))
local f_msg_name = field(ProtoField.string("scmi.msg_name", "Message"))
local f_kind = field(ProtoField.string("scmi.kind", "Kind"))
local f_status = field(ProtoField.int32("scmi.status", "Status", base.DEC, status_names))
local f_extra = field(ProtoField.bytes("scmi.extra", "Bytes past the layout"))
local f_payload = field(ProtoField.bytes("scmi.payload", "Payload"))

-- matching
local f_request_in = field(ProtoField.framenum("scmi.request_in", "Command in", base.NONE,
	frametype.REQUEST))
local f_response_in = field(ProtoField.framenum("scmi.response_in", "Response in", base.NONE,
	frametype.RESPONSE))
local f_delayed_in = field(ProtoField.framenum("scmi.delayed_in", "Delayed response in",
	base.NONE, frametype.RESPONSE))
local f_response_time = field(ProtoField.relative_time("scmi.response_time", "Response time"))
local f_delayed_time = field(ProtoField.relative_time("scmi.delayed_time",
	"Delayed response time (since the command)"))
local f_version_used = field(ProtoField.uint32("scmi.version_used",
	"Protocol version assumed for this layout", base.HEX))

-- messages every protocol has
local f_version = field(ProtoField.uint32("scmi.version", "Version", base.HEX))
local f_version_major = field(ProtoField.uint16("scmi.version.major", "Major", base.DEC))
local f_version_minor = field(ProtoField.uint16("scmi.version.minor", "Minor", base.DEC))
local f_pma_msg = field(ProtoField.uint32("scmi.pma.message_id", "Message id asked about",
	base.HEX))
local f_pma_attrs = field(ProtoField.uint32("scmi.pma.attributes", "Message attributes",
	base.HEX))
local f_pma_fc = field(ProtoField.uint8("scmi.pma.fastchannel",
	"Fastchannel available (bit 0, Performance and Power capping)", base.DEC, yes_no))
local f_negotiate = field(ProtoField.uint32("scmi.negotiate.version", "Version asked for",
	base.HEX))

----------------------------------------------------------------------------
-- Expert information
----------------------------------------------------------------------------

-- Bad input from the platform is a protocol violation (group PROTOCOL):
-- Wireshark's own "Malformed Packet" (group MALFORMED) would say that the
-- dissector ran past the data, which this one never does.
local ex_short = ProtoExpert.new("scmi.expert.short", "Message shorter than its layout",
	expert.group.PROTOCOL, expert.severity.ERROR)
local ex_extra = ProtoExpert.new("scmi.expert.extra", "Bytes past the layout",
	expert.group.PROTOCOL, expert.severity.NOTE)
local ex_record = ProtoExpert.new("scmi.expert.record", "Bad or unknown capture record",
	expert.group.PROTOCOL, expert.severity.ERROR)
local ex_status = ProtoExpert.new("scmi.expert.status", "Status outside the SCMI status codes",
	expert.group.PROTOCOL, expert.severity.ERROR)
local ex_error_status = ProtoExpert.new("scmi.expert.error_status", "Error status",
	expert.group.RESPONSE_CODE, expert.severity.NOTE)
local ex_type = ProtoExpert.new("scmi.expert.type", "Message type invalid in this direction",
	expert.group.PROTOCOL, expert.severity.ERROR)
local ex_reserved = ProtoExpert.new("scmi.expert.reserved", "Reserved header bits set",
	expert.group.PROTOCOL, expert.severity.WARN)
local ex_unmatched = ProtoExpert.new("scmi.expert.unmatched",
	"No command with this token in the capture", expert.group.SEQUENCE, expert.severity.WARN)
local ex_mismatch = ProtoExpert.new("scmi.expert.mismatch",
	"Reply does not echo its command's protocol and message", expert.group.SEQUENCE,
	expert.severity.WARN)
local ex_duplicate = ProtoExpert.new("scmi.expert.duplicate", "Second reply of this kind",
	expert.group.SEQUENCE, expert.severity.WARN)
local ex_unasked = ProtoExpert.new("scmi.expert.unasked",
	"Delayed response to a command that did not ask for one", expert.group.SEQUENCE,
	expert.severity.WARN)
local ex_reorder = ProtoExpert.new("scmi.expert.reorder",
	"Delayed response before its response", expert.group.SEQUENCE, expert.severity.NOTE)
local ex_dropped = ProtoExpert.new("scmi.expert.dropped", "Message dropped by the agent",
	expert.group.SEQUENCE, expert.severity.WARN)
local ex_unknown = ProtoExpert.new("scmi.expert.unknown",
	"Message not known to this dissector", expert.group.UNDECODED, expert.severity.NOTE)
local ex_list = ProtoExpert.new("scmi.expert.list", "Inconsistent list", expert.group.PROTOCOL,
	expert.severity.ERROR)
local ex_cut = ProtoExpert.new("scmi.expert.cut", "Capture cut at the snap length",
	expert.group.UNDECODED, expert.severity.NOTE)
local ex_internal = ProtoExpert.new("scmi.expert.internal", "Dissector error",
	expert.group.UNDECODED, expert.severity.ERROR)

scmi.experts = {
	ex_short, ex_extra, ex_record, ex_status, ex_error_status, ex_type, ex_reserved,
	ex_unmatched, ex_mismatch, ex_duplicate, ex_unasked, ex_reorder, ex_dropped, ex_unknown,
	ex_list, ex_cut, ex_internal,
}

----------------------------------------------------------------------------
-- Layout description
--
-- A layout is a list of items decoded in order. Item kinds:
--   u32 / x32 / i32       32-bit word (decimal, hex, signed)
--   u64 / x64 / i64       64-bit value sent as two words, low word first
--   name16 / name64       fixed-size NUL-padded string
--   bits                  a word shown in hex with the bit fields listed in
--                         .bits = { {key, label, hi, lo, vs, signed}, ... }
--   array                 .count(ctx) elements of .elem (a layout), each
--                         .size bytes (a number or a function(ctx, tvb, off))
--   custom                .fn(ctx, tvb, off, tree) returns the new offset
-- Item options: opt = true (a trailing field a later version appended:
-- absent is fine), when = function(ctx) (decode only when true).
-- Decoded values land in ctx.v[key] (numbers; 64-bit values as UInt64/Int64).
----------------------------------------------------------------------------

local kind_size = { u32 = 4, x32 = 4, i32 = 4, u64 = 8, x64 = 8, i64 = 8, name16 = 16,
	name64 = 64, bits = 4 }

local P = {} -- protocol tables, by id

-- Field registry of one protocol: "scmi.<short>.<key>"; the same key used
-- twice must have the same kind.
local function proto_fields(short)
	local reg = {}
	return function(key, kind, label, vs, signed)
		local abbr = "scmi." .. short .. "." .. key
		local e = reg[key]
		if e then
			assert(e.kind == kind, "field " .. abbr .. " used with two kinds")
			return e.f
		end
		local f
		if kind == "u32" then
			f = ProtoField.uint32(abbr, label, base.DEC, vs)
		elseif kind == "x32" or kind == "bits" then
			f = ProtoField.uint32(abbr, label, base.HEX, vs)
		elseif kind == "i32" then
			f = ProtoField.int32(abbr, label, base.DEC, vs)
		elseif kind == "u64" then
			f = ProtoField.uint64(abbr, label, base.DEC)
		elseif kind == "x64" then
			f = ProtoField.uint64(abbr, label, base.HEX)
		elseif kind == "i64" then
			f = ProtoField.int64(abbr, label, base.DEC)
		elseif kind == "name16" or kind == "name64" then
			f = ProtoField.string(abbr, label)
		elseif kind == "bitu" then
			f = ProtoField.uint32(abbr, label, base.DEC, vs)
		elseif kind == "biti" then
			f = ProtoField.int32(abbr, label, base.DEC, vs)
		elseif kind == "none" then
			f = ProtoField.none(abbr, label)
		else
			error("unknown field kind " .. kind)
		end
		field(f)
		reg[key] = { kind = kind, f = f }
		return f
	end
end

-- Item constructors; the field is created when the protocol is defined.
local function item(kind, key, label, opts)
	local it = opts or {}
	it.kind = kind
	it.key = key
	it.label = label
	return it
end
local function U(key, label, o) return item("u32", key, label, o) end
local function X(key, label, o) return item("x32", key, label, o) end
local function I(key, label, o) return item("i32", key, label, o) end
local function U64(key, label, o) return item("u64", key, label, o) end
local function X64(key, label, o) return item("x64", key, label, o) end
local function I64(key, label, o) return item("i64", key, label, o) end
local function N16(key, label, o) return item("name16", key, label, o) end
local function N64(key, label, o) return item("name64", key, label, o) end
local function BITS(key, label, b, o)
	local it = item("bits", key, label, o)
	it.bits = b
	return it
end
local function ARR(key, label, count, size, elem, o)
	local it = item("array", key, label, o)
	it.count = count
	it.size = size
	it.elem = elem
	return it
end
local function CUSTOM(fn, o)
	local it = o or {}
	it.kind = "custom"
	it.fn = fn
	return it
end
-- bit field helpers: {key, label, hi, lo, value_string, signed}
local function B(key, label, hi, lo, vs, signed)
	return { key = key, label = label, hi = hi, lo = lo or hi, vs = vs, signed = signed }
end
local function FLAG(key, label, bit) return B(key, label, bit, bit, yes_no) end
-- a fresh table each time: bind() stores the protocol's field in it
local function ENABLE() return B("notify_enable", "Notify enable", 0, 0, enable_names) end

-- Bind every item of a layout (recursively) to its ProtoFields.
local function bind(layout, mk)
	for _, it in ipairs(layout) do
		if it.kind == "array" then
			it.f = mk(it.key, "none", it.label)
			bind(it.elem, mk)
		elseif it.kind ~= "custom" then
			it.f = mk(it.key, it.kind, it.label, it.vs)
			if it.bits then
				for _, b in ipairs(it.bits) do
					b.f = mk(b.key, b.signed and "biti" or "bitu", b.label, b.vs)
				end
			end
		end
	end
end

-- Report a short message once per dissection.
local function short(ctx, tree, what, need, have)
	if ctx.short_reported then
		return
	end
	ctx.short_reported = true
	tree:add_proto_expert_info(ex_short, string.format(
		"%s: %s needs %d more bytes, %d left", ctx.what or "message", what, need, have))
end

local decode -- forward

local function decode_item(ctx, it, tvb, off, tree)
	local left = tvb:len() - off
	if it.kind == "custom" then
		return it.fn(ctx, tvb, off, tree)
	end
	if it.kind == "array" then
		local n = it.count(ctx)
		local sub = tree:add(it.f, tvb(off, 0))
		sub:set_text(string.format("%s (%d)", it.label, n))
		local start = off
		for i = 1, n do
			local size = type(it.size) == "function" and it.size(ctx, tvb, off) or it.size
			if tvb:len() - off < size then
				short(ctx, tree, string.format("%s entry %d of %d", it.label, i, n), size,
					tvb:len() - off)
				return nil
			end
			local e = sub:add(it.f, tvb(off, size))
			e:set_text(string.format("%s [%d]", it.label, i - 1))
			ctx.index = i - 1
			local noff = decode(ctx, it.elem, tvb, off, e, off + size)
			if noff == nil then
				return nil
			end
			off = off + size
		end
		sub:set_len(off - start)
		return off
	end
	local size = kind_size[it.kind]
	if left < size then
		if it.opt and left == 0 then
			return nil, "stop"
		end
		short(ctx, tree, it.label, size, left)
		return nil
	end
	local r = tvb(off, size)
	local v
	if it.kind == "u32" or it.kind == "x32" then
		v = r:le_uint()
		tree:add_le(it.f, r)
	elseif it.kind == "i32" then
		v = r:le_int()
		tree:add_le(it.f, r)
	elseif it.kind == "u64" or it.kind == "x64" then
		v = r:le_uint64()
		tree:add_le(it.f, r)
	elseif it.kind == "i64" then
		v = r:le_int64()
		tree:add_le(it.f, r)
	elseif it.kind == "name16" or it.kind == "name64" then
		v = cstring(r)
		tree:add(it.f, r, v)
	elseif it.kind == "bits" then
		v = r:le_uint()
		local w = tree:add_le(it.f, r)
		for _, b in ipairs(it.bits) do
			local bv = bits(v, b.hi, b.lo)
			if b.signed then
				bv = sext(bv, b.hi - b.lo + 1)
			end
			ctx.v[b.key] = bv
			w:add(b.f, r, bv)
		end
	end
	ctx.v[it.key] = v
	return off + size
end

-- Decode a layout from @off; stop at @limit (default: the end of the tvb).
-- Returns the offset after the last item, or nil when the message ended
-- early (already reported).
decode = function(ctx, layout, tvb, off, tree, limit)
	local sub = tvb
	if limit and limit < tvb:len() then
		sub = tvb(0, limit):tvb()
	end
	for _, it in ipairs(layout) do
		if not it.when or it.when(ctx) then
			local noff, why = decode_item(ctx, it, sub, off, tree)
			if noff == nil then
				if why == "stop" then
					return off
				end
				return nil
			end
			off = noff
		end
	end
	return off
end

----------------------------------------------------------------------------
-- Common item shapes
----------------------------------------------------------------------------

local function count_of(key)
	return function(ctx) return ctx.v[key] or 0 end
end

local function ext_name_get(idkey, idlabel)
	return {
		req = { U(idkey, idlabel) },
		resp = { X("name_flags", "Flags"), N64("long_name", "Extended name") },
	}
end

local function notify_req(idkey, idlabel)
	return { U(idkey, idlabel), BITS("notify_enable_word", "Notify enable", { ENABLE() }) }
end

local function fastchannel_resp()
	return {
		BITS("fc_attributes", "Attributes", {
			FLAG("fc_doorbell", "Doorbell", 0),
			B("fc_doorbell_width", "Doorbell register width (0: 8, 1: 16, 2: 32, 3: 64 bits)", 2, 1),
		}),
		BITS("fc_rate_limit", "Rate limit", { B("fc_rate_limit_us", "Rate limit (us)", 19, 0) }),
		X64("fc_chan_addr", "Channel address"),
		U("fc_chan_size", "Channel size"),
		-- always sent, meaningful with a doorbell; a platform without one
		-- may stop after the channel size
		X64("fc_db_addr", "Doorbell address", { opt = true }),
		X64("fc_db_set_mask", "Doorbell set mask", { opt = true }),
		X64("fc_db_preserve_mask", "Doorbell preserve mask", { opt = true }),
	}
end

-- Version known for this protocol at this point of the capture (0: none).
local function major(ctx)
	return floor((ctx.version or 0) / 65536)
end

----------------------------------------------------------------------------
-- Protocols. Each: id, name, short, attrs (PROTOCOL_ATTRIBUTES response),
-- msgs[id] = { name, req, resp, dresp, dname, async(ctx) }, notes[id] =
-- { name, layout }.
----------------------------------------------------------------------------

local function define(p)
	local mk = proto_fields(p.short)
	p.mk = mk
	bind(p.attrs or {}, mk)
	for _, m in pairs(p.msgs) do
		bind(m.req or {}, mk)
		bind(m.resp or {}, mk)
		bind(m.dresp or {}, mk)
	end
	for _, n in pairs(p.notes or {}) do
		bind(n.layout, mk)
	end
	P[p.id] = p
end

-- Base (0x10), v2.1
define({
	id = 0x10, name = "Base", short = "base",
	attrs = { BITS("attributes", "Attributes", {
		B("num_protocols", "Protocols (besides Base)", 7, 0),
		B("num_agents", "Agents", 15, 8),
	}) },
	msgs = {
		[0x3] = { name = "BASE_DISCOVER_VENDOR", req = {}, resp = { N16("vendor", "Vendor") } },
		[0x4] = { name = "BASE_DISCOVER_SUB_VENDOR", req = {},
			resp = { N16("sub_vendor", "Sub-vendor") } },
		[0x5] = { name = "BASE_DISCOVER_IMPLEMENTATION_VERSION", req = {},
			resp = { X("impl_version", "Implementation version") } },
		[0x6] = { name = "BASE_DISCOVER_LIST_PROTOCOLS", req = { U("skip", "Skip") },
			resp = {
				U("num_protocols_page", "Protocols in this reply"),
				CUSTOM(function(ctx, tvb, off, tree)
					-- one byte per protocol id, padded to a word
					local n = ctx.v.num_protocols_page
					local padded = floor((n + 3) / 4) * 4
					if n > 1024 or tvb:len() - off < padded then
						short(ctx, tree, string.format("%d protocol ids (padded to %d bytes)",
							n, padded), padded, tvb:len() - off)
						return nil
					end
					for i = 0, n - 1 do
						tree:add(ctx.p.f_protocol, tvb(off + i, 1), tvb(off + i, 1):uint())
					end
					return off + padded
				end),
			} },
		[0x7] = { name = "BASE_DISCOVER_AGENT", req = { U("agent_id", "Agent id") },
			resp = { U("agent_id", "Agent id"), N16("agent_name", "Agent name") } },
		[0x8] = { name = "BASE_NOTIFY_ERRORS",
			req = { BITS("notify_enable_word", "Notify enable", { ENABLE() }) }, resp = {} },
		[0x9] = { name = "BASE_SET_DEVICE_PERMISSIONS",
			req = { U("agent_id", "Agent id"), U("device_id", "Device id"),
				BITS("flags", "Flags", { FLAG("access", "Access allowed", 0) }) }, resp = {} },
		[0xa] = { name = "BASE_SET_PROTOCOL_PERMISSIONS",
			req = { U("agent_id", "Agent id"), U("device_id", "Device id"),
				BITS("command_id", "Command id", { B("protocol", "Protocol", 7, 0, proto_names) }),
				BITS("flags", "Flags", { FLAG("access", "Access allowed", 0) }) }, resp = {} },
		[0xb] = { name = "BASE_RESET_AGENT_CONFIGURATION",
			req = { U("agent_id", "Agent id"),
				BITS("flags", "Flags", { FLAG("reset_permissions", "Reset permissions", 0) }) },
			resp = {} },
	},
	notes = {
		[0x0] = { name = "BASE_ERROR_EVENT", layout = {
			U("agent_id", "Agent id"),
			BITS("error_status", "Error status", {
				FLAG("fatal", "Fatal", 31),
				B("num_reports", "Message reports", 9, 0),
			}),
			ARR("reports", "Message reports", count_of("num_reports"), 8,
				{ X64("report", "Report") }),
		} },
	},
})

-- Power domain (0x11), v3.1 (and v2's change-requested messages)
local power_state_bits = {
	FLAG("context_lost", "Context lost (off)", 30),
	B("state_id", "State id", 27, 0),
}
define({
	id = 0x11, name = "Power domain", short = "power",
	attrs = {
		BITS("attributes", "Attributes", { B("num_domains", "Domains", 15, 0) }),
		X64("stats_addr", "Statistics address"),
		U("stats_len", "Statistics length"),
	},
	msgs = {
		[0x3] = { name = "POWER_DOMAIN_ATTRIBUTES", req = { U("domain_id", "Domain id") },
			resp = {
				BITS("attributes", "Attributes", {
					FLAG("notify", "State change notifications", 31),
					FLAG("async", "Asynchronous set", 30),
					FLAG("sync", "Synchronous set", 29),
					FLAG("change_requested", "Change-requested notifications (v2)", 28),
					FLAG("ext_name", "Extended name", 27),
				}),
				N16("name", "Name"),
			} },
		[0x4] = { name = "POWER_STATE_SET",
			req = { BITS("flags", "Flags", { FLAG("async_flag", "Asynchronous", 0) }),
				U("domain_id", "Domain id"),
				BITS("power_state", "Power state", power_state_bits) },
			resp = {} },
		[0x5] = { name = "POWER_STATE_GET", req = { U("domain_id", "Domain id") },
			resp = { BITS("power_state", "Power state", power_state_bits) } },
		[0x6] = { name = "POWER_STATE_NOTIFY", req = notify_req("domain_id", "Domain id"), resp = {} },
		[0x7] = { name = "POWER_STATE_CHANGE_REQUESTED_NOTIFY",
			req = notify_req("domain_id", "Domain id"), resp = {} },
		[0x8] = { name = "POWER_DOMAIN_NAME_GET", req = ext_name_get("domain_id", "Domain id").req,
			resp = ext_name_get("domain_id", "Domain id").resp },
	},
	notes = {
		[0x0] = { name = "POWER_STATE_CHANGED", layout = { U("agent_id", "Agent id"),
			U("domain_id", "Domain id"), BITS("power_state", "Power state", power_state_bits) } },
		[0x1] = { name = "POWER_STATE_CHANGE_REQUESTED", layout = { U("agent_id", "Agent id"),
			U("domain_id", "Domain id"), BITS("power_state", "Power state", power_state_bits) } },
	},
})

-- System power (0x12), v2.1
define({
	id = 0x12, name = "System power", short = "system",
	attrs = { X("attributes", "Attributes") },
	msgs = {
		[0x3] = { name = "SYSTEM_POWER_STATE_SET",
			req = { BITS("flags", "Flags", { FLAG("graceful", "Graceful", 0) }),
				U("system_state", "System state", { vs = system_states }) },
			resp = {} },
		[0x4] = { name = "SYSTEM_POWER_STATE_GET", req = {},
			resp = { U("system_state", "System state", { vs = system_states }) } },
		[0x5] = { name = "SYSTEM_POWER_STATE_NOTIFY",
			req = { BITS("notify_enable_word", "Notify enable", { ENABLE() }) }, resp = {} },
	},
	notes = {
		[0x0] = { name = "SYSTEM_POWER_STATE_NOTIFIER", layout = {
			U("agent_id", "Agent id"),
			BITS("flags", "Flags", { FLAG("graceful", "Graceful", 0) }),
			U("system_state", "System state", { vs = system_states }),
			U("timeout_ms", "Timeout (ms, v2)", { opt = true }),
		} },
	},
})

-- Performance domain (0x13), v4.0
local function perf_level_size(ctx, tvb, off)
	if ctx.level_size then
		return ctx.level_size
	end
	return 12
end
define({
	id = 0x13, name = "Performance", short = "perf",
	attrs = {
		BITS("attributes", "Attributes", {
			B("num_domains", "Domains", 15, 0),
			FLAG("power_mw", "Power in milliwatts", 16),
			FLAG("power_uw", "Power in microwatts (v3)", 17),
		}),
		X64("stats_addr", "Statistics address"),
		U("stats_len", "Statistics length"),
	},
	msgs = {
		[0x3] = { name = "PERFORMANCE_DOMAIN_ATTRIBUTES", req = { U("domain_id", "Domain id") },
			resp = {
				BITS("attributes", "Attributes", {
					FLAG("set_limits", "Limits set allowed", 31),
					FLAG("set_level", "Level set allowed", 30),
					FLAG("notify_limits", "Limits notifications", 29),
					FLAG("notify_level", "Level notifications", 28),
					FLAG("fastchannel", "Fastchannels", 27),
					FLAG("ext_name", "Extended name (v3)", 26),
					FLAG("level_indexing", "Level indexing (v4)", 25),
				}),
				BITS("rate_limit", "Rate limit", { B("rate_limit_us", "Rate limit (us)", 19, 0) }),
				U("sustained_freq_khz", "Sustained frequency (kHz)"),
				U("sustained_perf_level", "Sustained performance level"),
				N16("name", "Name"),
			} },
		[0x4] = { name = "PERFORMANCE_DESCRIBE_LEVELS",
			req = { U("domain_id", "Domain id"), U("level_index", "Level index") },
			resp = {
				BITS("num_levels", "Levels", {
					B("returned", "Returned", 11, 0),
					B("remaining", "Remaining", 31, 16),
				}),
				CUSTOM(function(ctx, tvb, off, tree)
					-- 12-byte entries before v4, 20-byte from v4: the
					-- agreed version decides, else the length does.
					local n = ctx.v.returned
					local left = tvb:len() - off
					if major(ctx) >= 4 then
						ctx.level_size = 20
					elseif major(ctx) >= 1 then
						ctx.level_size = 12
					elseif n > 0 and left >= 20 * n then
						ctx.level_size = 20
					else
						ctx.level_size = 12
					end
					return off
				end),
				ARR("levels", "Performance levels", count_of("returned"), perf_level_size, {
					U("perf_level", "Performance level"),
					U("power_cost", "Power cost"),
					BITS("level_attributes", "Attributes",
						{ B("latency_us", "Transition latency (us)", 15, 0) }),
					U("indicative_freq_khz", "Indicative frequency (kHz, v4)",
						{ when = function(c) return c.level_size == 20 end }),
					U("level_index", "Level index (v4)",
						{ when = function(c) return c.level_size == 20 end }),
				}),
			} },
		[0x5] = { name = "PERFORMANCE_LIMITS_SET", req = { U("domain_id", "Domain id"),
			U("range_max", "Maximum"), U("range_min", "Minimum") }, resp = {} },
		[0x6] = { name = "PERFORMANCE_LIMITS_GET", req = { U("domain_id", "Domain id") },
			resp = { U("range_max", "Maximum"), U("range_min", "Minimum") } },
		[0x7] = { name = "PERFORMANCE_LEVEL_SET", req = { U("domain_id", "Domain id"),
			U("perf_level", "Performance level") }, resp = {} },
		[0x8] = { name = "PERFORMANCE_LEVEL_GET", req = { U("domain_id", "Domain id") },
			resp = { U("perf_level", "Performance level") } },
		[0x9] = { name = "PERFORMANCE_NOTIFY_LIMITS", req = notify_req("domain_id", "Domain id"),
			resp = {} },
		[0xa] = { name = "PERFORMANCE_NOTIFY_LEVEL", req = notify_req("domain_id", "Domain id"),
			resp = {} },
		[0xb] = { name = "PERFORMANCE_DESCRIBE_FASTCHANNEL",
			req = { U("domain_id", "Domain id"), X("message_id", "Message id") },
			resp = fastchannel_resp() },
		[0xc] = { name = "PERFORMANCE_DOMAIN_NAME_GET",
			req = ext_name_get("domain_id", "Domain id").req,
			resp = ext_name_get("domain_id", "Domain id").resp },
	},
	notes = {
		[0x0] = { name = "PERFORMANCE_LIMITS_CHANGED", layout = { U("agent_id", "Agent id"),
			U("domain_id", "Domain id"), U("range_max", "Maximum"), U("range_min", "Minimum") } },
		[0x1] = { name = "PERFORMANCE_LEVEL_CHANGED", layout = { U("agent_id", "Agent id"),
			U("domain_id", "Domain id"), U("perf_level", "Performance level") } },
	},
})

-- Clock (0x14), v3.0
define({
	id = 0x14, name = "Clock", short = "clock",
	attrs = { BITS("attributes", "Attributes", {
		B("num_clocks", "Clocks", 15, 0),
		B("max_async", "Most pending asynchronous rate changes", 23, 16),
	}) },
	msgs = {
		[0x3] = { name = "CLOCK_ATTRIBUTES", req = { U("clock_id", "Clock id") },
			resp = {
				BITS("attributes", "Attributes", {
					FLAG("enabled", "Enabled", 0),
					FLAG("get_permissions", "Permissions query (v3)", 1),
					FLAG("ext_config", "Extended configuration (v3)", 27),
					FLAG("parents", "Parent clocks (v3)", 28),
					FLAG("ext_name", "Extended name", 29),
					FLAG("notify_rate_change_requested", "Rate change requested notifications", 30),
					FLAG("notify_rate_changed", "Rate changed notifications", 31),
				}),
				N16("name", "Name"),
				U("enable_latency_us", "Enable latency (us)", { opt = true }),
			} },
		[0x4] = { name = "CLOCK_DESCRIBE_RATES",
			req = { U("clock_id", "Clock id"), U("rate_index", "Rate index") },
			resp = {
				BITS("num_rates_flags", "Rates", {
					B("returned", "Returned", 11, 0),
					B("format", "Format", 12, 12, rate_formats),
					B("remaining", "Remaining", 31, 16),
				}),
				ARR("rates", "Rates", count_of("returned"), 8, { U64("rate", "Rate (Hz)") }),
			} },
		[0x5] = { name = "CLOCK_RATE_SET", dname = "CLOCK_RATE_SET_COMPLETE",
			req = {
				BITS("flags", "Flags", {
					FLAG("async_flag", "Asynchronous", 0),
					FLAG("ignore_dresp", "No delayed response", 1),
					FLAG("round_up", "Round up", 2),
					FLAG("round_auto", "Round to closest", 3),
				}),
				U("clock_id", "Clock id"),
				U64("rate", "Rate (Hz)"),
			},
			resp = {},
			dresp = { U("clock_id", "Clock id"), U64("rate", "Rate (Hz)") },
			async = function(v) return v.async_flag == 1 and v.ignore_dresp == 0 end },
		[0x6] = { name = "CLOCK_RATE_GET", req = { U("clock_id", "Clock id") },
			resp = { U64("rate", "Rate (Hz)") } },
		[0x7] = { name = "CLOCK_CONFIG_SET",
			req = {
				U("clock_id", "Clock id"),
				BITS("config_attributes", "Attributes", {
					B("state", "State (0 off, 1 on, 3 unchanged; before v3: bit 0 enable)", 1, 0),
					B("ext_config_type", "Extended configuration type (v3)", 23, 16),
				}),
				U("ext_config_value", "Extended configuration value (v3)", { opt = true }),
			},
			resp = {} },
		[0x8] = { name = "CLOCK_NAME_GET", req = ext_name_get("clock_id", "Clock id").req,
			resp = ext_name_get("clock_id", "Clock id").resp },
		[0x9] = { name = "CLOCK_RATE_NOTIFY", req = notify_req("clock_id", "Clock id"), resp = {} },
		[0xa] = { name = "CLOCK_RATE_CHANGE_REQUESTED_NOTIFY",
			req = notify_req("clock_id", "Clock id"), resp = {} },
		[0xb] = { name = "CLOCK_CONFIG_GET",
			req = { U("clock_id", "Clock id"), BITS("config_flags", "Flags",
				{ B("ext_config_type", "Extended configuration type (v3)", 7, 0) }) },
			resp = { X("config_get_attributes", "Attributes"),
				BITS("config", "Configuration", { FLAG("enabled", "Enabled", 0) }),
				U("ext_config_value", "Extended configuration value (v3)") } },
		[0xc] = { name = "CLOCK_POSSIBLE_PARENTS_GET",
			req = { U("clock_id", "Clock id"), U("skip_parents", "Skip") },
			resp = {
				BITS("num_parent_flags", "Parents", {
					B("returned", "Returned", 7, 0),
					B("remaining", "Remaining", 31, 24),
				}),
				ARR("parent_list", "Possible parents", count_of("returned"), 4,
					{ U("parent_id", "Parent clock id") }),
			} },
		[0xd] = { name = "CLOCK_PARENT_SET", req = { U("clock_id", "Clock id"),
			U("parent_id", "Parent clock id") }, resp = {} },
		[0xe] = { name = "CLOCK_PARENT_GET", req = { U("clock_id", "Clock id") },
			resp = { U("parent_id", "Parent clock id") } },
		[0xf] = { name = "CLOCK_GET_PERMISSIONS", req = { U("clock_id", "Clock id") },
			resp = { BITS("permissions", "Permissions", {
				FLAG("perm_state", "May change the state", 31),
				FLAG("perm_parent", "May change the parent", 30),
				FLAG("perm_rate", "May change the rate", 29),
			}) } },
	},
	notes = {
		[0x0] = { name = "CLOCK_RATE_CHANGED", layout = { U("agent_id", "Agent id"),
			U("clock_id", "Clock id"), U64("rate", "Rate (Hz)") } },
		[0x1] = { name = "CLOCK_RATE_CHANGE_REQUESTED", layout = { U("agent_id", "Agent id"),
			U("clock_id", "Clock id"), U64("rate", "Rate (Hz)") } },
	},
})

-- Sensor (0x15), v3.1
local resolution_bits = {
	B("resolution", "Resolution", 26, 0),
	B("resolution_exp", "Resolution exponent", 31, 27, nil, true),
}
local function sensor_desc_size(ctx, tvb, off)
	-- 28 bytes, 52 with extended attributes (attributes_low bit 8, v2+)
	if tvb:len() - off < 8 then
		return 28
	end
	local lo = tvb(off + 4, 4):le_uint()
	if bits(lo, 8, 8) == 1 and major(ctx) ~= 1 then
		return 52
	end
	return 28
end
local function axis_desc_size(ctx, tvb, off)
	if tvb:len() - off < 8 then
		return 28
	end
	return bits(tvb(off + 4, 4):le_uint(), 8, 8) == 1 and 48 or 28
end
-- Readings: one 64-bit value in v1, (value, timestamp) per axis from v2.
local function reading_layout_pick(ctx, tvb, off)
	local left = tvb:len() - off
	if major(ctx) == 1 or (major(ctx) == 0 and left == 8) then
		ctx.reading_size = 8
	else
		ctx.reading_size = 16
	end
	ctx.v.num_readings = floor(left / ctx.reading_size)
	if left % ctx.reading_size ~= 0 then
		ctx.readings_odd = left % ctx.reading_size
	end
	return off
end
local reading_elem = {
	I64("value", "Value"),
	U64("timestamp", "Timestamp (v2)", { when = function(c) return c.reading_size == 16 end }),
}
define({
	id = 0x15, name = "Sensor", short = "sensor",
	attrs = {
		BITS("attributes", "Attributes", {
			B("num_sensors", "Sensors", 15, 0),
			B("max_async", "Most pending asynchronous readings", 23, 16),
		}),
		X64("reg_addr", "Sensor register address"),
		U("reg_len", "Sensor register length"),
	},
	msgs = {
		[0x3] = { name = "SENSOR_DESCRIPTION_GET", req = { U("desc_index", "Descriptor index") },
			resp = {
				BITS("num_sensor_flags", "Descriptors", {
					B("returned", "Returned", 11, 0),
					B("remaining", "Remaining", 31, 16),
				}),
				ARR("descriptors", "Sensor descriptors", count_of("returned"), sensor_desc_size, {
					U("sensor_id", "Sensor id"),
					BITS("attributes_low", "Attributes low", {
						B("num_trip_points", "Trip points", 7, 0),
						FLAG("ext_attrs", "Extended attributes (v2)", 8),
						FLAG("timestamped", "Timestamped readings (v2)", 9),
						B("tstamp_exp", "Timestamp exponent (v2)", 14, 10, nil, true),
						FLAG("ext_name", "Extended name (v3)", 29),
						FLAG("continuous_notify", "Continuous update notifications (v2)", 30),
						FLAG("async", "Asynchronous reading", 31),
					}),
					BITS("attributes_high", "Attributes high", {
						B("sensor_type", "Type", 7, 0, sensor_types),
						FLAG("multi_axis", "Multi-axis (v2)", 8),
						B("scale", "Scale (power of ten)", 15, 11, nil, true),
						B("num_axes", "Axes (v2)", 21, 16),
						B("update_exp", "Update interval exponent", 26, 22, nil, true),
						B("update_secs", "Update interval (s)", 31, 27),
					}),
					N16("name", "Name"),
					U("power_uw", "Power (uW, v2)",
						{ when = function(c) return c.v.ext_attrs == 1 and major(c) ~= 1 end }),
					BITS("resolution_word", "Resolution (v2)", resolution_bits,
						{ when = function(c) return c.v.ext_attrs == 1 and major(c) ~= 1 end }),
					I64("min_range", "Minimum (v2)",
						{ when = function(c) return c.v.ext_attrs == 1 and major(c) ~= 1 end }),
					I64("max_range", "Maximum (v2)",
						{ when = function(c) return c.v.ext_attrs == 1 and major(c) ~= 1 end }),
				}),
			} },
		[0x4] = { name = "SENSOR_TRIP_POINT_NOTIFY", req = { U("sensor_id", "Sensor id"),
			BITS("event_control", "Event control", { ENABLE() }) }, resp = {} },
		[0x5] = { name = "SENSOR_TRIP_POINT_CONFIG",
			req = {
				U("sensor_id", "Sensor id"),
				BITS("trip_point_ev_ctrl", "Trip point", {
					B("tp_event_control", "Event control", 1, 0, tp_event_control),
					B("trip_point_id", "Trip point id", 11, 4),
				}),
				I64("trip_point_value", "Value"),
			},
			resp = {} },
		[0x6] = { name = "SENSOR_READING_GET", dname = "SENSOR_READING_COMPLETE",
			req = { U("sensor_id", "Sensor id"),
				BITS("flags", "Flags", { FLAG("async_flag", "Asynchronous", 0) }) },
			resp = {
				CUSTOM(reading_layout_pick),
				ARR("readings", "Readings", count_of("num_readings"),
					function(c) return c.reading_size end, reading_elem),
			},
			dresp = {
				U("sensor_id", "Sensor id"),
				CUSTOM(reading_layout_pick),
				ARR("readings", "Readings", count_of("num_readings"),
					function(c) return c.reading_size end, reading_elem),
			},
			async = function(v) return v.async_flag == 1 end },
		[0x7] = { name = "SENSOR_AXIS_DESCRIPTION_GET",
			req = { U("sensor_id", "Sensor id"), U("axis_desc_index", "Axis index") },
			resp = {
				BITS("num_axis_flags", "Axes", {
					B("returned", "Returned", 5, 0),
					B("remaining", "Remaining", 31, 26),
				}),
				ARR("axes", "Axis descriptors", count_of("returned"), axis_desc_size, {
					U("axis_id", "Axis id"),
					BITS("axis_attributes_low", "Attributes low", {
						FLAG("axis_ext_attrs", "Extended attributes", 8),
						FLAG("axis_ext_name", "Extended name (v3)", 9),
					}),
					BITS("axis_attributes_high", "Attributes high", {
						B("axis_type", "Type", 7, 0, sensor_types),
						B("axis_scale", "Scale (power of ten)", 15, 11, nil, true),
					}),
					N16("axis_name", "Name"),
					BITS("axis_resolution_word", "Resolution", resolution_bits,
						{ when = function(c) return c.v.axis_ext_attrs == 1 end }),
					I64("axis_min_range", "Minimum",
						{ when = function(c) return c.v.axis_ext_attrs == 1 end }),
					I64("axis_max_range", "Maximum",
						{ when = function(c) return c.v.axis_ext_attrs == 1 end }),
				}),
			} },
		[0x8] = { name = "SENSOR_LIST_UPDATE_INTERVALS",
			req = { U("sensor_id", "Sensor id"), U("interval_index", "Index") },
			resp = {
				BITS("num_intervals_flags", "Intervals", {
					B("returned", "Returned", 11, 0),
					B("format", "Format", 12, 12, rate_formats),
					B("remaining", "Remaining", 31, 16),
				}),
				ARR("intervals", "Update intervals", count_of("returned"), 4, {
					BITS("interval", "Interval", {
						B("interval_secs", "Seconds", 20, 5),
						B("interval_exp", "Exponent", 4, 0, nil, true),
					}),
				}),
			} },
		[0x9] = { name = "SENSOR_CONFIG_GET", req = { U("sensor_id", "Sensor id") },
			resp = { BITS("sensor_config", "Configuration", {
				FLAG("cfg_enabled", "Enabled", 0),
				FLAG("cfg_timestamp", "Timestamps", 1),
				B("cfg_round", "Rounding (set only)", 10, 9),
				B("cfg_update_exp", "Update interval exponent", 15, 11, nil, true),
				B("cfg_update_secs", "Update interval (s)", 31, 16),
			}) } },
		[0xa] = { name = "SENSOR_CONFIG_SET", req = { U("sensor_id", "Sensor id"),
			BITS("sensor_config", "Configuration", {
				FLAG("cfg_enabled", "Enabled", 0),
				FLAG("cfg_timestamp", "Timestamps", 1),
				B("cfg_round", "Rounding (set only)", 10, 9),
				B("cfg_update_exp", "Update interval exponent", 15, 11, nil, true),
				B("cfg_update_secs", "Update interval (s)", 31, 16),
			}) }, resp = {} },
		[0xb] = { name = "SENSOR_CONTINUOUS_UPDATE_NOTIFY",
			req = notify_req("sensor_id", "Sensor id"), resp = {} },
		[0xc] = { name = "SENSOR_NAME_GET", req = ext_name_get("sensor_id", "Sensor id").req,
			resp = ext_name_get("sensor_id", "Sensor id").resp },
		[0xd] = { name = "SENSOR_AXIS_NAME_GET",
			req = { U("sensor_id", "Sensor id"), U("axis_desc_index", "Axis index") },
			resp = {
				BITS("num_axis_flags", "Axes", {
					B("returned", "Returned", 5, 0),
					B("remaining", "Remaining", 31, 26),
				}),
				ARR("axis_names", "Axis names", count_of("returned"), 68, {
					U("axis_id", "Axis id"), N64("axis_ext_name_str", "Name") }),
			} },
	},
	notes = {
		[0x0] = { name = "SENSOR_TRIP_POINT_EVENT", layout = {
			U("agent_id", "Agent id"), U("sensor_id", "Sensor id"),
			BITS("trip_point_desc", "Trip point", {
				B("trip_point_id", "Trip point id", 7, 0),
				FLAG("direction", "Direction (1: rising)", 16),
			}),
		} },
		[0x1] = { name = "SENSOR_UPDATE", layout = {
			U("agent_id", "Agent id"), U("sensor_id", "Sensor id"),
			CUSTOM(function(ctx, tvb, off, tree)
				ctx.reading_size = 16
				ctx.v.num_readings = floor((tvb:len() - off) / 16)
				return off
			end),
			ARR("readings", "Readings", count_of("num_readings"), 16, reading_elem),
		} },
	},
})

-- Reset domain (0x16), v3.1
define({
	id = 0x16, name = "Reset domain", short = "reset",
	attrs = { BITS("attributes", "Attributes", { B("num_domains", "Domains", 15, 0) }) },
	msgs = {
		[0x3] = { name = "RESET_DOMAIN_ATTRIBUTES", req = { U("domain_id", "Domain id") },
			resp = {
				BITS("attributes", "Attributes", {
					FLAG("async", "Asynchronous reset", 31),
					FLAG("notify", "Notifications", 30),
					FLAG("ext_name", "Extended name (v3)", 29),
				}),
				U("latency_us", "Latency (us)"),
				N16("name", "Name"),
			} },
		[0x4] = { name = "RESET", dname = "RESET_COMPLETE",
			req = {
				U("domain_id", "Domain id"),
				BITS("flags", "Flags", {
					FLAG("autonomous", "Autonomous reset", 0),
					FLAG("explicit_assert", "Explicit assert", 1),
					FLAG("async_flag", "Asynchronous", 2),
				}),
				X("reset_state", "Reset state"),
			},
			resp = {},
			dresp = { U("domain_id", "Domain id") },
			async = function(v) return v.async_flag == 1 end },
		[0x5] = { name = "RESET_NOTIFY", req = notify_req("domain_id", "Domain id"), resp = {} },
		[0x6] = { name = "RESET_DOMAIN_NAME_GET", req = ext_name_get("domain_id", "Domain id").req,
			resp = ext_name_get("domain_id", "Domain id").resp },
	},
	notes = {
		[0x0] = { name = "RESET_ISSUED", layout = { U("agent_id", "Agent id"),
			U("domain_id", "Domain id"), X("reset_state", "Reset state") } },
	},
})

-- Voltage domain (0x17), v2.0
local voltage_config = BITS("config", "Configuration", {
	B("mode", "Mode (bit 3: implementation defined)", 3, 0, voltage_modes),
})
define({
	id = 0x17, name = "Voltage domain", short = "voltage",
	attrs = { BITS("attributes", "Attributes", { B("num_domains", "Domains", 15, 0) }) },
	msgs = {
		[0x3] = { name = "VOLTAGE_DOMAIN_ATTRIBUTES", req = { U("domain_id", "Domain id") },
			resp = {
				BITS("attributes", "Attributes", {
					FLAG("async", "Asynchronous level set (v2)", 31),
					FLAG("ext_name", "Extended name (v2)", 30),
				}),
				N16("name", "Name"),
			} },
		[0x4] = { name = "VOLTAGE_DESCRIBE_LEVELS",
			req = { U("domain_id", "Domain id"), U("level_index", "Level index") },
			resp = {
				BITS("num_levels_flags", "Levels", {
					B("returned", "Returned", 11, 0),
					B("format", "Format", 12, 12, rate_formats),
					B("remaining", "Remaining", 31, 16),
				}),
				ARR("levels", "Levels", count_of("returned"), 4, { I("level_uv", "Level (uV)") }),
			} },
		[0x5] = { name = "VOLTAGE_CONFIG_SET", req = { U("domain_id", "Domain id"), voltage_config },
			resp = {} },
		[0x6] = { name = "VOLTAGE_CONFIG_GET", req = { U("domain_id", "Domain id") },
			resp = { voltage_config } },
		[0x7] = { name = "VOLTAGE_LEVEL_SET", dname = "VOLTAGE_LEVEL_SET_COMPLETE",
			req = { U("domain_id", "Domain id"),
				BITS("flags", "Flags", { FLAG("async_flag", "Asynchronous (v2)", 0) }),
				I("level_uv", "Level (uV)") },
			resp = {},
			dresp = { U("domain_id", "Domain id"), I("level_uv", "Level (uV)") },
			async = function(v) return v.async_flag == 1 end },
		[0x8] = { name = "VOLTAGE_LEVEL_GET", req = { U("domain_id", "Domain id") },
			resp = { I("level_uv", "Level (uV)") } },
		[0x9] = { name = "VOLTAGE_DOMAIN_NAME_GET",
			req = ext_name_get("domain_id", "Domain id").req,
			resp = ext_name_get("domain_id", "Domain id").resp },
	},
})

-- Power capping and monitoring (0x18), v2.0
define({
	id = 0x18, name = "Power capping", short = "powercap",
	attrs = { BITS("attributes", "Attributes", { B("num_domains", "Domains", 15, 0) }) },
	msgs = {
		[0x3] = { name = "POWERCAP_DOMAIN_ATTRIBUTES", req = { U("domain_id", "Domain id") },
			resp = {
				BITS("attributes", "Attributes", {
					FLAG("notify_cap", "Cap change notifications", 31),
					FLAG("notify_measurements", "Measurement notifications", 30),
					FLAG("async_cap_set", "Asynchronous cap set", 29),
					FLAG("ext_name", "Extended name", 28),
					FLAG("cap_config", "Cap configurable", 27),
					FLAG("monitoring", "Power monitoring", 26),
					FLAG("pai_config", "Averaging interval configurable", 25),
					B("unit", "Unit", 24, 23, powercap_units),
					FLAG("fastchannel", "Fastchannels", 22),
				}),
				N16("name", "Name"),
				U("min_pai_us", "Minimum averaging interval (us)"),
				U("max_pai_us", "Maximum averaging interval (us)"),
				U("pai_step_us", "Averaging interval step (us)"),
				U("min_cap", "Minimum cap"),
				U("max_cap", "Maximum cap"),
				U("cap_step", "Cap step"),
				U("sustainable_power", "Sustainable power"),
				U("accuracy", "Accuracy (0.001 %)"),
				U("parent_id", "Parent domain id"),
			} },
		[0x4] = { name = "POWERCAP_CAP_GET", req = { U("domain_id", "Domain id") },
			resp = { U("power_cap", "Power cap") } },
		[0x5] = { name = "POWERCAP_CAP_SET", dname = "POWERCAP_CAP_SET_COMPLETE",
			req = {
				U("domain_id", "Domain id"),
				BITS("flags", "Flags", {
					FLAG("ignore_dresp", "No delayed response", 0),
					FLAG("async_flag", "Asynchronous", 1),
				}),
				U("power_cap", "Power cap"),
			},
			resp = {},
			dresp = { U("domain_id", "Domain id"), U("power_cap", "Power cap") },
			async = function(v) return v.async_flag == 1 and v.ignore_dresp == 0 end },
		[0x6] = { name = "POWERCAP_PAI_GET", req = { U("domain_id", "Domain id") },
			resp = { U("pai_us", "Averaging interval (us)") } },
		[0x7] = { name = "POWERCAP_PAI_SET", req = { U("domain_id", "Domain id"),
			X("pai_flags", "Flags"), U("pai_us", "Averaging interval (us)") }, resp = {} },
		[0x8] = { name = "POWERCAP_DOMAIN_NAME_GET",
			req = ext_name_get("domain_id", "Domain id").req,
			resp = ext_name_get("domain_id", "Domain id").resp },
		[0x9] = { name = "POWERCAP_MEASUREMENTS_GET", req = { U("domain_id", "Domain id") },
			resp = { U("power", "Power"), U("pai_us", "Averaging interval (us)") } },
		[0xa] = { name = "POWERCAP_CAP_NOTIFY", req = notify_req("domain_id", "Domain id"),
			resp = {} },
		[0xb] = { name = "POWERCAP_MEASUREMENTS_NOTIFY",
			req = { U("domain_id", "Domain id"),
				BITS("notify_enable_word", "Notify enable", { ENABLE() }),
				U("threshold_low", "Low threshold"), U("threshold_high", "High threshold") },
			resp = {} },
		[0xc] = { name = "POWERCAP_DESCRIBE_FASTCHANNEL",
			req = { U("domain_id", "Domain id"), X("message_id", "Message id") },
			resp = fastchannel_resp() },
	},
	notes = {
		[0x0] = { name = "POWERCAP_CAP_CHANGED", layout = { U("agent_id", "Agent id"),
			U("domain_id", "Domain id"), U("power_cap", "Power cap"),
			U("pai_us", "Averaging interval (us)") } },
		[0x1] = { name = "POWERCAP_MEASUREMENTS_CHANGED", layout = { U("agent_id", "Agent id"),
			U("domain_id", "Domain id"), U("power", "Power") } },
	},
})

-- Pin control (0x19), v1.0
local selector_word = BITS("selector_flags", "Flags",
	{ B("selector", "Selector", 1, 0, pinctrl_selectors) })
local pin_config = {
	BITS("config_type_word", "Type", { B("config_type", "Type", 7, 0, pinctrl_conf_types) }),
	U("config_value", "Value"),
}
define({
	id = 0x19, name = "Pin control", short = "pinctrl",
	attrs = {
		BITS("attributes_low", "Attributes low", {
			B("num_pins", "Pins", 15, 0),
			B("num_groups", "Groups", 31, 16),
		}),
		BITS("attributes_high", "Attributes high", { B("num_functions", "Functions", 15, 0) }),
	},
	msgs = {
		[0x3] = { name = "PINCTRL_ATTRIBUTES",
			req = { U("identifier", "Identifier"), selector_word },
			resp = {
				BITS("attributes", "Attributes", {
					B("num_elements", "Pins of the group / groups of the function", 15, 0),
					FLAG("ext_name", "Extended name", 31),
				}),
				N16("name", "Name"),
			} },
		[0x4] = { name = "PINCTRL_LIST_ASSOCIATIONS",
			req = { U("identifier", "Identifier"), selector_word, U("index", "Index") },
			resp = {
				BITS("assoc_flags", "Flags", {
					B("returned", "Returned", 11, 0),
					B("remaining", "Remaining", 31, 16),
				}),
				CUSTOM(function(ctx, tvb, off, tree)
					-- 16-bit ids, two per word, the last word padded
					local n = ctx.v.returned
					local padded = floor((n + 1) / 2) * 4
					if tvb:len() - off < padded then
						short(ctx, tree, string.format("%d ids (padded to %d bytes)", n, padded),
							padded, tvb:len() - off)
						return nil
					end
					local f = ctx.p.f_assoc_id
					for i = 0, n - 1 do
						tree:add_le(f, tvb(off + 2 * i, 2), tvb(off + 2 * i, 2):le_uint())
					end
					return off + padded
				end),
			} },
		[0x5] = { name = "PINCTRL_SETTINGS_GET",
			req = { U("identifier", "Identifier"),
				BITS("get_attributes", "Attributes", {
					B("config_type", "Type", 7, 0, pinctrl_conf_types),
					B("skip", "Skip", 15, 8),
					B("selector", "Selector", 17, 16, pinctrl_selectors),
					B("config_flag", "Flag", 19, 18, pinctrl_get_flags),
				}) },
			resp = {
				U("function_selected", "Function selected"),
				BITS("num_configs", "Configurations", {
					B("returned", "Returned", 7, 0),
					B("remaining", "Remaining", 31, 24),
				}),
				ARR("configs", "Configurations", count_of("returned"), 8, pin_config),
			} },
		[0x6] = { name = "PINCTRL_SETTINGS_CONFIGURE",
			req = {
				U("identifier", "Identifier"),
				U("function_id", "Function id"),
				BITS("configure_attributes", "Attributes", {
					B("selector", "Selector", 1, 0, pinctrl_selectors),
					B("num_configs_set", "Configurations", 9, 2),
					FLAG("function_valid", "Function id valid", 10),
				}),
				ARR("configs", "Configurations", count_of("num_configs_set"), 8, pin_config),
			},
			resp = {} },
		[0x7] = { name = "PINCTRL_REQUEST", req = { U("identifier", "Identifier"), selector_word },
			resp = {} },
		[0x8] = { name = "PINCTRL_RELEASE", req = { U("identifier", "Identifier"), selector_word },
			resp = {} },
		[0x9] = { name = "PINCTRL_NAME_GET", req = { U("identifier", "Identifier"), selector_word },
			resp = { X("name_flags", "Flags"), N64("long_name", "Extended name") } },
	},
})

-- Fields the custom decoders add (created now: fields exist before dissection).
P[0x10].f_protocol = P[0x10].mk("protocol", "bitu", "Protocol", proto_names)
P[0x19].f_assoc_id = P[0x19].mk("assoc_id", "bitu", "Id")

----------------------------------------------------------------------------
-- Messages every protocol has
----------------------------------------------------------------------------

local common_names = {
	[0x0] = "PROTOCOL_VERSION", [0x1] = "PROTOCOL_ATTRIBUTES",
	[0x2] = "PROTOCOL_MESSAGE_ATTRIBUTES", [0x10] = "NEGOTIATE_PROTOCOL_VERSION",
}

local function msg_name(proto, msg)
	if common_names[msg] then
		return common_names[msg]
	end
	local p = P[proto]
	if p and p.msgs[msg] then
		return p.msgs[msg].name
	end
	return string.format("MESSAGE_0x%02X", msg)
end

local function note_name(proto, msg)
	local p = P[proto]
	if p and p.notes and p.notes[msg] then
		return p.notes[msg].name
	end
	return string.format("NOTIFICATION_0x%02X", msg)
end

----------------------------------------------------------------------------
-- Capture state: commands by (agent, channel, token), versions by (agent,
-- protocol), and what the first pass decided for each frame.
----------------------------------------------------------------------------

local cmds, versions, frames

local function reset_state()
	cmds = {}
	versions = {}
	frames = {}
end
reset_state()
scmi.init = reset_state -- a new capture file starts afresh

local function us_between(a, b)
	local us = floor((b - a) * 1e6 + 0.5)
	if us < 0 then
		us = 0
	end
	return NSTime.new(floor(us / 1e6), (us % 1e6) * 1000)
end

-- First pass over a frame: match it, remember the decision.
local function first_pass(pinfo, rec, hdr)
	local fi = { dir = rec.dir }
	local key = rec.agent .. ":" .. rec.chan .. ":" .. hdr.token
	local vkey = rec.agent .. ":" .. hdr.proto
	fi.version = versions[vkey] or 0
	if rec.dir == 0 and hdr.type == 0 then
		fi.kind = "cmd"
		fi.time = pinfo.abs_ts
		fi.proto = hdr.proto
		fi.msg = hdr.msg
		cmds[key] = { frame = pinfo.number, fi = fi }
	elseif rec.dir == 1 and (hdr.type == 0 or hdr.type == 2) and not rec.dropped then
		fi.kind = hdr.type == 0 and "resp" or "dresp"
		local c = cmds[key]
		-- A command that already got this kind of reply is not waiting
		-- for another: the same message again is a duplicate, anything
		-- else belongs to no command in the capture.
		if c and ((fi.kind == "resp" and c.fi.resp) or (fi.kind == "dresp" and c.fi.dresp)) and
			(c.fi.proto ~= hdr.proto or c.fi.msg ~= hdr.msg) then
			c = nil
		end
		if c then
			fi.req = c.frame
			fi.rtime = us_between(c.fi.time, pinfo.abs_ts)
			if c.fi.proto ~= hdr.proto or c.fi.msg ~= hdr.msg then
				fi.mismatch = true
			end
			if fi.kind == "resp" then
				if c.fi.resp then
					fi.duplicate = true
				else
					c.fi.resp = pinfo.number
				end
			else
				if c.fi.dresp then
					fi.duplicate = true
				else
					c.fi.dresp = pinfo.number
				end
				if c.fi.async == false then
					fi.unasked = true
				end
				if not c.fi.resp then
					fi.reorder = true
				end
			end
			fi.cmd_fi = c.fi
		else
			fi.unmatched = true
		end
	elseif rec.dropped then
		fi.kind = "dropped"
	elseif rec.dir == 1 and hdr.type == 3 then
		fi.kind = "note"
	else
		fi.kind = "other"
	end
	return fi
end

-- After the first pass decoded a frame: learn versions from it.
local function learn_version(rec, hdr, fi, status, ctx)
	if fi.kind ~= "resp" or status ~= 0 or fi.mismatch or not fi.cmd_fi then
		return
	end
	local vkey = rec.agent .. ":" .. hdr.proto
	if hdr.msg == 0x0 and ctx.v.version then
		versions[vkey] = ctx.v.version
	elseif hdr.msg == 0x10 and fi.cmd_fi.negotiate then
		versions[vkey] = fi.cmd_fi.negotiate
	end
end

----------------------------------------------------------------------------
-- Dissection
----------------------------------------------------------------------------

local REC_HDR_LEN = 32

local function dissect_record(tvb, tree)
	local len = tvb:len()
	local t = tree:add(f_rec, tvb(0, math.min(len, REC_HDR_LEN)))
	if len < 2 then
		t:add_proto_expert_info(ex_record, "record shorter than its version and length")
		return nil
	end
	local version = tvb(0, 1):uint()
	local hlen = tvb(1, 1):uint()
	t:add(f_rec_version, tvb(0, 1))
	t:add(f_rec_hdr_len, tvb(1, 1))
	if version ~= 1 then
		t:add_proto_expert_info(ex_record, string.format("record version %d (this dissector reads 1)",
			version))
	end
	if hlen < REC_HDR_LEN or len < hlen then
		t:add_proto_expert_info(ex_record, string.format(
			"record header length %d (needs at least %d, %d captured)", hlen, REC_HDR_LEN, len))
		return nil
	end
	local rec = {
		hlen = hlen,
		dir = tvb(2, 1):uint(),
		flags = tvb(3, 1):uint(),
		transport_id = tvb(4, 1):uint(),
		chan = tvb(5, 1):uint(),
		agent = tvb(6, 2):le_uint(),
		tag = tvb(8, 1):uint(),
		reason = tvb(9, 1):int(),
		transfer = tvb(12, 4):le_uint(),
		transport = cstring(tvb(16, 16)),
	}
	rec.dropped = bits(rec.flags, 2, 2) == 1
	t:add(f_rec_dir, tvb(2, 1))
	local ft = t:add(f_rec_flags, tvb(3, 1))
	ft:add(f_rec_poll, tvb(3, 1), bits(rec.flags, 0, 0))
	ft:add(f_rec_raw, tvb(3, 1), bits(rec.flags, 1, 1))
	ft:add(f_rec_dropped, tvb(3, 1), bits(rec.flags, 2, 2))
	t:add(f_rec_transport_id, tvb(4, 1))
	t:add(f_rec_chan, tvb(5, 1))
	t:add_le(f_rec_agent, tvb(6, 2))
	t:add(f_rec_tag, tvb(8, 1))
	t:add(f_rec_reason, tvb(9, 1))
	t:add_le(f_rec_transfer, tvb(12, 4))
	t:add(f_rec_transport, tvb(16, 16), rec.transport)
	if rec.dir > 1 then
		t:add_proto_expert_info(ex_record, string.format("direction %d", rec.dir))
		return nil
	end
	t:append_text(string.format(", %s, agent %d, channel 0x%02x, %s",
		rec.dir == 0 and "agent to platform" or "platform to agent", rec.agent, rec.chan,
		rec.transport ~= "" and rec.transport or transport_names[rec.transport_id] or "?"))
	return rec
end

local function dissect_header(tvb, off, tree)
	local r = tvb(off, 4)
	local h = r:le_uint()
	local hdr = {
		raw = h,
		msg = bits(h, 7, 0),
		type = bits(h, 9, 8),
		proto = bits(h, 17, 10),
		token = bits(h, 27, 18),
		rsvd = bits(h, 31, 28),
	}
	local t = tree:add_le(f_hdr, r)
	t:add(f_msg_id, r, hdr.msg)
	t:add(f_type, r, hdr.type)
	t:add(f_proto, r, hdr.proto)
	t:add(f_token, r, hdr.token)
	local rs = t:add(f_hdr_rsvd, r, hdr.rsvd)
	if hdr.rsvd ~= 0 then
		rs:add_proto_expert_info(ex_reserved)
	end
	return hdr, t
end

-- Decode one body layout with the generic messages folded in.
local function body_layout(p, hdr, kind)
	local msg = hdr.msg
	if kind == "note" then
		if p and p.notes and p.notes[msg] then
			return p.notes[msg].layout
		end
		return nil
	end
	if msg == 0x0 then
		if kind == "cmd" then
			return {}
		end
		return { CUSTOM(function(ctx, tvb, off, tree)
			if tvb:len() - off < 4 then
				short(ctx, tree, "version", 4, tvb:len() - off)
				return nil
			end
			local r = tvb(off, 4)
			local v = r:le_uint()
			local t = tree:add_le(f_version, r)
			t:add(f_version_major, r, bits(v, 31, 16))
			t:add(f_version_minor, r, bits(v, 15, 0))
			t:append_text(string.format(" (%d.%d)", bits(v, 31, 16), bits(v, 15, 0)))
			ctx.v.version = v
			return off + 4
		end) }
	elseif msg == 0x1 then
		if kind == "cmd" then
			return {}
		end
		return p and p.attrs or nil
	elseif msg == 0x2 then
		if kind == "cmd" then
			return { CUSTOM(function(ctx, tvb, off, tree)
				if tvb:len() - off < 4 then
					short(ctx, tree, "message id", 4, tvb:len() - off)
					return nil
				end
				local id = tvb(off, 4):le_uint()
				local t = tree:add_le(f_pma_msg, tvb(off, 4))
				if id < 256 then
					t:append_text(" (" .. msg_name(hdr.proto, id) .. ")")
				end
				return off + 4
			end) }
		end
		return { CUSTOM(function(ctx, tvb, off, tree)
			if tvb:len() - off < 4 then
				short(ctx, tree, "attributes", 4, tvb:len() - off)
				return nil
			end
			local r = tvb(off, 4)
			local t = tree:add_le(f_pma_attrs, r)
			if hdr.proto == 0x13 or hdr.proto == 0x18 then
				t:add(f_pma_fc, r, bits(r:le_uint(), 0, 0))
			end
			return off + 4
		end) }
	elseif msg == 0x10 then
		if kind == "cmd" then
			return { CUSTOM(function(ctx, tvb, off, tree)
				if tvb:len() - off < 4 then
					short(ctx, tree, "version", 4, tvb:len() - off)
					return nil
				end
				local v = tvb(off, 4):le_uint()
				local t = tree:add_le(f_negotiate, tvb(off, 4))
				t:append_text(string.format(" (%d.%d)", bits(v, 31, 16), bits(v, 15, 0)))
				ctx.v.negotiate = v
				return off + 4
			end) }
		end
		return {}
	end
	if not p or not p.msgs[msg] then
		return nil
	end
	local m = p.msgs[msg]
	if kind == "cmd" then
		return m.req
	elseif kind == "resp" then
		return m.resp
	else
		return m.dresp
	end
end

local function dissect_body(tvb, off, tree, rec, hdr, fi, info)
	local p = P[hdr.proto]
	local kind = fi.kind
	local status
	local bt = tree
	local ctx = { v = {}, p = p, version = fi.version }

	if kind == "resp" or kind == "dresp" then
		if tvb:len() - off < 4 then
			if not rec.dropped then
				ctx.short_reported = true
				tree:add_proto_expert_info(ex_short, string.format(
					"%s without a status word (%d bytes)", kind == "resp" and "response" or
					"delayed response", tvb:len() - off))
			end
			return nil, ctx
		end
		status = tvb(off, 4):le_int()
		local st = tree:add_le(f_status, tvb(off, 4))
		if not status_names[status] then
			st:add_proto_expert_info(ex_status, string.format("status %d is not an SCMI status",
				status))
		elseif status ~= 0 then
			st:add_proto_expert_info(ex_error_status, "status " .. status_names[status])
		end
		info[#info + 1] = status_names[status] or string.format("status %d", status)
		off = off + 4
		if status ~= 0 then
			-- An error reply carries nothing else.
			if tvb:len() > off then
				tree:add(f_extra, tvb(off))
				tree:add_proto_expert_info(ex_extra, string.format(
					"%d bytes after an error status", tvb:len() - off))
			end
			return status, ctx
		end
	end

	local layout
	if kind == "cmd" or kind == "resp" or kind == "note" then
		layout = body_layout(p, hdr, kind)
	elseif kind == "dresp" then
		layout = body_layout(p, hdr, "dresp")
	end
	if kind == "resp" or kind == "dresp" then
		-- Layouts that depend on the command: the command's values.
		if fi.cmd_fi then
			ctx.cmd = fi.cmd_fi.values
		end
	end
	if not layout then
		if tvb:len() > off then
			tree:add(f_payload, tvb(off))
		end
		if kind ~= "other" and kind ~= "dropped" then
			tree:add_proto_expert_info(ex_unknown, string.format("no layout for this %s",
				kind == "note" and "notification" or "message"))
		end
		return status, ctx
	end
	ctx.what = info.name
	if off < tvb:len() and ((hdr.proto == 0x13 and hdr.msg == 0x4) or (hdr.proto == 0x15 and
		(hdr.msg == 0x3 or hdr.msg == 0x6))) then
		bt:add(f_version_used, tvb(off, 0), fi.version)
	end
	local noff = decode(ctx, layout, tvb, off, bt)
	if noff and noff < tvb:len() then
		tree:add(f_extra, tvb(noff))
		tree:add_proto_expert_info(ex_extra, string.format(
			"%d bytes past the layout (a newer version's fields?)", tvb:len() - noff))
	end
	if ctx.readings_odd then
		tree:add_proto_expert_info(ex_list, string.format("%d bytes do not make a whole reading",
			ctx.readings_odd))
	end
	return status, ctx
end

local function dissect(tvb, pinfo, tree)
	pinfo.cols.protocol = "SCMI"
	local root = tree:add(scmi, tvb())
	local rec = dissect_record(tvb, root)
	if not rec then
		pinfo.cols.info = "Bad capture record"
		return
	end
	local off = rec.hlen
	local caplen = tvb:len()
	if tvb:reported_len() > caplen then
		root:add_proto_expert_info(ex_cut, string.format("%d of %d bytes captured", caplen,
			tvb:reported_len()))
	end
	if caplen - off < 4 then
		root:add_proto_expert_info(ex_short, "no room for the SCMI header")
		pinfo.cols.info = "SCMI record without a header"
		return
	end
	local hdr, ht = dissect_header(tvb, off, root)
	off = off + 4

	-- Match each frame once: later dissections (second pass, a click in
	-- the GUI, a dissection repeated within the first pass) reuse it.
	local fi
	if not frames[pinfo.number] then
		fi = first_pass(pinfo, rec, hdr)
		frames[pinfo.number] = fi
		fi.fresh = true
	else
		fi = frames[pinfo.number]
		fi.fresh = false
	end

	local kind_text
	local name
	if fi.kind == "cmd" then
		kind_text = "Command"
		name = msg_name(hdr.proto, hdr.msg)
	elseif fi.kind == "resp" then
		kind_text = "Response"
		name = msg_name(hdr.proto, hdr.msg)
	elseif fi.kind == "dresp" then
		kind_text = "Delayed response"
		local p = P[hdr.proto]
		local m = p and p.msgs[hdr.msg]
		name = (m and m.dname) or msg_name(hdr.proto, hdr.msg)
	elseif fi.kind == "note" then
		kind_text = "Notification"
		name = note_name(hdr.proto, hdr.msg)
	elseif fi.kind == "dropped" then
		kind_text = "Dropped message"
		name = msg_name(hdr.proto, hdr.msg)
	else
		kind_text = rec.dir == 0 and "Agent message" or "Platform message"
		name = msg_name(hdr.proto, hdr.msg)
	end
	root:add(f_kind, tvb(rec.hlen, 4), kind_text)
	root:add(f_msg_name, tvb(rec.hlen, 4), name)
	local info = { name = name }

	if rec.dropped then
		root:add_proto_expert_info(ex_dropped, string.format("dropped by the agent: %s",
			reason_names[rec.reason] or tostring(rec.reason)))
	end
	if rec.dir == 0 and hdr.type ~= 0 then
		ht:add_proto_expert_info(ex_type, string.format("the agent sent a message of type %d",
			hdr.type))
	elseif rec.dir == 1 and hdr.type == 1 then
		ht:add_proto_expert_info(ex_type, "message type 1 is reserved")
	end

	-- matching
	if fi.kind == "cmd" then
		if fi.resp then
			root:add(f_response_in, tvb(rec.hlen, 4), fi.resp)
		end
		if fi.dresp then
			root:add(f_delayed_in, tvb(rec.hlen, 4), fi.dresp)
		end
	elseif fi.kind == "resp" or fi.kind == "dresp" then
		if fi.req then
			root:add(f_request_in, tvb(rec.hlen, 4), fi.req)
			root:add(fi.kind == "resp" and f_response_time or f_delayed_time, tvb(rec.hlen, 4),
				fi.rtime)
		end
		if fi.unmatched then
			root:add_proto_expert_info(ex_unmatched, string.format(
				"no command with token %d on channel 0x%02x of agent %d before this",
				hdr.token, rec.chan, rec.agent))
		end
		if fi.mismatch then
			root:add_proto_expert_info(ex_mismatch)
		end
		if fi.duplicate then
			root:add_proto_expert_info(ex_duplicate)
		end
		if fi.unasked then
			root:add_proto_expert_info(ex_unasked)
		end
		if fi.reorder then
			root:add_proto_expert_info(ex_reorder)
		end
	end

	local status, ctx
	local ok, err = pcall(function()
		status, ctx = dissect_body(tvb, off, root, rec, hdr, fi, info)
	end)
	if not ok then
		root:add_proto_expert_info(ex_internal, tostring(err))
	end
	if fi.fresh and ctx then
		if fi.kind == "cmd" then
			fi.values = ctx.v
			local p = P[hdr.proto]
			local m = p and p.msgs[hdr.msg]
			if m then
				fi.async = m.async and m.async(ctx.v) or false
			end
			if hdr.msg == 0x10 then
				fi.negotiate = ctx.v.negotiate
			end
		end
		learn_version(rec, hdr, fi, status, ctx)
	end

	local text = string.format("%s %s %s, token %d", proto_names[hdr.proto] or
		string.format("0x%02X", hdr.proto), name, kind_text:lower(), hdr.token)
	if #info > 0 then
		text = text .. ", " .. table.concat(info, ", ")
	end
	if rec.dropped then
		text = text .. " [dropped]"
	elseif ctx and ctx.short_reported then
		text = text .. " [short]"
	end
	pinfo.cols.info = text
	root:append_text(", " .. text)
end

function scmi.dissector(tvb, pinfo, tree)
	local ok, err = pcall(dissect, tvb, pinfo, tree)
	if not ok then
		local t = tree:add(scmi, tvb())
		t:add_proto_expert_info(ex_internal, tostring(err))
	end
	return tvb:len()
end

scmi.fields = pf
