/* api: the billing API for accounting systems — billing records as XML over HTTP Basic auth of an API account, and its XSD. */
#include "http/door.h"
#include "ui/ui_api.h"

/* The api page's routes: method, PATH_INFO pattern, handler and the access it needs. */
static const struct door_route routes[] = {
	/* "*" segments: a malformed usergroup or datalimit still reaches the handler, which answers XML. */
	{"GET", "/v1/billing/getBillings/usergroup/*/datalimit/*", ui_api_get_billings, NEEDS_API_ACCOUNT},
	{"GET", "/v1/billing/billing.xsd", ui_api_get_xsd, 0},
};

int main(void)
{
	return door_run("api", routes, sizeof routes / sizeof routes[0]);
}
