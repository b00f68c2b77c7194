/* ui_export: the handlers of the export page's routes (cgi-bin/export.c), one per screen or action. */
#ifndef WB_UI_EXPORT_H
#define WB_UI_EXPORT_H

#include "http/app.h"

/* Each answers one route of the export page's table; the route's flags were checked before. */
int ui_export_export(struct req *r);
int ui_export_log(struct req *r);
int ui_export_bookings(struct req *r);
int ui_export_bx_list(struct req *r);
int ui_export_bx_new(struct req *r);
int ui_export_do_bx_new(struct req *r);
int ui_export_bx_edit(struct req *r);
int ui_export_do_bx_row_add(struct req *r);
int ui_export_bx_download(struct req *r);
int ui_export_do_bx_delete(struct req *r);
int ui_export_do_bx_restore(struct req *r);
int ui_export_bx_row(struct req *r);
int ui_export_do_bx_row_edit(struct req *r);
int ui_export_do_bx_row_delete(struct req *r);
int ui_export_do_bx_row_undelete(struct req *r);

#endif
