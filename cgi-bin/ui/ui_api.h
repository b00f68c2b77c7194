/* ui_api: the handlers of the api page's routes (cgi-bin/api.c), one per screen or action. */
#ifndef WB_UI_API_H
#define WB_UI_API_H

#include "http/app.h"

/* Each answers one route of the api page's table; the route's flags were checked before. */
int ui_api_get_billings(struct req *r);
int ui_api_get_xsd(struct req *r);

#endif
