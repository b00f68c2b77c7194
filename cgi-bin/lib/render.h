/* render: ClearSilver templates and language files loaded once per worker, rendered with HTML auto-escaping. */
#ifndef WB_RENDER_H
#define WB_RENDER_H

#include <ClearSilver.h>

/* Creates the worker's HDF: Config (HTML escaping on, debugging off), the load path of
 * $WB_TEMPLATES (default templates/), and both language files under L.de and L.en.
 * Returns NULL on failure (logged to stderr). */
HDF *render_init(void);

/* Prepares the HDF for the next request: removes every node a request may have set (all top-level
 * nodes but L, Config and hdf) and points Lang at L.<lang> ("de" or "en"). */
void render_reset(HDF *hdf, const char *lang);

/* Renders template (parsed once per worker and cached) into out, which the caller has
 * string_init'ed. Returns STATUS_OK or the ClearSilver error. */
NEOERR *render_template(HDF *hdf, const char *template, STRING *out);

/* Frees the cached templates and the HDF. */
void render_done(HDF **hdf);

#endif
