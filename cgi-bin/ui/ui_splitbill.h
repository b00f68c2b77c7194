/* ui_splitbill: the master's split billing page (GET /market/billing): the form (period, vehicle, subscriber, PDF or Excel) and the download it asks for. */
#ifndef WB_SPLITBILL_PAGE_H
#define WB_SPLITBILL_PAGE_H

#include "http/app.h"

/* GET /market/billing, for administrators (route flag NEEDS_ADMIN): without parameters the form
 * (period preset to the previous month); with ?from=YYYY-MM&to=YYYY-MM&format=pdf|xlsx&vehicle=ID&org=ID
 * the session organisation's split billing as a download named "<shr.bill.file>-FROM_TO.pdf|xlsx"
 * in the organisation's language. from defaults to the previous month, to to from; at most 24
 * months; vehicle and org (subscriber) filter. Bad input: 422 with the form and the input kept. */
int ui_splitbill_page(struct req *r);

#endif
