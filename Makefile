# Wagenbuch: build, run and test. `make run` and `make test` work on a fresh Debian 12 machine as root.

# ---- Dependencies: every Debian package the project needs, named here and nowhere else.
DEBS_BUILD = gcc make pkg-config libfcgi-dev libsqlite3-dev clearsilver-dev libcsv-dev \
             libsodium-dev libcmocka-dev zlib1g-dev libxlsxwriter-dev libcairo2-dev \
             libcurl4-openssl-dev libjansson-dev libical-dev
DEBS_RUN   = nginx spawn-fcgi multiwatch sqlite3 curl
DEBS_TEST  = apache2 libapache2-mod-fcgid chromium fcgiwrap valgrind libxml2-utils poppler-utils unzip sqlmap wrk python3 \
             clang libclang-rt-14-dev python3-aiosmtpd python3-icalendar \
             tryton-server tryton-modules-account-invoice tryton-modules-account-de-skr03 tryton-proteus
DEBS       = $(DEBS_BUILD) $(DEBS_RUN) $(DEBS_TEST)

PORT    ?= 8080
SAN     ?=
CC      ?= cc
BUILD   := build$(if $(SAN),/san,)
VAR     ?= var

CFLAGS_BASE = -std=c17 -D_GNU_SOURCE -Wall -Wextra -Werror -Wformat=2 -Werror=format-security \
              -Wno-unused-parameter -I/usr/include/ClearSilver -Icgi-bin/lib -Icgi-bin \
              $(shell pkg-config --cflags cairo 2>/dev/null || echo -I/usr/include/cairo)
ifeq ($(SAN),1)
CFLAGS  = $(CFLAGS_BASE) -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
LDSAN   = -fsanitize=address,undefined
else
CFLAGS  = $(CFLAGS_BASE) -O2 -g
LDSAN   =
endif
# The libraries whose -dev package ships a static archive (ClearSilver ships nothing else) are linked
# into the executables: as plain CGI every request starts a process, and each shared library costs it
# loading and relocation (page faults). SAN builds link them shared. libxlsxwriter and cairo (export
# only; cairo comes through pkg-config, which deps-build installs first), libcurl and libical (mail
# and feeds: their static archives pull in TLS and more), libm and libc stay shared.
LIBS_STATIC = -lfcgi -lsqlite3 -lsodium -lcsv -lz
ifeq ($(SAN),1)
LIBS_LINKED = $(LIBS_STATIC)
else
LIBS_LINKED = -Wl,-Bstatic $(LIBS_STATIC) -Wl,-Bdynamic
endif
LDLIBS  = -lneo_cgi -lneo_cs -lneo_utl $(LIBS_LINKED) -lxlsxwriter -ljansson \
          $(shell pkg-config --libs cairo 2>/dev/null || echo -lcairo) \
          $(shell pkg-config --libs libcurl libical 2>/dev/null || echo -lcurl -lical) -lm

# The library in its layers (DESIGN.md) and the screens; every page links all of it.
LIB_SRC   = $(wildcard cgi-bin/lib/*/*.c) $(wildcard cgi-bin/ui/*.c)
LIB_OBJ   = $(patsubst cgi-bin/%.c,$(BUILD)/obj/%.o,$(LIB_SRC))
LIB_HDR   = $(wildcard cgi-bin/lib/*/*.h) $(wildcard cgi-bin/ui/*.h)
PAGE_SRC  = $(wildcard cgi-bin/*.c)
PAGES     = $(patsubst cgi-bin/%.c,$(BUILD)/%.fcgi,$(PAGE_SRC))
UNIT_SRC  = $(wildcard tests/unit/test_*.c)
UNITS     = $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))

.PHONY: all deps deps-build codecheck run stop test unit valgrind bench fuzz clean install bundle
all: deps-build codecheck $(PAGES) $(BUILD)/wagenbuch-admin $(BUILD)/wb-cron

# codecheck: the layer rules of DESIGN.md; a violation fails the build (tools/codecheck.sh says which).
codecheck:
	@tools/codecheck.sh

# deps installs what is missing and nothing else; a second run does nothing.
deps:
	@tools/deps.sh $(DEBS)
	@tools/deps.sh --npm tests
deps-build:
	@tools/deps.sh $(DEBS_BUILD)

$(BUILD)/obj/%.o: cgi-bin/%.c $(LIB_HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/libwb.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/%.fcgi: cgi-bin/%.c $(BUILD)/libwb.a $(LIB_HDR)
	$(CC) $(CFLAGS) -o $@ $< $(BUILD)/libwb.a $(LDSAN) $(LDLIBS)

# The operator's command (tools/admin/): the same library, no page of its own.
$(BUILD)/wagenbuch-admin: tools/admin/wagenbuch-admin.c $(BUILD)/libwb.a $(LIB_HDR)
	$(CC) $(CFLAGS) -o $@ $< $(BUILD)/libwb.a $(LDSAN) $(LDLIBS)

# wb-cron: the background command (outbox, reminders, expiries), run every minute.
$(BUILD)/wb-cron: tools/wb-cron.c $(BUILD)/libwb.a $(LIB_HDR)
	$(CC) $(CFLAGS) -o $@ $< $(BUILD)/libwb.a $(LDSAN) $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/testdb.h $(BUILD)/libwb.a $(LIB_HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $< $(BUILD)/libwb.a $(LDSAN) $(LDLIBS) -lcmocka

# install: the layout of deploy/README.md under $(DESTDIR)$(PREFIX) and nothing else (no database,
# no demo data, no directories outside PREFIX): the pages in lib/wagenbuch, wagenbuch-admin in bin,
# templates, static files and migrations in share/wagenbuch.
PREFIX  ?= /usr
DESTDIR ?=
INSTDIR  = $(DESTDIR)$(PREFIX)
install: all
	install -d $(INSTDIR)/lib/wagenbuch $(INSTDIR)/bin $(INSTDIR)/share/wagenbuch/schema
	install -m 0755 $(PAGES) $(INSTDIR)/lib/wagenbuch/
	install -m 0755 $(BUILD)/wagenbuch-admin $(BUILD)/wb-cron $(INSTDIR)/bin/
	install -m 0644 schema/[0-9][0-9][0-9]_*.sql $(INSTDIR)/share/wagenbuch/schema/
	set -e; for d in templates htdocs; do \
		find $$d -type d -exec install -d $(INSTDIR)/share/wagenbuch/{} \; ; \
		find $$d -type f -exec install -m 0644 {} $(INSTDIR)/share/wagenbuch/{} \; ; \
	done

# bundle: build/wagenbuch-shared-hosting-VERSION.tar.gz (tools/bundle.sh, INSTALL.txt): the pages
# linked for hosts without Debian's libraries: everything Debian ships as a static archive (cairo and
# its font stack included) linked in, non-PIE; libxlsxwriter, libcurl, jansson, libical (shared only) and what they need go into
# the bundle's wagenbuch/lib, found through DT_RPATH (transitive, unlike RUNPATH) $ORIGIN-relative.
BUNDLE_VERSION ?= $(shell git describe --tags --always 2>/dev/null || echo dev)
BUNDLE_CAIRO    = $(filter-out -pthread -lm -lpthread,$(shell pkg-config --static --libs cairo 2>/dev/null))
BUNDLE_LDLIBS   = -Wl,--disable-new-dtags -Wl,-rpath,'$$ORIGIN/../../wagenbuch/lib' \
                  -Wl,-Bstatic -lneo_cgi -lneo_cs -lneo_utl -lfcgi -lsqlite3 -lsodium -lcsv $(BUNDLE_CAIRO) -lz \
                  -Wl,-Bdynamic -lxlsxwriter -lcurl -ljansson -lical -lm -lpthread -ldl
BUNDLE_BINS     = $(patsubst cgi-bin/%.c,build/bundle/bin/%.cgi,$(PAGE_SRC))
build/bundle/bin/%.cgi: cgi-bin/%.c build/libwb.a $(LIB_HDR) tools/bundle/glibc_compat.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_BASE) -O2 -no-pie -o $@ $< tools/bundle/glibc_compat.c build/libwb.a \
		-Wl,--wrap=arc4random_buf -Wl,--wrap=hypot $(BUNDLE_LDLIBS)
bundle:
	@test -z "$(SAN)" || { echo "make bundle: not with SAN" >&2; exit 2; }
	@$(MAKE) --no-print-directory all $(BUNDLE_BINS)
	@tools/bundle.sh build $(BUNDLE_VERSION)

# run: build, create var/wagenbuch.db with demo data when missing, start nginx + workers and wb-cron
# every minute.
run: deps all
	@tools/server.sh start --var $(VAR) --build $(BUILD) --port $(PORT) --demo --cron
stop:
	@tools/server.sh stop --var $(VAR)

# test: the whole suite; ends with a summary line CI reads.
test: deps all $(UNITS)
	@tools/test.sh --build $(BUILD) $(if $(SAN),--san,)

unit: deps-build $(UNITS)
	@tools/test.sh --build $(BUILD) --only unit

# valgrind: every unit test under memcheck; any error or definite/indirect leak fails.
valgrind: deps $(UNITS)
	@set -e; for t in $(UNITS); do \
		echo "== $$t"; \
		valgrind --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=9 -q $$t >/dev/null; \
	done; echo "valgrind: no errors, no leaks"

bench: deps all
	@tools/bench.sh --build $(BUILD)

fuzz: deps
	@tools/fuzz.sh

clean:
	rm -rf build
