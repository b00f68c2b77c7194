/* mail: hands one finished message to an SMTP relay (libcurl: STARTTLS, TLS or plain, with login) or to the local sendmail program, with connect and total timeouts. */
#include "net/mail.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

struct upload {
	const char *p;
	size_t left;
};

static size_t read_cb(char *buf, size_t size, size_t nmemb, void *ud)
{
	struct upload *u = ud;
	size_t n = size * nmemb;
	if (n > u->left)
		n = u->left;
	memcpy(buf, u->p, n);
	u->p += n;
	u->left -= n;
	return n;
}

/* Keeps the last line the server sent (its answer to the end of DATA, or the refusal). */
struct answer {
	char *buf;
	size_t n;
};

static int debug_cb(CURL *h, curl_infotype type, char *data, size_t size, void *ud)
{
	(void)h;
	struct answer *a = ud;
	if (type != CURLINFO_HEADER_IN || a->n == 0)
		return 0;
	size_t j = 0;
	for (size_t i = 0; i < size && j + 1 < a->n; i++)
		if (data[i] != '\r' && data[i] != '\n' && (unsigned char)data[i] >= 0x20 && (unsigned char)data[i] < 0x7f)
			a->buf[j++] = data[i];
	if (j)
		a->buf[j] = '\0';
	return 0;
}

static enum mail_result by_smtp(const struct mail_transport *t, const char *from, const char *to, const char *msg,
                                size_t len, char *answer, size_t n)
{
	static bool inited;
	if (!inited) {
		curl_global_init(CURL_GLOBAL_DEFAULT);
		inited = true;
	}
	CURL *h = curl_easy_init();
	if (!h) {
		snprintf(answer, n, "libcurl: cannot start");
		return MAIL_RETRY;
	}
	bool tls = t->security && strcmp(t->security, "tls") == 0;
	bool plain = t->security && strcmp(t->security, "none") == 0;
	char url[600], rfrom[300];
	snprintf(url, sizeof url, "%s://%s:%d", tls ? "smtps" : "smtp", t->host, t->port ? t->port : (tls ? 465 : 587));
	snprintf(rfrom, sizeof rfrom, "<%s>", from);
	struct curl_slist *rcpt = curl_slist_append(NULL, to);
	struct upload up = {msg, len};
	struct answer ans = {answer, n};
	answer[0] = '\0';
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	if (!plain)
		curl_easy_setopt(h, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	if (t->user && *t->user) {
		curl_easy_setopt(h, CURLOPT_USERNAME, t->user);
		curl_easy_setopt(h, CURLOPT_PASSWORD, t->password ? t->password : "");
	}
	curl_easy_setopt(h, CURLOPT_MAIL_FROM, rfrom);
	curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(h, CURLOPT_READDATA, &up);
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, (long)(t->connect_timeout > 0 ? t->connect_timeout : 10));
	curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)(t->total_timeout > 0 ? t->total_timeout : 60));
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, debug_cb);
	curl_easy_setopt(h, CURLOPT_DEBUGDATA, &ans);
	curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);
	CURLcode rc = curl_easy_perform(h);
	long code = 0;
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(h);
	if (rc == CURLE_OK)
		return MAIL_SENT;
	if (!answer[0] || code == 0 || code < 400)
		snprintf(answer, n, "%s", curl_easy_strerror(rc));
	if (code >= 500 && code < 600)
		return MAIL_REJECTED;
	return MAIL_RETRY;
}

static enum mail_result by_sendmail(const struct mail_transport *t, const char *from, const char *to,
                                    const char *msg, size_t len, char *answer, size_t n)
{
	const char *prog = t->sendmail && *t->sendmail ? t->sendmail : "/usr/sbin/sendmail";
	int fd[2];
	if (pipe(fd) != 0) {
		snprintf(answer, n, "sendmail: no pipe");
		return MAIL_RETRY;
	}
	pid_t pid = fork();
	if (pid < 0) {
		close(fd[0]);
		close(fd[1]);
		snprintf(answer, n, "sendmail: cannot start");
		return MAIL_RETRY;
	}
	if (pid == 0) {
		dup2(fd[0], 0);
		close(fd[0]);
		close(fd[1]);
		int null = open("/dev/null", O_WRONLY);
		if (null >= 0)
			dup2(null, 1);
		execl(prog, prog, "-i", "-f", from, "--", to, (char *)NULL);
		_exit(127);
	}
	close(fd[0]);
	signal(SIGPIPE, SIG_IGN);
	int total = t->total_timeout > 0 ? t->total_timeout : 60;
	time_t until = time(NULL) + total;
	const char *p = msg;
	size_t left = len;
	bool ok = true;
	while (left) {
		ssize_t w = write(fd[1], p, left);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			ok = false;
			break;
		}
		p += w;
		left -= (size_t)w;
	}
	close(fd[1]);
	int status = 0;
	for (;;) {
		pid_t r = waitpid(pid, &status, WNOHANG);
		if (r == pid)
			break;
		if (r < 0) {
			status = -1;
			break;
		}
		if (time(NULL) > until) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			snprintf(answer, n, "sendmail: timeout after %d s", total);
			return MAIL_RETRY;
		}
		poll(NULL, 0, 50);
	}
	if (ok && status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		snprintf(answer, n, "sendmail: accepted");
		return MAIL_SENT;
	}
	int code = status >= 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	snprintf(answer, n, "sendmail: exit status %d", code);
	/* sysexits: 75 EX_TEMPFAIL; 127 not installed; the rest are refusals */
	return code == 75 || code == 127 || code < 0 ? MAIL_RETRY : MAIL_REJECTED;
}

enum mail_result mail_send(const struct mail_transport *t, const char *from, const char *to, const char *msg,
                           size_t len, char *answer, size_t n)
{
	assert(t && from && to && msg && answer && n > 0);
	if (t->host && *t->host)
		return by_smtp(t, from, to, msg, len, answer, n);
	return by_sendmail(t, from, to, msg, len, answer, n);
}
