/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Private engines shared by the protocol helpers (every lib/proto source).
 * Not installed; implemented in proto.c, which is always built, so that
 * every protocol can be compiled in or out on its own.
 *
 * The helpers are thin: each one states its message as data (a 32-bit
 * message spec, below) and hands it to one command engine, scmia__pr_pcall(),
 * that checks the handle and the agreed version, encodes the parameters,
 * runs the command, maps the status and checks the reply length against
 * the layout, with the tolerance rule for trailing fields. Paged messages
 * go through the one iterator (scmia_proto_iter_run()) with a generic page
 * layout (SCMIA_PROTO_PAGE()), notifications through scmia__pr_evt().
 */
#ifndef SCMIA_PROTO_INTERNAL_H
#define SCMIA_PROTO_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "scmia/notify.h"
#include "scmia/proto/proto.h"

/*
 * Message spec of scmia__pr_pcall(), one 32-bit constant:
 *
 *   31     30:29   28:26   25:20     19:14     13:11   10:8   7:0
 *   async  idparam tmajor  cap words req words major   ntx    msg_id
 *
 * ntx        parameter words (0..7), taken from the args array;
 * major      lowest agreed major version that has the message (0: all):
 *            below it the helper answers SCMIA_ENOTSUP without sending;
 * req        reply words (after the status) the layout requires: fewer is
 *            SCMIA_ETOOSHORT;
 * cap        reply words decoded (the buffer the caller gives is at least
 *            that big); words after req that the reply lacks read as
 *            0xffffffff ("absent"), a reply ending inside a word is
 *            SCMIA_ETOOSHORT;
 * tmajor     0: the words after req depend on the content (the caller
 *            checks them with the returned length); else the agreed major
 *            version from which they belong to the layout: a reply of such
 *            a version that lacks them counts SCMIA_PROTO_CNT_ABSENT (they
 *            were added by that later protocol version);
 * idparam    0, or 1 + the index of the parameter that is a resource id
 *            counted by PROTOCOL_ATTRIBUTES bits 15:0: INVALID_PARAMETERS
 *            for an id at or past that count is reported as NOT_FOUND;
 * async      the command is asynchronous: it needs a p2a channel (else
 *            SCMIA_ENOTSUP at once) and the reply decoded is the delayed
 *            response's.
 */
#define PM(msg, ntx, major, req, cap, tmajor, idparam)                                      \
	((uint32_t)(msg) | ((uint32_t)(ntx) << 8) | ((uint32_t)(major) << 11) |               \
	 ((uint32_t)(req) << 14) | ((uint32_t)(cap) << 20) | ((uint32_t)(tmajor) << 26) |     \
	 ((uint32_t)(idparam) << 29))
#define PM_ASYNC (1u << 31)
/* Most parameter words of a spec. */
#define PM_TX_MAX 7u

/* The wire (little-endian) form of a 32-bit value, for word buffers; the
 * same function converts back. Nothing on a little-endian host, one byte
 * swap on a big-endian one; the portable form otherwise. */
static inline uint32_t scmia__pr_le32(uint32_t v)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return v;
#elif defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return __builtin_bswap32(v);
#else
	uint32_t t;

	scmia_put_le32(&t, v);
	return t;
#endif
}

/* A le32 field at any alignment (one load where the target allows it). */
static inline uint32_t scmia__pr_rd32(const void *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return scmia__pr_le32(v);
}

/* Agreed major version of a handle. */
#define PH_MAJOR(ph) SCMIA_PROTO_VERSION_MAJOR((ph)->version)
/* Count of resources in PROTOCOL_ATTRIBUTES bits 15:0. */
#define PH_COUNT(ph) ((ph)->attributes & 0xffffu)

/*
 * Run the message @p spec with parameters @p args (PM ntx words) and
 * decode its reply into @p rx (PM cap words; may be NULL when cap is 0).
 * Returns the reply length in bytes (>= 0) or an error: SCMIA_EINVAL for a
 * NULL handle or agent, the lazy attach's error, SCMIA_ENOTSUP below the
 * message's version or for an asynchronous command without a p2a channel
 * (or without SCMIA_CFG_ASYNC), SCMIA_ETOOSHORT, and scmia_cmd()'s errors.
 */
int scmia__pr_pcall(struct scmia_proto_handle *ph, uint32_t spec, const uint32_t *args, void *rx);

/*
 * The first half of scmia__pr_pcall() for helpers that decode a large reply
 * in place: run @p spec (its parameter count, required words and async
 * bit ignored; parameters are @p tx_len bytes at @p tx in wire order; @p xf:
 * SCMIA_XFER_F_* added, SCMIA_XFER_F_ASYNC for an asynchronous command)
 * and on success hand the
 * transfer to the caller in *xp (x->rx_buf, x->rx_len: untrusted length),
 * who must scmia_xfer_put() it. Returns SCMIA_OK or an error as
 * scmia__pr_pcall() (the transfer is then put already).
 */
int scmia__pr_xcall(struct scmia_proto_handle *ph, uint32_t spec, const void *tx, uint32_t tx_len,
		 unsigned xf, struct scmia_xfer **xp);

/*
 * A command answered by one or two words: run @p spec (cap 1 or 2 words)
 * with @p args and store word 0 to *out, word 1 to *out2 (when not NULL).
 * SCMIA_EINVAL for a NULL @p out; else as scmia__pr_pcall() (SCMIA_OK on
 * success).
 */
int scmia__pr_get(struct scmia_proto_handle *ph, uint32_t spec, const uint32_t *args, uint32_t *out,
	       uint32_t *out2);

/* A 64-bit value sent as two le32 words, low word first. */
static inline uint64_t scmia__pr_le64(const uint8_t *p)
{
	return scmia__pr_rd32(p) | ((uint64_t)scmia__pr_rd32(p + 4) << 32);
}

/* Count a deviation (SCMIA_PROTO_CNT_*) on the handle's registry. */
void scmia__pr_count(const struct scmia_proto_handle *ph, unsigned cnt);

/* 1 when quirk bit @p bit (a SCMIA_QUIRK_* mask) applies to @p ph; the
 * caller acts on it, and it is counted as fired. */
int scmia__pr_quirk(const struct scmia_proto_handle *ph, uint32_t bit);

/* Number of quirk table entries (built-in, descriptor's, caller's) that
 * match @p ph's platform identity, id and platform_version. */
unsigned scmia__pr_quirks_matches(struct scmia_proto_handle *ph);

/* SCMIA_OK when @p ph can run an asynchronous command: the build has
 * SCMIA_CFG_ASYNC and the channel carrying its commands has a p2a partner
 * (a way to receive delayed responses); else SCMIA_ENOTSUP, counted
 * SCMIA_PROTO_CNT_FAIL_FAST. */
int scmia__pr_async_ok(const struct scmia_proto_handle *ph);

/* The query the helpers need from the core (proposed for agent.h): 1 when
 * @p chan (an a2p channel) has an open p2a partner, 0 otherwise or for
 * NULL. proto.c defines a weak stand-in until the core has it. */
int scmia_chan_has_p2a(const struct scmia_chan *chan);

/*
 * A *_NAME_GET wrapper: SCMIA_EINVAL for a NULL @p ph / @p name or a zero
 * @p cap; otherwise name[0] is cleared, SCMIA_ENOTSUP is returned when the
 * agreed major version is below @p min_major, else the extended name is
 * read (in: id; out: flags, name[64]).
 */
int scmia__proto_name_get(struct scmia_proto_handle *ph, uint32_t min_major, uint8_t msg_id,
			  uint32_t id, char *name, size_t cap);

/*
 * A *_ATTRIBUTES message of one resource whose reply holds an attributes
 * word first and a 16-byte name, and whose decoded struct starts with the
 * attributes word and holds a 64-byte name: Power, Perf, Clock, Reset,
 * Voltage, Power capping.
 */
struct scmia__pr_dom {
	uint32_t spec;      /* the message (one parameter: the id) */
	uint32_t ext_bit;   /* attributes bit announcing an extended name */
	uint16_t size;      /* bytes of the decoded struct (cleared first) */
	uint8_t name_at;    /* byte offset of name[16] in the reply */
	uint8_t name_out;   /* byte offset of name[64] in the decoded struct */
	uint8_t name_major; /* version of *_NAME_GET (the bit is reserved before) */
	uint8_t name_msg;   /* *_NAME_GET */
};

/*
 * Run @p d for resource @p id into @p out (the reply in @p rx, cap words
 * of d->spec): clear @p out, store the attributes (ext_bit cleared below
 * name_major) and the name (the extended one when @p ext_name and the bit
 * say so). Returns the reply length, or an error (SCMIA_EINVAL for a NULL
 * @p out; a refused extended name clears the name and is returned).
 */
int scmia__pr_dom_attrs(struct scmia_proto_handle *ph, const struct scmia__pr_dom *d, uint32_t id,
		     int ext_name, void *out, uint8_t *rx);

/* A *_NOTIFY command (resource id, notify_enable bit 0) of a protocol
 * whose notifications exist from @p min_major. */
int scmia__proto_notify(struct scmia_proto_handle *ph, uint32_t min_major, uint8_t msg_id,
			uint32_t id, int enable);

/*
 * Describe one resource @p id into @p item (a struct scmia_<proto>_dom):
 * store the result in item->err and return it.
 */
typedef int (*scmia__proto_describe_fn)(struct scmia_proto_handle *ph, uint32_t id, void *item);

/*
 * The "describe every domain" walk of Power, Perf, Clock, Reset, Voltage
 * and Power capping: the count is bits 15:0 of PROTOCOL_ATTRIBUTES. Items
 * 0 .. min(count, cap) - 1 of @p items (each @p item_size bytes) are
 * described in turn; an SCMI-band error (a domain DENIED or NOT_FOUND)
 * stays in that item and the walk goes on, any other error ends it.
 * *n (may be NULL) counts the items visited. Returns SCMIA_OK,
 * SCMIA_ENOSPC when count > cap, SCMIA_EINVAL, or the ending error.
 */
int scmia__proto_describe_all(struct scmia_proto_handle *ph, void *items, size_t item_size,
			      uint32_t cap, uint32_t *n, scmia__proto_describe_fn one);

/*
 * Decode a notification made of @p words le32 words into @p out (that
 * many uint32_t): SCMIA_EINVAL unless @p n and @p out are set and @p n is
 * event @p msg_id of protocol @p proto_id; then @p out (@p out_size bytes)
 * is cleared and SCMIA_ETOOSHORT returned when the payload is missing or
 * shorter than @p min_words words; words present after min_words are
 * decoded, the others read 0xffffffff (and count SCMIA_PROTO_CNT_ABSENT
 * when @p ph is given). Returns SCMIA_OK on success.
 */
int scmia__pr_evt(const struct scmia_proto_handle *ph, const struct scmia_notification *n,
	       uint8_t proto_id, uint8_t msg_id, void *out, size_t out_size, uint32_t min_words,
	       uint32_t words);

/*
 * A list of values or a range triplet (CLOCK_DESCRIBE_RATES,
 * SENSOR_LIST_UPDATE_INTERVALS, VOLTAGE_DESCRIBE_LEVELS): values of @c esz
 * bytes (4 or 8, little-endian) stored to @c out (cap entries, of @c esz
 * bytes each in host order), or the range in @c trip.
 */
struct scmia__pr_vlist {
	struct scmia_proto_iter it; /* it.range: a range was announced */
	void *out;
	uint32_t cap;
	uint64_t trip[3];
};

/* The value list page layouts: values of 4 and of 8 bytes (a
 * SCMIA_PROTO_PAGE_F_TRIPLET layout with an id parameter, 12-bit returned,
 * remaining 31:16). */
extern const struct scmia_proto_iter_ops scmia__pr_vlist_ops4;
extern const struct scmia_proto_iter_ops scmia__pr_vlist_ops8;

/* The entry decoder of 4-byte values, for other u32 lists (a ctx that is
 * a struct scmia__pr_vlist). */
int scmia__pr_vlist_entry4(void *ctx, uint32_t index, const uint8_t *p, uint32_t avail);

/*
 * Walk the value list of message @p msg_id for resource @p id with page
 * layout @p ops into @p out (@p cap entries). Returns as
 * scmia_proto_iter_run().
 */
int scmia__pr_vlist_run(struct scmia_proto_handle *ph, struct scmia__pr_vlist *vl, uint8_t msg_id,
		     uint32_t id, const struct scmia_proto_iter_ops *ops, void *out, uint32_t cap);

/* Sign-extend a 5-bit two's complement field (bits 4:0 of @p v). */
int8_t scmia__pr_sext5(uint32_t v);

/* The fastchannel description shared by Performance and Power capping,
 * once the caller checked the domain supports fastchannels: message
 * @p msg_id must be declared for fastchannels (or quirk @p force_quirk,
 * a SCMIA_QUIRK_* mask or 0, apply), then @p desc_msg
 * (*_DESCRIBE_FASTCHANNEL) is decoded into @p info (cleared by the
 * caller). Returns SCMIA_OK, SCMIA_ENOTSUP (not declared), SCMIA_ETOOSHORT,
 * SCMIA_EMALFORMED (size 0), or a command error. */
int scmia__pr_fc_describe(struct scmia_proto_handle *ph, uint32_t domain, uint8_t msg_id,
		       uint8_t desc_msg, uint32_t force_quirk, struct scmia_proto_fc_info *info);

#endif /* SCMIA_PROTO_INTERNAL_H */
