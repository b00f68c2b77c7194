/* ui_splitbill_page: the page handler of the master's split billing download (GET /market/billing), PDF by default or .xlsx. */
#ifndef WB_SPLITBILL_PAGE_H
#define WB_SPLITBILL_PAGE_H

#include "http/app.h"

/* GET /market/billing?from=YYYY-MM&to=YYYY-MM&format=pdf|xlsx&vehicle=ID&org=ID, for administrators
 * (route flag NEEDS_ADMIN): the session organisation's split billing as a download. from defaults
 * to the previous month, to to from; at most 24 months; vehicle and org (subscriber) filter. */
int ui_splitbill_page(struct req *r);

#endif
