/* render: ClearSilver templates and language files, each loaded on first use and kept by the worker; HTML auto-escaping. */
#ifndef WB_RENDER_H
#define WB_RENDER_H

#include <stdbool.h>

#include <ClearSilver.h>

#include "http/html.h"

/* Creates the worker's HDF: Config (HTML escaping on, debugging off) and the load path of
 * $WB_TEMPLATES (default templates/). Reads no language file: render_lang_ready reads a
 * language when a request first uses it (a plain CGI process reads one), and the HDF keeps it.
 * Returns NULL on failure (logged to stderr). */
HDF *render_init(void);

/* Prepares the HDF for the next request: removes every node a request may have set (all top-level
 * nodes but L, Config and hdf) and points Lang at L.<lang> ("en"; anything else means "de"),
 * which need not be loaded yet. */
void render_reset(HDF *hdf, const char *lang);

/* Makes sure the language Lang points at (L.de or L.en, set by render_reset or by hdf_set_symlink)
 * is loaded: if it is not, reads lang/<lang>.hdf and every lang/<page>.<lang>.hdf into it and sets
 * its code (so Lang.code is "de" or "en"). Call before reading Lang.* values; render_template
 * calls it first and fails when it fails. Returns false when Lang points elsewhere or the files
 * cannot be read (logged to stderr; the next call tries again). */
bool render_lang_ready(HDF *hdf);

/* Makes the process read only the page language files that program (the page name given to
 * app_run) can show: afterwards render_lang_ready skips lang/<file>.<lang>.hdf for every file the
 * program's routes, templates and handlers never look up (a fixed list per program, checked
 * with grep on 2026-12-02; a file not on the list, e.g. a new one, is still read). For plain CGI,
 * where a process reads the files for one request: they were a quarter of a cached calendar
 * request's instructions. A FastCGI worker reads everything once and need not call this. */
void render_lang_for(const char *program);

/* Renders template (parsed once per worker and cached), appending to out. Returns STATUS_OK or
 * the ClearSilver error; out->oom tells of a full buffer. */
NEOERR *render_template(HDF *hdf, const char *template, struct html *out);

/* Prints a ClearSilver error to stderr (the web server's error log) after where, and frees it. */
void render_log(const char *where, NEOERR *err);

/* Frees the cached templates and the HDF. */
void render_done(HDF **hdf);

#endif
