/* wb-cron: the background command — queues reminders and trip-data requests, expires tokens, and delivers the outbox; safe to run every minute and concurrently. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/timeutil.h"
#include "format/ics.h"
#include "format/mime.h"
#include "net/mail.h"
#include "store/mailstore.h"
#include "store/outbox.h"
#include "store/sealed.h"
#include "store/tokens.h"

/* The texts of the mails, German and English (the organisation's language). {v} vehicle, {s} start,
 * {e} end, {p} purpose, {n} booking number, {a} who acted, {l} link, {o} organisation. */
struct text {
	const char *kind, *action, *subject, *body;
};

static const struct text DE[] = {
	{"booking", "CREATE", "Buchung bestätigt: {v}, {s}",
	 "Guten Tag,\n\nIhre Buchung wurde angelegt.\n\n"},
	{"booking", "CHANGE", "Buchung geändert: {v}, {s}",
	 "Guten Tag,\n\nIhre Buchung wurde geändert. So gilt sie jetzt:\n\n"},
	{"booking", "DELETE", "Buchung gelöscht: {v}, {s}",
	 "Guten Tag,\n\nIhre Buchung wurde gelöscht (DELETE): sie wurde vor Beginn der Stornofrist\n"
	 "abgesagt und wird nicht berechnet.\n\n"},
	{"booking", "STORNO", "Buchung storniert: {v}, {s}",
	 "Guten Tag,\n\nIhre Buchung wurde storniert (STORNO): sie wurde innerhalb der Stornofrist\n"
	 "abgesagt und bleibt nach dem Tarif abrechenbar.\n\n"},
	{"booking", "REASSIGN", "Buchung übertragen: {v}, {s}",
	 "Guten Tag,\n\ndiese Buchung wurde einem anderen Mitglied übertragen; für Sie ist sie entfallen.\n\n"},
	{"reminder", "", "Erinnerung: {v} ab {s}",
	 "Guten Tag,\n\nzur Erinnerung: Ihre Buchung beginnt bald.\n\n"},
	{"trip", "", "Bitte Kilometerstände eintragen: {v}, {s}",
	 "Guten Tag,\n\nIhre Fahrt ist zu Ende. Bitte tragen Sie die Kilometerstände bei Beginn und Ende\n"
	 "ein, damit die Fahrt abgerechnet werden kann:\n{l}\n\n"},
	{"reset", "", "Passwort zurücksetzen ({o})",
	 "Guten Tag,\n\nfür Ihr Konto {a} wurde ein neues Passwort angefordert. Über diesen Link können Sie\n"
	 "innerhalb einer Stunde ein neues Passwort setzen (er gilt nur einmal):\n\n{l}\n\n"
	 "Wenn Sie das nicht angefordert haben, können Sie diese Nachricht ignorieren.\n"},
	{"email", "", "E-Mail-Adresse bestätigen ({o})",
	 "Guten Tag,\n\nbitte bestätigen Sie diese Adresse für Ihr Konto {a} mit diesem Link\n"
	 "(gültig 24 Stunden):\n\n{l}\n"},
	{"request", "", "Zugang anfordern: Adresse bestätigen ({o})",
	 "Guten Tag,\n\nSie haben einen Zugang zu {o} angefordert. Bitte bestätigen Sie Ihre Adresse mit\n"
	 "diesem Link (gültig 24 Stunden); danach entscheidet die Verwaltung:\n\n{l}\n"},
	{"req_ok", "", "Ihr Zugang zu {o} ist eingerichtet",
	 "Guten Tag,\n\nIhr Zugang wurde angenommen. Ihr Login-Name: {a}\nSetzen Sie Ihr Passwort über diesen Link "
	 "(gültig 24 Stunden):\n\n{l}\n"},
	{"req_no", "", "Ihre Anfrage bei {o}",
	 "Guten Tag,\n\nIhre Anfrage nach einem Zugang wurde leider abgelehnt.\n"},
	{"req_new", "", "Neue Zugangsanfrage: {a}",
	 "Guten Tag,\n\neine neue Zugangsanfrage wartet auf Ihre Entscheidung:\n\n{l}\n"},
	{NULL, NULL, NULL, NULL},
};

static const struct text EN[] = {
	{"booking", "CREATE", "Booking confirmed: {v}, {s}", "Hello,\n\nyour booking was created.\n\n"},
	{"booking", "CHANGE", "Booking changed: {v}, {s}", "Hello,\n\nyour booking was changed. It now reads:\n\n"},
	{"booking", "DELETE", "Booking deleted: {v}, {s}",
	 "Hello,\n\nyour booking was deleted (DELETE): it was cancelled before the cancellation period\n"
	 "and will not be charged.\n\n"},
	{"booking", "STORNO", "Booking cancelled: {v}, {s}",
	 "Hello,\n\nyour booking was cancelled (STORNO): it was cancelled within the cancellation period\n"
	 "and is charged according to the tariff.\n\n"},
	{"booking", "REASSIGN", "Booking transferred: {v}, {s}",
	 "Hello,\n\nthis booking was given to another member; it no longer applies to you.\n\n"},
	{"reminder", "", "Reminder: {v} from {s}", "Hello,\n\na reminder: your booking starts soon.\n\n"},
	{"trip", "", "Please enter the odometer readings: {v}, {s}",
	 "Hello,\n\nyour trip has ended. Please enter the odometer readings at its start and end so that\n"
	 "it can be billed:\n{l}\n\n"},
	{"reset", "", "Reset your password ({o})",
	 "Hello,\n\na new password was requested for your account {a}. This link lets you set one within\n"
	 "an hour (it works once):\n\n{l}\n\nIf you did not ask for this, ignore this message.\n"},
	{"email", "", "Confirm your e-mail address ({o})",
	 "Hello,\n\nplease confirm this address for your account {a} with this link (valid 24 hours):\n\n{l}\n"},
	{"request", "", "Access request: confirm your address ({o})",
	 "Hello,\n\nyou asked for access to {o}. Please confirm your address with this link (valid 24\n"
	 "hours); the administrators decide then:\n\n{l}\n"},
	{"req_ok", "", "Your access to {o} is ready",
	 "Hello,\n\nyour request was accepted. Your login name: {a}\nSet your password with this link (valid 24 "
	 "hours):\n\n{l}\n"},
	{"req_no", "", "Your request at {o}", "Hello,\n\nyour request for access was declined.\n"},
	{"req_new", "", "New access request: {a}", "Hello,\n\na new access request awaits your decision:\n\n{l}\n"},
	{NULL, NULL, NULL, NULL},
};

static const struct text *text_for(const struct outbox_mail *m)
{
	const struct text *t = strcmp(m->lang, "en") == 0 ? EN : DE;
	for (; t->kind; t++)
		if (strcmp(t->kind, m->kind) == 0 && (strcmp(t->kind, "booking") != 0 || strcmp(t->action, m->action) == 0))
			return t;
	return NULL;
}

struct sbuf {
	char *p;
	size_t len, cap;
};

static void sput(struct sbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 1024;
		while (b->len + n + 1 > cap)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p)
			return;
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void sputs(struct sbuf *b, const char *s)
{
	sput(b, s, strlen(s));
}

static const char *human(char *buf, size_t n, const char *tz, int64_t t)
{
	struct tu_tm lt;
	tu_to_local(tz, t, &lt);
	return tu_fmt_human(buf, n, &lt);
}

/* Expands the placeholders of tpl for mail m into b. */
static void expand(struct sbuf *b, const char *tpl, const struct outbox_mail *m)
{
	char t1[32], t2[32], num[24];
	for (const char *s = tpl; *s; s++) {
		if (s[0] == '{' && s[1] && s[2] == '}') {
			const char *v = NULL;
			switch (s[1]) {
			case 'v': v = m->vehicle; break;
			case 's': v = human(t1, sizeof t1, m->tz, m->start); break;
			case 'e': v = human(t2, sizeof t2, m->tz, m->end); break;
			case 'p': v = m->purpose; break;
			case 'n': snprintf(num, sizeof num, "%lld", (long long)m->booking_id); v = num; break;
			case 'a': v = m->actor; break;
			case 'l': v = m->link; break;
			case 'o': v = m->org_name; break;
			}
			if (v) {
				sputs(b, v);
				s += 2;
				continue;
			}
		}
		sput(b, s, 1);
	}
}

/* The facts of a booking mail, after its text. */
static void booking_facts(struct sbuf *b, const struct outbox_mail *m)
{
	bool en = strcmp(m->lang, "en") == 0;
	expand(b, en ? "Vehicle:  {v}\nStart:    {s}\nEnd:      {e}\nBooking:  {n}\n"
	             : "Fahrzeug: {v}\nBeginn:   {s}\nEnde:     {e}\nBuchung:  {n}\n", m);
	if (m->purpose[0])
		expand(b, en ? "Purpose:  {p}\n" : "Zweck:    {p}\n", m);
	if (m->actor[0])
		expand(b, en ? "Done by:  {a}\n" : "Ausgeführt von: {a}\n", m);
	if (m->link[0])
		expand(b, "\n{l}\n", m);
}

/* Settings of the organisation of the previous mail, reused while mails of the same one follow. */
static struct {
	int64_t org_id;
	struct mailstore_settings s;
	char password[600];
	bool down; /* a delivery failed temporarily in this run: the rest of its mails wait */
} g_org;

static int env_int(const char *name, int dflt)
{
	const char *v = getenv(name);
	return v && *v ? atoi(v) : dflt;
}

/* Composes and delivers one claimed mail, then records the outcome. */
static void deliver(const struct outbox_mail *m, int64_t now)
{
	if (g_org.org_id != m->org_id) {
		memset(&g_org, 0, sizeof g_org);
		g_org.org_id = m->org_id;
		if (mailstore_settings_load(m->org_id, &g_org.s) != ST_OK) {
			g_org.org_id = 0;
			outbox_record(m->id, OUTBOX_RETRY, "settings could not be read", "", now);
			return;
		}
		if (g_org.s.has_password && !sealed_open(g_org.s.smtp_password, g_org.password, sizeof g_org.password))
			g_org.password[0] = '\0';
	}
	/* Links to the booking (and its trip form) when the organisation has a public address. */
	struct outbox_mail withlink;
	if (!m->link[0] && m->booking_id && g_org.s.base_url[0] && strcmp(m->action, "DELETE") && strcmp(m->action, "REASSIGN")) {
		withlink = *m;
		snprintf(withlink.link, sizeof withlink.link, "%s/calendar/booking/%lld%s", g_org.s.base_url,
		         (long long)m->booking_id, strcmp(m->kind, "trip") == 0 ? "/trip" : "");
		m = &withlink;
	}
	const struct text *t = text_for(m);
	if (!t) {
		outbox_record(m->id, OUTBOX_REJECTED, "unknown kind of mail", "", now);
		return;
	}
	struct sbuf subj = {0}, body = {0};
	expand(&subj, t->subject, m);
	expand(&body, t->body, m);
	if (!strcmp(m->kind, "booking") || !strcmp(m->kind, "reminder"))
		booking_facts(&body, m);
	else if (!strcmp(m->kind, "trip"))
		expand(&body, strcmp(m->lang, "en") == 0 ? "Vehicle:  {v}\nStart:    {s}\nEnd:      {e}\nBooking:  {n}\n"
		                                          : "Fahrzeug: {v}\nBeginn:   {s}\nEnde:     {e}\nBuchung:  {n}\n", m);
	sputs(&body, "\n-- \nWagenbuch, ");
	sputs(&body, m->org_name);
	sputs(&body, "\n");
	if (!subj.p || !body.p) {
		free(subj.p);
		free(body.p);
		outbox_record(m->id, OUTBOX_RETRY, "out of memory", "", now);
		return;
	}
	char answer[512] = "";
	enum outbox_outcome o;
	if (!strcmp(g_org.s.transport, "none") || !mime_address_ok(g_org.s.sender)) {
		o = OUTBOX_RETRY;
		snprintf(answer, sizeof answer, "%s", "no transport or sender configured");
	} else if (g_org.down) {
		o = OUTBOX_RETRY;
		snprintf(answer, sizeof answer, "%s", "not tried: the relay failed earlier in this run");
	} else {
		struct ics_out ics = {0};
		bool with_ics = !strcmp(m->kind, "booking");
		const char *method = strcmp(m->action, "CREATE") && strcmp(m->action, "CHANGE") ? "CANCEL" : "REQUEST";
		if (with_ics) {
			struct ics_event e = {
				.uid = m->uid,
				.start = m->start, .end = m->end, .dtstamp = now, .seq = m->seq,
				.cancelled = !strcmp(method, "CANCEL"),
				.summary = m->vehicle, .description = m->purpose,
				.organizer = g_org.s.sender, .attendee = m->recipient,
			};
			ics_begin(&ics, method, NULL, m->tz);
			ics_event(&ics, m->tz, &e);
			ics_end(&ics);
		}
		const char *at = strchr(g_org.s.sender, '@');
		char msgid[160];
		snprintf(msgid, sizeof msgid, "wb.%lld.%lld%s", (long long)m->id, (long long)m->queued_at, at ? at : "@wagenbuch");
		struct mime_msg mm = {
			.from = g_org.s.sender, .from_name = m->org_name, .to = m->recipient, .to_name = m->name,
			.subject = subj.p, .body = body.p, .message_id = msgid, .date = now,
			.ics = with_ics && !ics.oom ? ics.p : NULL, .ics_method = method,
			.ics_file = !strcmp(method, "CANCEL") ? "cancel.ics" : "booking.ics",
		};
		size_t len = 0;
		char *msg = mime_build(&mm, &len);
		free(ics.p);
		if (!msg) {
			o = OUTBOX_RETRY;
			snprintf(answer, sizeof answer, "%s", "out of memory");
		} else {
			struct mail_transport tr = {
				.host = !strcmp(g_org.s.transport, "smtp") ? g_org.s.smtp_host : NULL,
				.port = g_org.s.smtp_port, .security = g_org.s.smtp_security,
				.user = g_org.s.smtp_user, .password = g_org.password,
				.sendmail = getenv("WB_SENDMAIL"),
				.connect_timeout = env_int("WB_MAIL_CONNECT_TIMEOUT", 10),
				.total_timeout = env_int("WB_MAIL_TIMEOUT", 60),
			};
			enum mail_result r = mail_send(&tr, g_org.s.sender, m->recipient, msg, len, answer, sizeof answer);
			free(msg);
			o = r == MAIL_SENT ? OUTBOX_SENT : r == MAIL_REJECTED ? OUTBOX_REJECTED : OUTBOX_RETRY;
			if (r == MAIL_RETRY)
				g_org.down = true;
		}
	}
	if (outbox_record(m->id, o, answer, subj.p, now) != ST_OK)
		fprintf(stderr, "wb-cron: could not record mail %lld\n", (long long)m->id);
	free(subj.p);
	free(body.p);
}

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	if (outbox_db_open() != ST_OK) {
		fprintf(stderr, "wb-cron: cannot open the database\n");
		return 1;
	}
	int64_t now = (int64_t)time(NULL);
	char holder[96], host[64] = "";
	gethostname(host, sizeof host - 1);
	snprintf(holder, sizeof holder, "%s:%ld:%lld", host, (long)getpid(), (long long)now);
	if (!outbox_cron_lock(holder, now, OUTBOX_LEASE)) {
		printf("wb-cron: another run holds the lock\n");
		outbox_db_close();
		return 0;
	}
	int reminders = 0, trips = 0, expired = 0, tried = 0;
	if (outbox_queue_reminders(now, &reminders) != ST_OK)
		fprintf(stderr, "wb-cron: reminders could not be queued\n");
	if (outbox_queue_trip_requests(now, &trips) != ST_OK)
		fprintf(stderr, "wb-cron: trip-data requests could not be queued\n");
	if (tokens_expire(now, &expired) != ST_OK)
		fprintf(stderr, "wb-cron: tokens could not be expired\n");
	struct outbox_mail m;
	/* Mails are delivered until none is due or the lock's lease nears its end. */
	while (time(NULL) < now + OUTBOX_LEASE - 60 && outbox_claim((int64_t)time(NULL), &m) == ST_OK) {
		deliver(&m, (int64_t)time(NULL));
		tried++;
	}
	outbox_cron_done(holder, (int64_t)time(NULL));
	printf("wb-cron: %d reminders, %d trip requests queued; %d tokens expired; %d mails tried\n", reminders,
	       trips, expired, tried);
	outbox_db_close();
	return 0;
}
