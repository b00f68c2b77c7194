/* glibc_compat: lets the shared-hosting bundle's programs run on glibc 2.34 instead of Debian 12's 2.36, linked into the bundle's programs only. */
/* Debian 12 builds against glibc 2.36; the static archives it links into the bundle pull in two
 * newer symbol versions: arc4random_buf (2.36, libsodium's random bytes) and hypot (2.35, a new
 * version of an old libm function, from cairo/pixman). `make bundle` links with --wrap for both, so
 * these definitions take their calls: getrandom (2.25) gives the same kernel randomness, and hypot is
 * bound to its original version. 2.34 is the floor: Debian's crt1.o (__libc_start_main) and its
 * libcrypto need it. */
#include <errno.h>
#include <stdlib.h>
#include <sys/random.h>
#include <sys/types.h>

void __wrap_arc4random_buf(void *buf, size_t n);
double __wrap_hypot(double x, double y);

double glibc_compat_hypot(double x, double y);
__asm__(".symver glibc_compat_hypot,hypot@GLIBC_2.2.5");

void __wrap_arc4random_buf(void *buf, size_t n)
{
	unsigned char *p = buf;
	while (n > 0) {
		ssize_t r = getrandom(p, n, 0);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			abort(); /* no randomness: never continue with predictable bytes */
		}
		p += r;
		n -= (size_t)r;
	}
}

double __wrap_hypot(double x, double y)
{
	return glibc_compat_hypot(x, y);
}
