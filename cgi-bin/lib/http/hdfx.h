/* hdfx: the small HDF helpers every page uses to fill its data: child nodes by index, integers, times, rows. */
#ifndef WB_HDFX_H
#define WB_HDFX_H

#include <stdint.h>

#include <ClearSilver.h>

/* The node at path under parent, created when missing (NULL only when out of memory). */
HDF *hdfx_node(HDF *parent, const char *path);

/* Child node "<i>" of parent, created when missing: the i-th row of a list. */
HDF *hdfx_child(HDF *parent, int i);

/* Sets name under node to the decimal integer v. */
void hdfx_set_int(HDF *node, const char *name, int64_t v);

/* Sets name to t in zone tz as "dd.mm.yyyy HH:MM" (display) and name_in to "YYYY-MM-DDTHH:MM"
 * (a datetime-local form value). */
void hdfx_set_time(HDF *node, const char *tz, const char *name, int64_t t);

#endif
