# dtr build: `make` builds build/dtr; `make test` runs unit, sanitizer and
# end-to-end tests; `make run` shows the main one-liner on a workload;
# `make bench` measures dtr against bpftrace. Every target installs missing
# Debian packages first (`make deps`).

PREFIX  ?= /usr/local
BUILD   ?= build
CC      ?= cc
PKGS     = libtracefs libtraceevent libelf libdw capstone
CFLAGS_BASE = -std=gnu11 -Wall -Wextra -Werror -O2 -g -D_GNU_SOURCE -I. -I$(BUILD)
DEPS_PKGS = build-essential pkg-config libelf-dev libdw-dev libcriterion-dev \
            libtracefs-dev libtraceevent-dev libclang-dev linux-libc-dev bpftrace \
            libcapstone-dev systemtap-sdt-dev

.PHONY: all deps run test unit-test asan-test e2e-test bench install clean

all: deps
	@$(MAKE) --no-print-directory $(BUILD)/dtr

# deps: install only what is missing; apt-get update first on a fresh machine.
deps:
	@missing=""; for p in $(DEPS_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" != 0 ]; then echo "make deps: need root to install$$missing" >&2; exit 1; fi; \
	  DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null || exit 1; \
	fi

include build.mk

run: all
	@$(MAKE) --no-print-directory $(BUILD)/wl_getppid
	@sh tests/run-demo.sh $(BUILD)

test: deps
	@$(MAKE) --no-print-directory $(BUILD)/dtr
	@sh tests/run-all.sh $(BUILD)

bench: all
	@$(MAKE) --no-print-directory $(BUILD)/wl_getppid $(BUILD)/wl_work
	@sh bench/bench.sh $(BUILD)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/dtr/scripts
	install -m 755 $(BUILD)/dtr $(DESTDIR)$(PREFIX)/bin/dtr
	install -m 644 runtime/dtr.1 $(DESTDIR)$(PREFIX)/share/man/man1/dtr.1
	install -m 644 scripts/*.d $(DESTDIR)$(PREFIX)/share/dtr/scripts/

clean:
	rm -rf $(BUILD) build-asan
