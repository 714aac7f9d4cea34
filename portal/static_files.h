/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * static_files.h - /static/ for the embedded HTTP server. In production
 * nginx serves static/ itself and never asks the program.
 */
#ifndef MPSK_PORTAL_STATIC_FILES_H
#define MPSK_PORTAL_STATIC_FILES_H

#include "server/http.h"

/* Answer GET /static/<name> from the configured static_dir: only plain
 * names (no directories, no dot files) of known types. */
void static_serve(struct request *rq, struct response *rs);

#endif
