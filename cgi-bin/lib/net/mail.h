/* mail: hands one finished message to an SMTP relay (libcurl: STARTTLS, TLS or plain, with login) or to the local sendmail program, with connect and total timeouts. */
#ifndef WB_MAIL_H
#define WB_MAIL_H

#include <stddef.h>

/* How a message leaves. security: "starttls" (required), "tls" (implicit, smtps) or "none"
 * (plain: a relay on localhost). user "" sends without login. sendmail: the program's path
 * (used when host is NULL or ""), default /usr/sbin/sendmail. Timeouts in seconds (0: 10 and 60). */
struct mail_transport {
	const char *host;
	int port;
	const char *security;
	const char *user, *password;
	const char *sendmail;
	int connect_timeout, total_timeout;
};

enum mail_result {
	MAIL_SENT = 0,   /* accepted by the relay */
	MAIL_RETRY,      /* temporary: no connection, timeout, 4xx — try again later */
	MAIL_REJECTED    /* permanent: 5xx, bad address — retrying cannot help */
};

/* Delivers msg (len octets, CRLF lines) from envelope sender from to one recipient to. Writes the
 * relay's last answer (or the reason it was not reached) into answer (size n), never the password.
 * Blocks at most about connect_timeout + total_timeout seconds. */
enum mail_result mail_send(const struct mail_transport *t, const char *from, const char *to, const char *msg,
                           size_t len, char *answer, size_t n);

#endif
