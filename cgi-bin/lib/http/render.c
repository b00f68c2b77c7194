/* render: ClearSilver templates and language files, each loaded on first use and kept by the worker; HTML auto-escaping. */
#include "http/render.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RENDER_MAX_TEMPLATES 64

static struct {
	char name[64];
	CSPARSE *cs;
} g_tpl[RENDER_MAX_TEMPLATES];
static int g_ntpl;

void render_log(const char *where, NEOERR *err)
{
	STRING s;
	string_init(&s);
	nerr_error_string(err, &s);
	fprintf(stderr, "wagenbuch render: %s: %s\n", where, s.buf ? s.buf : "");
	string_clear(&s);
	nerr_ignore(&err);
}

/* Page language files a program never looks up, by program (render_lang_for). The file's name
 * is its prefix of keys' owner: admin.* holds adm.*, market.* mkt.*, accounting.* acct.*,
 * bookingfile.* and export.* exp.*. The calendar shows bil.* and shr.* (booking, trips, my
 * bookings) besides the common file; login shows only the common file. */
static const struct {
	const char *program;
	const char *skip[8];
} lang_skips[] = {
	{"calendar", {"admin", "market", "accounting", "bookingfile", "export", NULL}},
	{"login", {"admin", "market", "accounting", "bookingfile", "export", NULL}},
};
static const char *const *g_lang_skip;

void render_lang_for(const char *program)
{
	g_lang_skip = NULL;
	for (size_t i = 0; i < sizeof lang_skips / sizeof lang_skips[0]; i++)
		if (strcmp(lang_skips[i].program, program) == 0)
			g_lang_skip = lang_skips[i].skip;
}

/* Whether the page file named name (stem of len bytes) is on the skip list. */
static bool lang_skipped(const char *name, size_t len)
{
	for (const char *const *p = g_lang_skip; p && *p; p++)
		if (strlen(*p) == len && memcmp(*p, name, len) == 0)
			return true;
	return false;
}

/* Reads every lang/<page>.<lang>.hdf (strings of one page, kept apart from the common file),
 * except those render_lang_for skips. */
static NEOERR *read_page_lang(HDF *node, const char *dir, const char *lang)
{
	char path[4096], suffix[16];
	snprintf(path, sizeof path, "%s/lang", dir);
	snprintf(suffix, sizeof suffix, ".%s.hdf", lang);
	DIR *d = opendir(path);
	if (!d)
		return nerr_raise(NERR_IO, "cannot read language directory");
	NEOERR *err = STATUS_OK;
	struct dirent *e;
	size_t sl = strlen(suffix);
	while (!err && (e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		if (len <= sl || strcmp(e->d_name + len - sl, suffix) != 0 || e->d_name[0] == '.' ||
		    lang_skipped(e->d_name, len - sl))
			continue;
		snprintf(path, sizeof path, "%s/lang/%s", dir, e->d_name);
		err = hdf_read_file(node, path);
	}
	closedir(d);
	return nerr_pass(err);
}

/* The templates directory: $WB_TEMPLATES, default templates/. */
static const char *templates_dir(void)
{
	const char *dir = getenv("WB_TEMPLATES");
	return dir && *dir ? dir : "templates";
}

/* Reads lang/<lang>.hdf and every lang/<page>.<lang>.hdf into L.<lang>, then sets L.<lang>.code,
 * which marks the language as complete. On failure L.<lang> is removed (the next call tries
 * again) and the error is returned. */
static NEOERR *load_lang(HDF *hdf, const char *lang)
{
	const char *dir = templates_dir();
	char name[16], path[4096];
	HDF *node;
	snprintf(name, sizeof name, "L.%s", lang);
	snprintf(path, sizeof path, "%s/lang/%s.hdf", dir, lang);
	NEOERR *err = hdf_get_node(hdf, name, &node);
	if (!err) err = hdf_read_file(node, path);
	if (!err) err = read_page_lang(node, dir, lang);
	if (!err) err = hdf_set_value(node, "code", lang);
	if (err)
		hdf_remove_tree(hdf, name);
	return nerr_pass(err);
}

HDF *render_init(void)
{
	HDF *hdf = NULL;
	NEOERR *err = hdf_init(&hdf);
	if (!err) err = hdf_set_value(hdf, "Config.VarEscapeMode", "html");
	if (!err) err = hdf_set_value(hdf, "Config.DebugEnabled", "0");
	if (!err) err = hdf_set_value(hdf, "Config.CompressionEnabled", "0");
	if (!err) err = hdf_set_value(hdf, "hdf.loadpaths.0", templates_dir());
	if (err) {
		render_log("init", err);
		hdf_destroy(&hdf);
		return NULL;
	}
	return hdf;
}

void render_reset(HDF *hdf, const char *lang)
{
	HDF *c = hdf_obj_child(hdf);
	while (c) {
		HDF *next = hdf_obj_next(c);
		const char *name = hdf_obj_name(c);
		if (strcmp(name, "L") != 0 && strcmp(name, "Config") != 0 && strcmp(name, "hdf") != 0)
			hdf_remove_tree(hdf, name);
		c = next;
	}
	hdf_set_symlink(hdf, "Lang", strcmp(lang, "en") == 0 ? "L.en" : "L.de");
}

bool render_lang_ready(HDF *hdf)
{
	/* Lang.code resolves exactly when Lang points at a complete language. */
	if (hdf_get_value(hdf, "Lang.code", NULL))
		return true;
	/* Which language: the target of the Lang link itself (hdf_get_obj would follow it). */
	const char *target = NULL;
	for (HDF *c = hdf_obj_child(hdf); c; c = hdf_obj_next(c))
		if (strcmp(hdf_obj_name(c), "Lang") == 0) {
			target = c->link ? c->value : NULL;
			break;
		}
	if (!target || (strcmp(target, "L.de") != 0 && strcmp(target, "L.en") != 0))
		return false;
	NEOERR *err = load_lang(hdf, target + 2);
	if (err) {
		render_log("language", err);
		return false;
	}
	return true;
}

/* Appends rendered output to a struct html. */
static NEOERR *render_out(void *ctx, char *s)
{
	html_raw(ctx, s, strlen(s));
	return STATUS_OK;
}

/* The parse tree of template, parsed on first use; NULL on failure (logged). */
static CSPARSE *render_parsed(HDF *hdf, const char *template)
{
	for (int i = 0; i < g_ntpl; i++)
		if (strcmp(g_tpl[i].name, template) == 0)
			return g_tpl[i].cs;
	if (g_ntpl == RENDER_MAX_TEMPLATES || strlen(template) >= sizeof g_tpl[0].name)
		return NULL;
	CSPARSE *cs = NULL;
	NEOERR *err = cs_init(&cs, hdf);
	if (!err) err = cgi_register_strfuncs(cs);
	if (!err) err = cs_parse_file(cs, template);
	if (err) {
		render_log(template, err);
		cs_destroy(&cs);
		return NULL;
	}
	strcpy(g_tpl[g_ntpl].name, template);
	g_tpl[g_ntpl].cs = cs;
	g_ntpl++;
	return cs;
}

NEOERR *render_template(HDF *hdf, const char *template, struct html *out)
{
	if (!render_lang_ready(hdf))
		return nerr_raise(NERR_IO, "language files unavailable");
	CSPARSE *cs = render_parsed(hdf, template);
	if (!cs)
		return nerr_raise(NERR_NOT_FOUND, "template %s unavailable", template);
	return nerr_pass(cs_render(cs, out, render_out));
}

void render_done(HDF **hdf)
{
	for (int i = 0; i < g_ntpl; i++)
		cs_destroy(&g_tpl[i].cs);
	g_ntpl = 0;
	hdf_destroy(hdf);
}
