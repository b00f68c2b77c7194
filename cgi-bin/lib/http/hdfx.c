/* hdfx: the small HDF helpers every page uses to fill its data: child nodes by index, integers, times, rows. */
#include "http/hdfx.h"

#include <stdio.h>

#include "base/timeutil.h"

HDF *hdfx_node(HDF *parent, const char *path)
{
	HDF *n = NULL;
	hdf_get_node(parent, path, &n);
	return n;
}

HDF *hdfx_child(HDF *parent, int i)
{
	char k[16];
	snprintf(k, sizeof k, "%d", i);
	return hdfx_node(parent, k);
}

void hdfx_set_int(HDF *node, const char *name, int64_t v)
{
	char buf[24];
	snprintf(buf, sizeof buf, "%lld", (long long)v);
	hdf_set_value(node, name, buf);
}

void hdfx_set_time(HDF *node, const char *tz, const char *name, int64_t t)
{
	struct tu_tm lt;
	char buf[32], key[48];
	tu_to_local(tz, t, &lt);
	hdf_set_value(node, name, tu_fmt_human(buf, sizeof buf, &lt));
	snprintf(key, sizeof key, "%s_in", name);
	hdf_set_value(node, key, tu_fmt_input(buf, sizeof buf, &lt));
}
