/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * decision.h - ask the database's one decision (the access_decision view,
 * which FreeRADIUS reads too) what it would answer for a device.
 */
#ifndef MPSK_CORE_DECISION_H
#define MPSK_CORE_DECISION_H

#include <json.h>
#include <stddef.h>

struct db;
struct fault;

/*
 * The decision for MAC mac12 (12 lower-case hex) on SSID ssid (ssid_len 0:
 * any network the MAC is bound on) as JSON: {"decision": "accept"|"reject",
 * "reason", "customer", "key", "network", "vlan", "rate_down_kbps",
 * "rate_up_kbps", "session_timeout"}. Never the passphrase. NULL + f on a
 * database error.
 */
struct json_object *decision_json(struct db *db, const char *mac12,
				  const unsigned char *ssid, size_t ssid_len,
				  struct fault *f);

#endif
