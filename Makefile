# dtr build: `make` builds build/dtr; `make test` runs unit, sanitizer and
# end-to-end tests; `make run` shows the main one-liner on a workload;
# `make bench` measures dtr against bpftrace. Every target installs missing
# Debian packages first (`make deps`).

PREFIX  ?= /usr/local
BUILD   ?= build
CC      ?= cc
PKGS     = libtracefs libtraceevent libelf libdw capstone libbpf
CFLAGS_BASE = -std=gnu11 -Wall -Wextra -Werror -O2 -g -D_GNU_SOURCE -I. -I$(BUILD)
DEPS_PKGS = build-essential pkg-config libelf-dev libdw-dev libcriterion-dev \
            libtracefs-dev libtraceevent-dev libclang-dev linux-libc-dev bpftrace \
            libcapstone-dev systemtap-sdt-dev libbpf-dev

.PHONY: all deps run test test-vm test-loaded soak unit-test asan-test e2e-test bench install clean conformance

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
	@command -v valgrind >/dev/null 2>&1 || { echo "installing: valgrind"; \
	  DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null; } || true
	@$(MAKE) --no-print-directory $(BUILD)/wl_getppid $(BUILD)/wl_percpu $(BUILD)/wl_work $(BUILD)/wl_exec $(BUILD)/vmbench $(BUILD)/session $(BUILD)/floor
	@sh bench/bench.sh $(BUILD)

# test-vm: the fbt tests inside a qemu guest running Debian's stock kernel
# (it has kprobes), unpacked under $(BUILD)/vm without install hooks;
# installs qemu, busybox-static and cpio when missing
VM_PKGS = qemu-system-x86 busybox-static cpio
test-vm: all
	@$(MAKE) --no-print-directory DEPS_PKGS='$(VM_PKGS)' deps
	@if ! ls $(BUILD)/vm/boot/vmlinuz-* >/dev/null 2>&1; then \
	  mkdir -p $(BUILD)/vm && cd $(BUILD)/vm && \
	  pkg=$$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-[0-9]/{print $$2; exit}') && \
	  echo "unpacking the guest kernel $$pkg" && apt-get download -q "$$pkg" >/dev/null && \
	  dpkg-deb --fsys-tarfile "$$pkg"_*.deb | tar -x ./boot && rm -f "$$pkg"_*.deb; \
	fi
	@sh tests/vm/run.sh $(BUILD)

# the end-to-end suite with both CPUs busy (CI runs it too)
test-loaded: deps
	@$(MAKE) --no-print-directory -s $(BUILD)/dtr workloads
	@sh tests/run-loaded.sh $(BUILD)

# SOAK_TIME seconds (default 600) of a flood traced with printa() every second
soak: all
	@$(MAKE) --no-print-directory -s $(BUILD)/wl_percpu
	@sh tests/soak.sh $(BUILD)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/dtr/scripts
	install -m 755 $(BUILD)/dtr $(DESTDIR)$(PREFIX)/bin/dtr
	install -m 644 runtime/dtr.1 $(DESTDIR)$(PREFIX)/share/man/man1/dtr.1
	install -m 644 scripts/*.d $(DESTDIR)$(PREFIX)/share/dtr/scripts/

clean:
	rm -rf $(BUILD) build-asan

# conformance: Oracle's DTrace test suite (test/unittest of a checkout of
# oracle/dtrace-utils, branch devel) against dtr; not part of `make test`.
conformance: all
	@if [ -z "$(DTRACE_UTILS)" ]; then \
	  echo "make conformance: set DTRACE_UTILS to a checkout of github.com/oracle/dtrace-utils (branch devel)," >&2; \
	  echo "  e.g. make conformance DTRACE_UTILS=/path/to/dtrace-utils" >&2; exit 2; fi
	@sh tests/conformance/dtrace-utils.sh $(BUILD)/dtr $(DTRACE_UTILS)

# fuzz: the libFuzzer harnesses of tests/fuzz/ (the compiler, the verifier
# with the VM, the perf record parser with the providers' decoders), built
# with clang under ASan+UBSan in build-fuzz/ and run FUZZ_TIME seconds each
# (default 600) by tests/fuzz/run.sh, which seeds them from tests/ and
# scripts/, keeps their corpora in build-fuzz/corpus/ and reports
# executions, coverage and findings. Installs clang when missing.
# FUZZ_AVOID_KNOWN=1 builds harnesses that step around the findings listed
# in tests/fuzz/regress/KNOWN, so that a run can look for new ones.
FUZZ_TIME ?= 600
FUZZ_BUILD = build-fuzz
FUZZ_HARNESSES = $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_CFLAGS = -std=gnu11 -g -O1 -D_GNU_SOURCE -I. -I$(FUZZ_BUILD) -fno-omit-frame-pointer \
	      -fsanitize=address,undefined -fno-sanitize-recover=undefined

.PHONY: fuzz
fuzz: deps
	@command -v clang >/dev/null 2>&1 || { echo "installing: clang"; \
	  DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang >/dev/null; } || exit 1
	@$(MAKE) --no-print-directory -s BUILD=$(FUZZ_BUILD) CC=clang \
	  CFLAGS='$(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link' $(FUZZ_BUILD)/libdtr.a
	@for h in $(FUZZ_HARNESSES); do \
	  echo "clang -fsanitize=fuzzer,address,undefined -o $(FUZZ_BUILD)/$$h tests/fuzz/$$h.c"; \
	  clang $(FUZZ_CFLAGS) -fsanitize=fuzzer $(if $(FUZZ_AVOID_KNOWN),-DFUZZ_AVOID_KNOWN) $(PKG_CFLAGS) \
	    -o $(FUZZ_BUILD)/$$h tests/fuzz/$$h.c $(FUZZ_BUILD)/libdtr.a $(PKG_LIBS) -lstdc++ -lpthread -lm -ldl \
	    || exit 1; \
	done
	@sh tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_TIME) $(FUZZ_HARNESSES)

# the unit test that replays tests/fuzz/regress/ compiles the harnesses in
$(BUILD)/tests/unit/test_fuzz_regress.o: $(wildcard tests/fuzz/*.c tests/fuzz/*.h)
