/* nullcgi: the smallest CGI program, the reference of calendar_cgi_rps — what one process per request costs on this machine. */
#include <stdio.h>

int main(void)
{
	fputs("Status: 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\nok\n", stdout);
	return 0;
}
