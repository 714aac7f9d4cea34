/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rowjson.h - turn the current row of a statement into a JSON object.
 *
 * Member names are the SELECT's column aliases; a type string says how each
 * column is rendered, one letter per column:
 *   's' string   'i' integer   'b' boolean (0/1)   't' time (SQL → RFC 3339)
 *   '-' skip (a column the caller reads itself)
 * SQL NULL becomes JSON null.
 */
#ifndef MPSK_CORE_ROWJSON_H
#define MPSK_CORE_ROWJSON_H

#include <json.h>

struct db_stmt;

/* A new object for the current row (caller puts it). */
struct json_object *rowjson_object(struct db_stmt *st, const char *types);

/* Every remaining row as an array of objects (caller puts it); NULL when
 * fetching failed. */
struct json_object *rowjson_array(struct db_stmt *st, const char *types);

#endif
