/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file scmia_sim_pb.h
 * @brief Simulated platform: the Clock (0x14), Sensor (0x15), Voltage
 *        domain (0x17), Power capping (0x18) and Pin control (0x19)
 *        protocols with realistic data and their notifications.
 *
 * Each protocol is a caller-owned state struct registered on an engine.
 * Handlers run with the engine lock held; the accessors below take it.
 * Layouts follow the version agreed with the agent (every protocol
 * accepts NEGOTIATE_PROTOCOL_VERSION down to 1.0). Paged replies are cut
 * to at most SCMIA_SIM_PB_PAGE_BYTES of payload so that they fit the
 * smallest channels (104-byte payloads) and always need several pages.
 *
 * Data:
 * - Clock v3.0: "cpu-pll" (50 rates, 100 MHz to 5 GHz: above 32 bits,
 *   eight per page), "uart" (range 1-100 MHz, step 1 kHz), "ddr" (4 rates,
 *   asynchronous rate changes completed 400 µs after the response),
 *   "sdmmc" (range; parents "cpu-pll" and "periph-pll"; extended name
 *   "sdmmc0-card-clock"), "periph-pll" (2 rates), "secure" (another
 *   agent's: DENIED). CLOCK_RATE_CHANGED on every change when enabled;
 *   CLOCK_RATE_CHANGE_REQUESTED from scmia_sim_clock_request().
 * - Sensor v3.1: "soc-temp" (m°C, timestamps, asynchronous reads, two
 *   trip points, extended name "soc-junction-temperature", update
 *   intervals listed), "vdd-cpu-volt" (mV, sync only), "imu-gyro" (three
 *   axes with extended attributes and names, asynchronous), "pkg-power"
 *   (mW, asynchronous), "secure-temp" (readings DENIED). Asynchronous
 *   readings complete SCMIA_SIM_SENSOR_ASYNC_US after the response.
 *   scmia_sim_sensor_set() moves a value and raises SENSOR_TRIP_POINT_EVENT
 *   and SENSOR_UPDATE when enabled.
 * - Voltage v2.0: "vdd-cpu" (11 levels 600-1100 mV, async), "vdd-gpu"
 *   (range 550-1050 mV step 6.25 mV, async, extended name
 *   "vdd-gpu-shader-cores"), "vdd-io" (1.8 V / 3.3 V), "vdd-secure"
 *   (DENIED). Asynchronous level sets complete 200 µs after the response.
 * - Power capping v2.0 (mW): "soc" (caps 1-15 W, async cap set,
 *   notifications, CAP_GET fastchannel, extended name
 *   "soc-package-power-limit"), "gpu" (child of soc, 0.5-8 W), "npu"
 *   (monitoring only). scmia_sim_powercap_set_power() moves a measurement
 *   and raises POWERCAP_MEASUREMENTS_CHANGED outside the thresholds.
 * - Pin control v1.0: 24 pins "pa0".."pc7"; groups "uart0", "uart1"
 *   (extended name "uart1-rx-tx-rts-cts"), "spi0", "i2c0", "sdmmc0" (10
 *   pins: paged), "secure-gpio" (DENIED); functions "uart", "spi",
 *   "i2c", "sdmmc".
 */
#ifndef SCMIA_SIM_PB_H
#define SCMIA_SIM_PB_H

#include <stdint.h>

#include "scmia_sim.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Most payload bytes (after the status) of one page of a paged reply. */
#define SCMIA_SIM_PB_PAGE_BYTES 96u

/* ---- Clock ---- */

/** Clocks of the simulated platform. */
#define SCMIA_SIM_CLOCKS 6u
/** The clock that answers DENIED (another agent's). */
#define SCMIA_SIM_CLOCK_DENIED 5u
/** Delay of CLOCK_RATE_SET_COMPLETE after the response, in µs. */
#define SCMIA_SIM_CLOCK_ASYNC_US 400u

/** Clock protocol state. Caller-owned; fields private. */
struct scmia_sim_clocks {
	struct scmia_sim_proto proto;         /**< @private */
	uint64_t rate[SCMIA_SIM_CLOCKS];      /**< @private current rate (Hz) */
	uint32_t parent[SCMIA_SIM_CLOCKS];    /**< @private current parent */
	uint32_t enabled;                     /**< @private bit c */
	uint32_t notify_changed;              /**< @private bit c */
	uint32_t notify_requested;            /**< @private bit c */
	uint32_t sets;                        /**< @private successful rate sets */
	/** SCMIA_SIM_DEV_* deviations (scmia_sim_dev.h): NO_DRESP, ATTRS_V1.
	 *  Set after registering, before scmia_sim_start(). */
	uint32_t dev;
};

/**
 * @brief Register the Clock protocol on an engine.
 * @param sim engine. @param c caller-owned state.
 * @return as scmia_sim_register_proto().
 * Context: thread. Lifetime: @p c until scmia_sim_deinit().
 */
int scmia_sim_clock_register(struct scmia_sim *sim, struct scmia_sim_clocks *c);

/**
 * @brief Current rate of a simulated clock.
 * @param sim engine. @param c state. @param clock clock id.
 * @return the rate in Hz, 0 for an unknown clock.
 * Context: any thread.
 */
uint64_t scmia_sim_clock_rate(struct scmia_sim *sim, struct scmia_sim_clocks *c, uint32_t clock);

/**
 * @brief The platform asks the agent to change a clock's rate: emits
 *        CLOCK_RATE_CHANGE_REQUESTED when the agent enabled it.
 * @param sim engine. @param c state. @param clock clock id. @param rate requested rate.
 * @return SCMIA_OK; SCMIA_ENOENT when not enabled; SCMIA_EINVAL; errors
 *         of scmia_sim_notify().
 * Context: any thread, not a handler.
 */
int scmia_sim_clock_request(struct scmia_sim *sim, struct scmia_sim_clocks *c, uint32_t clock,
			    uint64_t rate);

/* ---- Sensor ---- */

/** Sensors of the simulated platform. */
#define SCMIA_SIM_SENSORS 5u
/** The multi-axis sensor. */
#define SCMIA_SIM_SENSOR_IMU 2u
/** Axes of the multi-axis sensor. */
#define SCMIA_SIM_SENSOR_AXES 3u
/** The sensor whose readings answer DENIED. */
#define SCMIA_SIM_SENSOR_DENIED 4u
/** Trip points per sensor. */
#define SCMIA_SIM_SENSOR_TRIPS 2u
/** Delay of SENSOR_READING_COMPLETE after the response, in µs. */
#define SCMIA_SIM_SENSOR_ASYNC_US 1000u

/** Sensor protocol state. Caller-owned; fields private. */
struct scmia_sim_sensor {
	struct scmia_sim_proto proto;                                  /**< @private */
	int64_t value[SCMIA_SIM_SENSORS][SCMIA_SIM_SENSOR_AXES];       /**< @private */
	int64_t trip_val[SCMIA_SIM_SENSORS][SCMIA_SIM_SENSOR_TRIPS];   /**< @private */
	uint8_t trip_ctrl[SCMIA_SIM_SENSORS][SCMIA_SIM_SENSOR_TRIPS];  /**< @private */
	uint32_t config[SCMIA_SIM_SENSORS];                            /**< @private */
	uint32_t notify_trip;                                          /**< @private bit s */
	uint32_t notify_update;                                        /**< @private bit s */
	uint32_t reads;                                                /**< @private */
	/** SCMIA_SIM_DEV_* deviations (scmia_sim_dev.h): INVAL_ID,
	 *  PAST_END_EMPTY, EXT_DESC. Set after registering, before
	 *  scmia_sim_start(). */
	uint32_t dev;
};

/**
 * @brief Register the Sensor protocol on an engine.
 * @param sim engine. @param s caller-owned state.
 * @return as scmia_sim_register_proto().
 * Context: thread. Lifetime: @p s until scmia_sim_deinit().
 */
int scmia_sim_sensor_register(struct scmia_sim *sim, struct scmia_sim_sensor *s);

/**
 * @brief Move a simulated sensor's value (one axis). Raises
 *        SENSOR_TRIP_POINT_EVENT for each enabled trip point crossed in an
 *        enabled direction (when trip notifications are on) and
 *        SENSOR_UPDATE (when continuous updates are on).
 * @param sim engine. @param s state. @param sensor sensor id.
 * @param axis axis (0 for a single-axis sensor). @param value new value.
 * @return the number of notifications raised (>= 0); SCMIA_EINVAL.
 * Context: any thread, not a handler.
 */
int scmia_sim_sensor_set(struct scmia_sim *sim, struct scmia_sim_sensor *s, uint32_t sensor,
			 uint32_t axis, int64_t value);

/* ---- Voltage ---- */

/** Voltage domains of the simulated platform. */
#define SCMIA_SIM_VOLTAGE_DOMAINS 4u
/** The voltage domain that answers DENIED. */
#define SCMIA_SIM_VOLTAGE_DENIED 3u
/** Delay of VOLTAGE_LEVEL_SET_COMPLETE after the response, in µs. */
#define SCMIA_SIM_VOLTAGE_ASYNC_US 200u

/** Voltage domain protocol state. Caller-owned; fields private. */
struct scmia_sim_voltage {
	struct scmia_sim_proto proto;               /**< @private */
	int32_t level[SCMIA_SIM_VOLTAGE_DOMAINS];   /**< @private µV */
	uint32_t config[SCMIA_SIM_VOLTAGE_DOMAINS]; /**< @private mode */
	uint32_t sets;                              /**< @private successful level sets */
};

/**
 * @brief Register the Voltage domain protocol on an engine.
 * @param sim engine. @param v caller-owned state.
 * @return as scmia_sim_register_proto().
 * Context: thread. Lifetime: @p v until scmia_sim_deinit().
 */
int scmia_sim_voltage_register(struct scmia_sim *sim, struct scmia_sim_voltage *v);

/**
 * @brief Current level of a simulated voltage domain.
 * @param sim engine. @param v state. @param domain domain id.
 * @return the level in µV, 0 for an unknown domain.
 * Context: any thread.
 */
int32_t scmia_sim_voltage_level(struct scmia_sim *sim, struct scmia_sim_voltage *v,
				uint32_t domain);

/* ---- Power capping ---- */

/** Power capping domains of the simulated platform. */
#define SCMIA_SIM_POWERCAP_DOMAINS 3u
/** Delay of POWERCAP_CAP_SET_COMPLETE after the response, in µs. */
#define SCMIA_SIM_POWERCAP_ASYNC_US 300u
/** Physical address the simulated CAP_GET fastchannel of domain 0 reports. */
#define SCMIA_SIM_POWERCAP_FC_ADDR 0x50000000ull

/** Power capping protocol state. Caller-owned; fields private. */
struct scmia_sim_powercap {
	struct scmia_sim_proto proto;                   /**< @private */
	uint32_t cap[SCMIA_SIM_POWERCAP_DOMAINS];       /**< @private mW, 0: uncapped */
	uint32_t pai[SCMIA_SIM_POWERCAP_DOMAINS];       /**< @private µs */
	uint32_t power[SCMIA_SIM_POWERCAP_DOMAINS];     /**< @private mW */
	uint32_t thresh_lo[SCMIA_SIM_POWERCAP_DOMAINS]; /**< @private */
	uint32_t thresh_hi[SCMIA_SIM_POWERCAP_DOMAINS]; /**< @private */
	uint32_t notify_cap;                            /**< @private bit d */
	uint32_t notify_meas;                           /**< @private bit d */
};

/**
 * @brief Register the Power capping protocol on an engine.
 * @param sim engine. @param p caller-owned state.
 * @return as scmia_sim_register_proto().
 * Context: thread. Lifetime: @p p until scmia_sim_deinit().
 */
int scmia_sim_powercap_register(struct scmia_sim *sim, struct scmia_sim_powercap *p);

/**
 * @brief Current cap of a simulated domain.
 * @param sim engine. @param p state. @param domain domain id.
 * @return the cap in mW (0: uncapped or unknown domain).
 * Context: any thread.
 */
uint32_t scmia_sim_powercap_cap(struct scmia_sim *sim, struct scmia_sim_powercap *p,
				uint32_t domain);

/**
 * @brief Move a domain's measured power; raises
 *        POWERCAP_MEASUREMENTS_CHANGED when enabled and the power leaves
 *        the agent's thresholds.
 * @param sim engine. @param p state. @param domain domain id. @param power mW.
 * @return 1 when a notification was raised, 0 when not; SCMIA_EINVAL.
 * Context: any thread, not a handler.
 */
int scmia_sim_powercap_set_power(struct scmia_sim *sim, struct scmia_sim_powercap *p,
				 uint32_t domain, uint32_t power);

/* ---- Pin control ---- */

/** Pins of the simulated platform. */
#define SCMIA_SIM_PINS 24u
/** Groups of the simulated platform. */
#define SCMIA_SIM_PIN_GROUPS 6u
/** The group whose pins are another agent's (DENIED). */
#define SCMIA_SIM_PIN_GROUP_DENIED 5u
/** Functions of the simulated platform. */
#define SCMIA_SIM_PIN_FUNCTIONS 4u
/** Configurations stored per pin or group. */
#define SCMIA_SIM_PIN_CONFIGS 8u

/** Settings of one pin or group. @private */
struct scmia_sim_pin_settings {
	uint32_t function;                         /**< @private 0xffffffff: none */
	uint32_t n;                                /**< @private configs stored */
	uint32_t type[SCMIA_SIM_PIN_CONFIGS];      /**< @private */
	uint32_t value[SCMIA_SIM_PIN_CONFIGS];     /**< @private */
};

/** Pin control protocol state. Caller-owned; fields private. */
struct scmia_sim_pinctrl {
	struct scmia_sim_proto proto;                              /**< @private */
	struct scmia_sim_pin_settings pin[SCMIA_SIM_PINS];         /**< @private */
	struct scmia_sim_pin_settings group[SCMIA_SIM_PIN_GROUPS]; /**< @private */
	uint32_t requested;                                        /**< @private bit p */
	uint32_t group_requested;                                  /**< @private bit g */
};

/**
 * @brief Register the Pin control protocol on an engine.
 * @param sim engine. @param p caller-owned state.
 * @return as scmia_sim_register_proto().
 * Context: thread. Lifetime: @p p until scmia_sim_deinit().
 */
int scmia_sim_pinctrl_register(struct scmia_sim *sim, struct scmia_sim_pinctrl *p);

/**
 * @brief A simulated pin's selected function and one configuration value.
 * @param sim engine. @param p state. @param pin pin id.
 * @param type configuration type to read.
 * @param[out] value its value (untouched when not set; may be NULL).
 * @return the selected function (0xffffffff: none or unknown pin).
 * Context: any thread.
 */
uint32_t scmia_sim_pinctrl_pin(struct scmia_sim *sim, struct scmia_sim_pinctrl *p, uint32_t pin,
			       uint32_t type, uint32_t *value);

#ifdef __cplusplus
}
#endif

#endif /* SCMIA_SIM_PB_H */
