/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file version.h
 * @brief Library version.
 */
#ifndef SCMIA_VERSION_H
#define SCMIA_VERSION_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Major version: incompatible API changes. */
#define SCMIA_VERSION_MAJOR 0
/** Minor version: compatible additions. */
#define SCMIA_VERSION_MINOR 1
/** Patch version: fixes. */
#define SCMIA_VERSION_PATCH 0
/** The version as one number: major << 16 | minor << 8 | patch. */
#define SCMIA_VERSION \
	((SCMIA_VERSION_MAJOR << 16) | (SCMIA_VERSION_MINOR << 8) | SCMIA_VERSION_PATCH)
/** The version as a string. */
#define SCMIA_VERSION_STRING "0.1.0"

/**
 * @brief Version of the library that was linked, encoded as SCMIA_VERSION.
 *
 * Compare with SCMIA_VERSION to detect a header/library mismatch.
 *
 * Context: any, never blocks.
 * @return the linked library's version number.
 * Lifetime: nothing is kept.
 */
uint32_t scmia_version(void);

#ifdef __cplusplus
}
#endif

#endif /* SCMIA_VERSION_H */
