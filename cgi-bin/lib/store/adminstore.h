/* adminstore (adm_): an organisation's master data (areas, vehicles, members, tariffs, API accounts, settings), each change one immediate transaction with its ADMIN action-log line. */
#ifndef WB_ADMINSTORE_H
#define WB_ADMINSTORE_H

#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "rules/actionlog.h"

/* Results of this module (enum store_status, store/store.h):
 *   ST_OK
 *   ST_NOT_FOUND - no such row in the actor's organisation
 *   ST_DUPLICATE - name or login already taken
 *   ST_BAD_AREA - the area chosen for a vehicle is not the organisation's
 *   ST_HAS_VEHICLES - an area still has vehicles (count in *n)
 *   ST_LAST_AREA - the organisation's only area
 *   ST_SELF - the actor would delete, lock or demote themselves
 *   ST_IN_USE - still referenced: a member who entered others' bookings (count in *n), or a
 *     row that other records (trips, billing exports) still point at; a tariff
 *     that vehicles use (count in *n)
 *   ST_BAD_TARIFF - the tariff chosen for a vehicle is not the organisation's
 *   ST_RELEASED_NAME - a vehicle released on the market keeps its name while the release stands
 *   ST_RELEASED_TARIFF - ... and its tariff, and the prices of that tariff
 *   ST_NAME_TAKEN - a vehicle name that is the local name of an active subscription
 *   ST_IN_USE (delete of a vehicle or member with *billed > 0) - bookings whose billing records
 *     were retrieved over the API or put into a billing export: nothing is deleted
 *   ST_BUSY - database locked: 503
 *   ST_ERROR - anything else: 500 */

/* Limits count characters, as a form's maxlength does; a buffer for n characters holds 4n bytes. */
#define ADM_NAME_CHARS 100               /* an area's, tariff's or organisation's name */
#define ADM_VEHICLE_NAME_CHARS 60        /* a vehicle's name */
#define ADM_MEMBER_DESCR_CHARS 255
#define ADM_MEMBER_NO_CHARS 40
#define ADM_ADDRESS_CHARS 255
#define ADM_TEXT_BYTES(chars) (4 * (chars) + 1)
#define ADM_NAME_BYTES ADM_TEXT_BYTES(ADM_NAME_CHARS)

struct adm_area {
	int64_t id;
	char name[ADM_NAME_BYTES];
	int sort;
};

struct adm_vehicle {
	int64_t id, area_id;
	char name[ADM_NAME_BYTES];
	char descr[128];    /* at most 30 characters (schema) */
	int sort;
	char area[ADM_NAME_BYTES];     /* the area's name, filled by load */
	int64_t tariff_id;  /* 0: no tariff (bills 0) */
	char tariff[ADM_NAME_BYTES];   /* the tariff's name ("" without one), filled by load */
};

struct adm_member {
	int64_t id;
	char login[64];
	char descr[ADM_TEXT_BYTES(ADM_MEMBER_DESCR_CHARS)];
	char member_no[ADM_TEXT_BYTES(ADM_MEMBER_NO_CHARS)];
	bool is_admin, locked, has_password;
};

struct adm_settings {
	char name[ADM_NAME_BYTES];
	char address[ADM_TEXT_BYTES(ADM_ADDRESS_CHARS)];   /* the organisation's own address ("" when not set) */
	bool has_coords;        /* lat/lon set: the market's distance filter measures from here */
	double lat, lon;
	char tz[64];
	int cancel_hours;
	int grid_minutes;
	char lang[3];
	char billing_period[8];
	int storno_share_pct;   /* 0..100; -1 in an update: keep the current share */
};

/* A tariff in cents. max_24h < 0: no cap per 24 hours (NULL in the table). */
struct adm_tariff {
	int64_t id;
	char name[ADM_NAME_BYTES];
	int64_t per_hour, max_24h, per_km;
};

/* An API account as listed: the token is never stored, only its SHA-256. */
struct adm_api_account {
	int64_t id;
	char name[40];
	int64_t created_at;
	int64_t last_call_at;   /* 0: never */
};

#define ADM_API_NAME_MAX 32       /* characters of an API account's name (A-Z 0-9 - _) */
#define ADM_API_TOKEN_BYTES 32    /* random bytes of a generated token; shown as 64 hex digits */

/* Areas. Create fills in->id. Update changes name and sort. Delete refuses an area that has
 * vehicles (ST_HAS_VEHICLES, *n the count) and the organisation's last area (ST_LAST_AREA). */
enum store_status adm_area_load(const struct actor *a, int64_t id, struct adm_area *out);
enum store_status adm_area_create(const struct actor *a, struct adm_area *in);
enum store_status adm_area_update(const struct actor *a, const struct adm_area *in);
enum store_status adm_area_delete(const struct actor *a, int64_t id, int *n);
/* ... and ST_IN_USE (*n the count) for an area that subscriptions (active or ended) use. */

/* Vehicles. Names are unique within the organisation, ignoring ASCII case (ST_DUPLICATE); the area
 * must be the organisation's (ST_BAD_AREA). The caller has checked the description's length. */
enum store_status adm_vehicle_load(const struct actor *a, int64_t id, struct adm_vehicle *out);
enum store_status adm_vehicle_create(const struct actor *a, struct adm_vehicle *in);
enum store_status adm_vehicle_update(const struct actor *a, const struct adm_vehicle *in);

/* Bookings of vehicle id: all rows that a delete removes (*total), the active or cancelled-billable
 * ones overlapping [from, to) (*in_period), and the billed ones (*billed: a billing record of the
 * booking was retrieved over the API or put into a billing export; while there are any, a delete is
 * refused). Read-only. */
enum store_status adm_vehicle_counts(const struct actor *a, int64_t id, int64_t from, int64_t to,
                                   int *total, int *in_period, int *billed);

/* Deletes vehicle id with all its bookings and their versions; *n is the number of bookings removed.
 * ST_IN_USE when other records still point at the vehicle, or when bookings are billed (*billed the
 * count; billed bookings are never undone by a delete); nothing is deleted then. */
enum store_status adm_vehicle_delete(const struct actor *a, int64_t id, int *n, int *billed);

/* Is name free for vehicle id (0: a new one) of the actor's organisation? ST_DUPLICATE when another
 * vehicle has it (ignoring ASCII case), ST_NAME_TAKEN when an active subscription shows under it,
 * else ST_OK. Used by the form and the import; a write it guards runs in the caller's transaction. */
enum store_status adm_vehicle_name_free(const struct actor *a, int64_t id, const char *name);

/* The one lock of a vehicle released on the market, applied by the edit form and the CSV import:
 * ST_RELEASED_NAME when the name changes (any byte, case included), ST_RELEASED_TARIFF when the
 * tariff changes, while vehicle id is released; ST_OK otherwise. Read-only; when the answer guards
 * a write, the caller holds that write's transaction (asserted there), so that a release cannot
 * slip in between check and write. */
enum store_status adm_vehicle_lock_check(int64_t id, const char *old_name, const char *new_name,
                                       int64_t old_tariff, int64_t new_tariff);

/* Members. login must already be valid and upper-case; create fills *id. A new member has no
 * password and so cannot sign in until one is set. */
enum store_status adm_member_load(const struct actor *a, int64_t id, struct adm_member *out);
enum store_status adm_member_create(const struct actor *a, const char *login, int64_t *id);

/* Saves description, member number, administrator right and lock of in->id, and the password when
 * pw_hash is not NULL (the member's other sessions then end). An actor cannot lock or demote themselves (ST_SELF). */
enum store_status adm_member_update(const struct actor *a, const struct adm_member *in, const char *pw_hash);

/* Bookings of member id (*own, removed by a delete), bookings of others that the member entered
 * (*others) and billed bookings of theirs (*billed); while either of the last two is above 0, delete
 * is refused. Read-only. */
enum store_status adm_member_counts(const struct actor *a, int64_t id, int *own, int *others, int *billed);

/* Deletes member id with their bookings and sessions. ST_SELF for the actor; ST_IN_USE (*n the
 * count of others' bookings they entered, or 0 when other records point at them) when the history
 * names them, or when bookings of theirs are billed (*billed the count, as adm_vehicle_counts);
 * else *n is the number removed. */
enum store_status adm_member_delete(const struct actor *a, int64_t id, int *n, int *billed);

/* The organisation's settings. Update checks nothing but the name's uniqueness (ST_DUPLICATE);
 * the caller has validated every value. */
enum store_status adm_settings_load(const struct actor *a, struct adm_settings *out);
enum store_status adm_settings_update(const struct actor *a, const struct adm_settings *in);

/* Tariffs. Names are unique within the organisation, ignoring ASCII case (ST_DUPLICATE). Delete
 * refuses a tariff that vehicles use (ST_IN_USE, *n the count). */
enum store_status adm_tariff_load(const struct actor *a, int64_t id, struct adm_tariff *out);
enum store_status adm_tariff_create(const struct actor *a, struct adm_tariff *in);
/* Update refuses to change the amounts of a tariff that a vehicle released on the market uses
 * (ST_RELEASED_TARIFF): subscribers accepted those prices. The name may change. */
enum store_status adm_tariff_update(const struct actor *a, const struct adm_tariff *in);

/* Number of vehicles released on the market that use tariff id (*n). Read-only; the same rule
 * adm_tariff_update applies, for the page to say beforehand. */
enum store_status adm_tariff_released(const struct actor *a, int64_t id, int *n);
enum store_status adm_tariff_delete(const struct actor *a, int64_t id, int *n);

/* API accounts. name must be valid (A-Z 0-9 - _, 1..ADM_API_NAME_MAX) and upper-case; unique within
 * the organisation (ST_DUPLICATE). Create stores the SHA-256 of token (the bytes of the string, as
 * the api page checks it) and never the token; the ADMIN line names the account, never the token. */
enum store_status adm_api_load(const struct actor *a, int64_t id, struct adm_api_account *out);
enum store_status adm_api_create(const struct actor *a, const char *name, const char *token, int64_t *id);
enum store_status adm_api_delete(const struct actor *a, int64_t id);

/* The API account called name whose token hashes (SHA-256) to hash, compared in constant time:
 * *account and its *org, both 0 when none matches. For the request door's authentication. */
enum store_status adm_api_find(const char *name, const unsigned char hash[32], int64_t *account, int64_t *org);

/* Notes the account's last call (its own small transaction; best effort: the answer does not depend
 * on that bookkeeping). */
void adm_api_touch(int64_t account, int64_t now);

/* The billing period (billing_period "month" or "quarter") containing now, in zone tz, as UTC [*from, *to). */
void adm_billing_period(const char *tz, int64_t now, const char *billing_period, int64_t *from, int64_t *to);

/* A change description for an ADMIN line: "field old -> new" items joined by ", ", bounded by
 * AL_LINE_MAX (longer text is cut at a character boundary). */
struct adm_diff {
	char buf[AL_LINE_MAX];
	size_t len;
	int n;        /* items appended */
};

/* Starts d with head (e.g. "vehicle 5 \"VW Golf\" changed:"). */
void adm_diff_init(struct adm_diff *d, const char *head);

/* Appends "name \"old\" -> \"new\"" when old and new differ; with old NULL, "name \"new\"". */
void adm_diff_text(struct adm_diff *d, const char *name, const char *old, const char *new_);

/* Appends "name old -> new" when they differ; with has_old false, "name new". */
void adm_diff_int(struct adm_diff *d, const char *name, bool has_old, int64_t old, int64_t new_);

/* Appends a bare item such as "password set". */
void adm_diff_item(struct adm_diff *d, const char *item);

/* ---- Lists, read with a cursor in the shape of bookfile's bf_open/bf_row/bf_next/bf_close. Each
 * *_open starts a read of the actor's organisation and steps to the first row (so that a failure is
 * known before anything is sent); ST_OK or the failure. *_row fills the current row (text pointers
 * belong to the statement, valid until adm_cursor_next) and is false when none is left.
 * adm_cursor_close ends any of them: ST_OK when every row was read. Read-only. */
struct adm_cursor {
	sqlite3_stmt *st;
	int rc;         /* the last sqlite3_step result */
};
void adm_cursor_next(struct adm_cursor *c);
enum store_status adm_cursor_close(struct adm_cursor *c);

/* Areas by sort, name, id; hidden: sort above 90; vehicles: their number. */
struct adm_area_row {
	int64_t id;
	const char *name;
	int sort;
	bool hidden;
	int vehicles;
};
enum store_status adm_areas_open(struct adm_cursor *c, const struct actor *a);
bool adm_areas_row(struct adm_cursor *c, struct adm_area_row *row);

/* Vehicles by area (sort, name, id), then sort, name, id; with area_id > 0 only that area's.
 * tariff is "" without one. */
struct adm_vehicle_row {
	int64_t id, area_id;
	const char *name, *descr, *area, *tariff;
	int sort;
	bool area_hidden;
};
enum store_status adm_vehicles_open(struct adm_cursor *c, const struct actor *a, int64_t area_id);
bool adm_vehicles_row(struct adm_cursor *c, struct adm_vehicle_row *row);

/* Members by login. */
struct adm_member_row {
	int64_t id;
	const char *login, *descr, *member_no;
	bool is_admin, locked, has_password;
};
enum store_status adm_members_open(struct adm_cursor *c, const struct actor *a);
bool adm_members_row(struct adm_cursor *c, struct adm_member_row *row);

/* Tariffs by name, with their number of vehicles (max_24h < 0: no cap). */
struct adm_tariff_row {
	int64_t id;
	const char *name;
	int64_t per_hour, max_24h, per_km;
	int vehicles;
};
enum store_status adm_tariffs_open(struct adm_cursor *c, const struct actor *a);
bool adm_tariffs_row(struct adm_cursor *c, struct adm_tariff_row *row);

/* API accounts by name (the struct's name is copied, cut on a character boundary). */
enum store_status adm_apis_open(struct adm_cursor *c, const struct actor *a);
bool adm_apis_row(struct adm_cursor *c, struct adm_api_account *row);

/* Inside the caller's immediate transaction (asserted): creates a member of the actor's organisation
 * with login (valid, upper-case, free: ST_DUPLICATE otherwise), description and member number, and
 * no password (so that nobody can sign in as them until an administrator sets one or a reset link is
 * used), with its ADMIN line "member N LOGIN created" plus why. Fills *id. For imports that create
 * many members in one transaction. */
enum store_status adm_member_create_in(const struct actor *a, const char *login, const char *descr,
                                       const char *member_no, const char *why, int64_t *id);

#endif
