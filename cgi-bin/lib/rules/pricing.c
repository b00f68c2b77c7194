/* pricing: the price of a booking in integer cents (time part capped per started 24 hours, km part, storno share); pure, no I/O. */
#include "rules/pricing.h"

#include <string.h>

/* Money and durations are bounded far below overflow: prices up to 10^8 cents (schema CHECK),
 * bookings up to 5 years (175,680 quarter hours), km up to 10^8. */
static int64_t nonneg(int64_t v)
{
	return v < 0 ? 0 : v;
}

/* Cost of one block of q quarter hours (q <= 96). */
static int64_t block(const struct pricing_tariff *t, int64_t q)
{
	int64_t c = (q * nonneg(t->per_hour) + 2) / 4;
	if (t->max_24h >= 0 && c > t->max_24h)
		c = t->max_24h;
	return c;
}

int64_t pricing_time(const struct pricing_tariff *t, int64_t seconds)
{
	if (seconds <= 0)
		return 0;
	int64_t days = seconds / PRICING_DAY;
	int64_t rest = seconds % PRICING_DAY;
	int64_t total = days * block(t, PRICING_DAY / PRICING_QUARTER);
	if (rest)
		total += block(t, (rest + PRICING_QUARTER - 1) / PRICING_QUARTER);
	return total;
}

int64_t pricing_km(const struct pricing_tariff *t, int64_t km)
{
	return nonneg(km) * nonneg(t->per_km);
}

int64_t pricing_booking(const struct pricing_tariff *t, int64_t start, int64_t end, int64_t km)
{
	return pricing_time(t, end - start) + pricing_km(t, km);
}

int64_t pricing_share(int64_t time_price, int share_pct)
{
	if (share_pct < 0)
		share_pct = 0;
	if (share_pct > 100)
		share_pct = 100;
	int64_t p = nonneg(time_price) * share_pct;
	return (p + 50) / 100;
}

int64_t pricing_storno(const struct pricing_tariff *t, int64_t start, int64_t end, int share_pct)
{
	return pricing_share(pricing_time(t, end - start), share_pct);
}

int64_t pricing_uncovered(int64_t old_s, int64_t old_e, int64_t new_s, int64_t new_e, bool same_vehicle)
{
	int64_t len = old_e > old_s ? old_e - old_s : 0;
	if (!same_vehicle)
		return len;
	int64_t s = old_s > new_s ? old_s : new_s;
	int64_t e = old_e < new_e ? old_e : new_e;
	int64_t overlap = e > s ? e - s : 0;
	return len - overlap;
}

int64_t pricing_chgsto(const struct pricing_tariff *t, int64_t old_s, int64_t old_e, int64_t new_s, int64_t new_e,
                       bool same_vehicle, int share_pct)
{
	return pricing_share(pricing_time(t, pricing_uncovered(old_s, old_e, new_s, new_e, same_vehicle)), share_pct);
}
