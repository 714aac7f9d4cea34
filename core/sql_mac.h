/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sql_mac.h - how pages and the API show a MAC address: "aa:bb:cc:dd:ee:ff", formatted
 * by the query itself from the 12 hex digits the database keeps. The
 * authentication log keeps what the NAS sent when it was not a MAC, so
 * anything else is shown as it is.
 */
#ifndef MPSK_CORE_SQL_MAC_H
#define MPSK_CORE_SQL_MAC_H

/* A SELECT expression for column col (a string literal). */
#define SQL_MAC(col)                                                        \
	"IF(" col " RLIKE '^[0-9a-fA-F]{12}$', LOWER(CONCAT_WS(':', SUBSTR(" \
	col ", 1, 2), SUBSTR(" col ", 3, 2), SUBSTR(" col ", 5, 2), SUBSTR("  \
	col ", 7, 2), SUBSTR(" col ", 9, 2), SUBSTR(" col ", 11, 2))), " col ")"

#endif
