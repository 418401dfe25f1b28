/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Private helpers shared by the protocol helpers (every lib/proto source). Not
 * installed; implemented in proto.c, which is always built, so that every
 * protocol can be compiled in or out on its own.
 */
#ifndef SCMIA_PROTO_INTERNAL_H
#define SCMIA_PROTO_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "scmia/notify.h"
#include "scmia/proto/proto.h"

/*
 * A *_NAME_GET wrapper: SCMIA_EINVAL for a NULL @p ph / @p name or a zero
 * @p cap; otherwise name[0] is cleared, SCMIA_ENOTSUP is returned when the
 * agreed major version is below @p min_major, else
 * scmia_proto_ext_name_get().
 */
int scmia__proto_name_get(struct scmia_proto_handle *ph, uint32_t min_major, uint8_t msg_id,
			  uint32_t id, char *name, size_t cap);

/*
 * A *_NOTIFY wrapper (resource id, notify_enable): SCMIA_EINVAL for a NULL
 * @p ph, SCMIA_ENOTSUP when the agreed major version is below @p min_major,
 * else scmia_proto_notify_enable().
 */
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
 * Start decoding a notification: SCMIA_EINVAL unless @p n and @p out are
 * set and @p n is event @p msg_id of protocol @p proto_id; then @p out
 * (@p out_size bytes) is cleared and SCMIA_ETOOSHORT returned when the
 * payload is missing or under @p min_len bytes; else *p is the payload.
 */
int scmia__proto_evt(const struct scmia_notification *n, uint8_t proto_id, uint8_t msg_id,
		     void *out, size_t out_size, uint32_t min_len, const uint8_t **p);

/*
 * Decode the count word that opens a page: SCMIA_ETOOSHORT under 4 bytes;
 * else returned = word & @p returned_mask, remaining = word >> @p
 * remaining_shift, hdr_len 4, min_len 0.
 */
int scmia__proto_page_count(const uint8_t *rx, uint32_t len, uint32_t returned_mask,
			    unsigned remaining_shift, struct scmia_proto_iter_page *pg);

/*
 * The prepare step of the paged messages whose parameters are a resource
 * id then the first index wanted (8 bytes).
 */
int scmia__proto_prep_id_index(uint32_t id, uint32_t index, void *tx, uint32_t cap,
			       uint32_t *tx_len);

/*
 * A command whose parameter is one resource id and whose reply is one
 * word: SCMIA_EINVAL for a NULL @p ph or @p out, else *out is set on
 * success and left alone on error.
 */
int scmia__proto_get_word(struct scmia_proto_handle *ph, uint8_t msg_id, uint32_t id,
			  uint32_t *out);

/*
 * A command whose parameter is one resource id: scmia_proto_cmd() with
 * that 4-byte parameter.
 */
int scmia__proto_cmd_id(struct scmia_proto_handle *ph, uint8_t msg_id, uint32_t id, void *rx,
			uint32_t rx_min, uint32_t rx_cap, uint32_t *rx_len);

/*
 * The name of a resource described by a *_ATTRIBUTES reply: copy the
 * 16-byte @p short_name into @p name; then, when @p want_ext, replace it
 * with the *_NAME_GET answer as scmia__proto_name_get() does (which clears
 * @p name on failure) and return that call's result.
 */
int scmia__proto_dom_name(struct scmia_proto_handle *ph, int want_ext, uint32_t min_major,
			  uint8_t msg_id, uint32_t id, const uint8_t *short_name, char *name,
			  size_t cap);

/* A command of two parameter words (resource id, value) and a status-only reply. */
int scmia__proto_set_word(struct scmia_proto_handle *ph, uint8_t msg_id, uint32_t id,
			  uint32_t value);

#endif /* SCMIA_PROTO_INTERNAL_H */
