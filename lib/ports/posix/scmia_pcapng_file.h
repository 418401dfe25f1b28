/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file scmia_pcapng_file.h
 * @brief Host pcapng capture file on top of the pcapng encoder (POSIX
 *        port: stdio and a pthread mutex). Part of scmia::posix, built
 *        when the library has SCMIA_CFG_TRACE=1.
 *
 * Capture every message an agent exchanges:
 * @code
 *   static struct scmia_pcapng_file cap;
 *   scmia_pcapng_file_open(&cap, "scmi.pcapng", NULL);   // UPPER_PDU, "scmi"
 *   // register scmia_pcapng_file_trace with &cap as the agent's trace callback
 *   ...
 *   scmia_pcapng_file_close(&cap);
 * @endcode
 * then `wireshark -X lua_script:tools/wireshark/scmi.lua scmi.pcapng`.
 * The path "-" writes to standard output (pipe it into `wireshark -k -i -`).
 */
#ifndef SCMIA_PCAPNG_FILE_H
#define SCMIA_PCAPNG_FILE_H

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#include "scmia/pcapng.h"
#include "scmia/trace.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Largest snap length of a capture file (and its default). */
#define SCMIA_PCAPNG_FILE_SNAPLEN 4096u

/** File flag: flush after every record (a crash loses nothing written). */
#define SCMIA_PCAPNG_FILE_F_FLUSH (1u << 0)

/** Capture file options; a zeroed field (or a NULL pointer to the whole
 *  configuration) takes the default. */
struct scmia_pcapng_file_cfg {
	uint16_t linktype; /**< 0: SCMIA_PCAPNG_LINKTYPE_UPPER_PDU; or a LINKTYPE_USER value. */
	uint32_t snaplen;  /**< 0 or more than SCMIA_PCAPNG_FILE_SNAPLEN: SCMIA_PCAPNG_FILE_SNAPLEN. */
	const char *if_name; /**< Interface name; NULL: "scmi". */
	const char *appl;    /**< shb_userappl; NULL: "scmia". */
	uint32_t flags;      /**< SCMIA_PCAPNG_FILE_F_*. */
};

/** An open capture file. Caller-owned; all fields private. */
struct scmia_pcapng_file {
	FILE *fp;              /**< @private */
	int own_fp;            /**< @private 0 for standard output */
	pthread_mutex_t lock;  /**< @private serialises records and counters */
	uint16_t linktype;     /**< @private */
	uint32_t snaplen;      /**< @private */
	uint32_t flags;        /**< @private */
	uint32_t records;      /**< @private records written */
	uint32_t errors;       /**< @private records lost (encode or write failure) */
	uint8_t buf[SCMIA_PCAPNG_FILE_SNAPLEN + 64u]; /**< @private one block */
};

/**
 * @brief Create (truncate) a capture file and write its section header and
 *        interface description blocks.
 * @param f caller-owned storage (overwritten).
 * @param path file name, or "-" for standard output.
 * @param cfg options, or NULL for all defaults.
 * @return SCMIA_OK; SCMIA_EINVAL for NULL arguments or an unsupported link
 *         type; SCMIA_EIO when the file cannot be created or written (no
 *         file is left open).
 * Context: thread. Lifetime: @p path and @p cfg are read during the call
 * only; @p f must stay valid until scmia_pcapng_file_close().
 */
int scmia_pcapng_file_open(struct scmia_pcapng_file *f, const char *path,
			   const struct scmia_pcapng_file_cfg *cfg);

/**
 * @brief Append one message (an enhanced packet block, cut at the snap
 *        length).
 * @param f an open capture file. @param rec the message.
 * @return SCMIA_OK; SCMIA_EINVAL for NULL arguments or a record the
 *         encoder refuses (counted as lost); SCMIA_EIO when the write
 *         failed (counted as lost).
 * Context: any thread; takes the file's mutex, may block on I/O.
 * Lifetime: @p rec is read during the call only.
 */
int scmia_pcapng_file_write(struct scmia_pcapng_file *f, const struct scmia_pcapng_rec *rec);

/**
 * @brief Trace callback (scmia_trace_fn) that records every MSG_DUMP event
 *        and ignores the other events.
 * @param ctx an open struct scmia_pcapng_file.
 * @param ev the event.
 * Context: as scmia_pcapng_file_write() (the POSIX port's receive paths
 * are threads, so blocking on the file is acceptable there).
 * Lifetime: @p ev is read during the call only.
 */
void scmia_pcapng_file_trace(void *ctx, const struct scmia_trace *ev);

/**
 * @brief Counters of a capture file.
 * @param f an open capture file.
 * @param[out] records records written (may be NULL).
 * @param[out] lost records lost to encode or write errors (may be NULL).
 * Context: any thread; takes the file's mutex.
 * Lifetime: the outputs are written during the call only.
 */
void scmia_pcapng_file_stats(struct scmia_pcapng_file *f, uint32_t *records, uint32_t *lost);

/**
 * @brief Flush and close a capture file (standard output is flushed, not
 *        closed).
 * @param f an open capture file; closed afterwards whatever the result.
 * @return SCMIA_OK; SCMIA_EINVAL for NULL or a file not open; SCMIA_EIO
 *         when the final flush or close failed (data may be lost).
 * Context: thread; no other call on @p f may be running meanwhile. Later
 * calls refuse (SCMIA_EINVAL) or do nothing until it is opened again.
 * Lifetime: @p f may be opened again or freed afterwards.
 */
int scmia_pcapng_file_close(struct scmia_pcapng_file *f);

#ifdef __cplusplus
}
#endif

#endif /* SCMIA_PCAPNG_FILE_H */
