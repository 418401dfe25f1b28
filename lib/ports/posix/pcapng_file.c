/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * POSIX port: pcapng capture files (scmia_pcapng_file.h). Each record is
 * encoded into the file's own buffer under its mutex and written with one
 * fwrite, so records from several threads never interleave.
 *
 * Compiled only with SCMIA_CFG_TRACE=1, like the encoder it uses.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "scmia/config.h"
#include "scmia/error.h"
#include "scmia_pcapng_file.h"

#if defined(SCMIA_CFG_TRACE) && SCMIA_CFG_TRACE

/* Write an encoded block; 0 or SCMIA_EIO. */
static int put_block(struct scmia_pcapng_file *f, int len)
{
	if (len < 0)
		return len;
	if (fwrite(f->buf, 1, (size_t)len, f->fp) != (size_t)len)
		return SCMIA_EIO;
	if ((f->flags & SCMIA_PCAPNG_FILE_F_FLUSH) && fflush(f->fp) != 0)
		return SCMIA_EIO;
	return SCMIA_OK;
}

int scmia_pcapng_file_open(struct scmia_pcapng_file *f, const char *path,
			   const struct scmia_pcapng_file_cfg *cfg)
{
	static const struct scmia_pcapng_file_cfg defaults;
	const char *if_name, *appl;
	int ret;

	if (!f || !path)
		return SCMIA_EINVAL;
	if (!cfg)
		cfg = &defaults;
	memset(f, 0, sizeof(*f));
	f->linktype = cfg->linktype ? cfg->linktype : (uint16_t)SCMIA_PCAPNG_LINKTYPE_UPPER_PDU;
	f->snaplen = cfg->snaplen && cfg->snaplen <= SCMIA_PCAPNG_FILE_SNAPLEN ?
			     cfg->snaplen :
			     SCMIA_PCAPNG_FILE_SNAPLEN;
	f->flags = cfg->flags;
	if_name = cfg->if_name ? cfg->if_name : "scmi";
	appl = cfg->appl ? cfg->appl : "scmia";
	/* Refuse a bad link type before creating anything. */
	if (scmia_pcapng_idb(NULL, 0, f->linktype, f->snaplen, if_name) < 0)
		return SCMIA_EINVAL;
	if (strcmp(path, "-") == 0) {
		f->fp = stdout;
		f->own_fp = 0;
	} else {
		f->fp = fopen(path, "wb");
		f->own_fp = 1;
	}
	if (!f->fp)
		return SCMIA_EIO;
	ret = put_block(f, scmia_pcapng_shb(f->buf, sizeof(f->buf), appl));
	if (!ret)
		ret = put_block(f, scmia_pcapng_idb(f->buf, sizeof(f->buf), f->linktype, f->snaplen,
						    if_name));
	if (!ret && pthread_mutex_init(&f->lock, NULL) != 0)
		ret = SCMIA_EIO;
	if (ret) {
		if (f->own_fp)
			fclose(f->fp);
		f->fp = NULL;
		return SCMIA_EIO;
	}
	return SCMIA_OK;
}

int scmia_pcapng_file_write(struct scmia_pcapng_file *f, const struct scmia_pcapng_rec *rec)
{
	int ret;

	if (!f || !f->fp || !rec)
		return SCMIA_EINVAL;
	pthread_mutex_lock(&f->lock);
	/* The buffer holds any block cut at the snap length. */
	ret = scmia_pcapng_epb(f->buf, sizeof(f->buf), 0, f->linktype, f->snaplen, rec);
	ret = ret < 0 ? ret : put_block(f, ret);
	if (ret)
		f->errors++;
	else
		f->records++;
	pthread_mutex_unlock(&f->lock);
	return ret;
}

void scmia_pcapng_file_trace(void *ctx, const struct scmia_trace *ev)
{
	struct scmia_pcapng_file *f = (struct scmia_pcapng_file *)ctx;
	struct scmia_pcapng_rec rec;

	if (!f || !f->fp || !ev || ev->event != SCMIA_TRACE_MSG_DUMP)
		return;
	if (scmia_pcapng_rec_from_trace(&rec, ev) == SCMIA_OK) {
		(void)scmia_pcapng_file_write(f, &rec);
	} else {
		pthread_mutex_lock(&f->lock);
		f->errors++; /* a dump this version cannot record (unknown tag) */
		pthread_mutex_unlock(&f->lock);
	}
}

void scmia_pcapng_file_stats(struct scmia_pcapng_file *f, uint32_t *records, uint32_t *lost)
{
	if (!f || !f->fp)
		return;
	pthread_mutex_lock(&f->lock);
	if (records)
		*records = f->records;
	if (lost)
		*lost = f->errors;
	pthread_mutex_unlock(&f->lock);
}

int scmia_pcapng_file_close(struct scmia_pcapng_file *f)
{
	int ret = SCMIA_OK;

	if (!f || !f->fp)
		return SCMIA_EINVAL;
	if (fflush(f->fp) != 0)
		ret = SCMIA_EIO;
	if (f->own_fp && fclose(f->fp) != 0)
		ret = SCMIA_EIO;
	f->fp = NULL;
	pthread_mutex_destroy(&f->lock);
	return ret;
}

#else /* !SCMIA_CFG_TRACE */

/* Tracing is compiled out: nothing here (ISO C wants a declaration). */
typedef int scmia_pcapng_file_compiled_out;

#endif
