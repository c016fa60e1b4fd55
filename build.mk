# Source lists and rules, included by Makefile (targets there install deps first).

SAN      ?=
CFLAGS   ?= $(CFLAGS_BASE) $(SAN)
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# capstone (probes/insn.c), libstdc++'s demangler (runtime/stacks.c) and
# libclang (dc/cimport.c) are dlopen'ed when first needed: linked, capstone
# alone would cost every start ~80,000 relocations
PKG_LIBS   := $(shell pkg-config --libs $(filter-out capstone,$(PKGS)) 2>/dev/null)
# dtr links them statically (libc stays shared): loading and relocating
# eight shared libraries was a third of its start-up
STATIC_LIBS := $(filter-out -pthread -lpthread,$(shell pkg-config --libs --static $(filter-out capstone,$(PKGS)) 2>/dev/null))
LIBS       = -Wl,-Bstatic $(STATIC_LIBS) -Wl,-Bdynamic -lpthread -lm -ldl

LIB_SRC  = $(wildcard dc/*.c probevm/*.c probes/*.c) $(filter-out runtime/main.c,$(wildcard runtime/*.c))
LIB_OBJ  = $(LIB_SRC:%.c=$(BUILD)/%.o)
UNIT_SRC = $(wildcard tests/unit/*.c)
UNIT_OBJ = $(UNIT_SRC:%.c=$(BUILD)/%.o)
HDRS     = $(wildcard dc/*.h probevm/*.h probes/*.h runtime/*.h) $(BUILD)/syscall_nr.h

# the syscalls' numbers, in name order (strcmp's: probes/syscall.c
# searches them by name)
$(BUILD)/syscall_nr.h: build.mk
	@mkdir -p $(BUILD)
	echo '#include <asm/unistd_64.h>' | $(CC) -dM -E - | \
	  sed -n 's/^#define __NR_\([a-z0-9_]*\) \([0-9][0-9]*\)$$/SYSCALL_NR(\1, \2)/p' | LC_ALL=C sort > $@.tmp
	mv $@.tmp $@

$(BUILD)/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -c $< -o $@

$(BUILD)/libdtr.a: $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/dtr: $(BUILD)/runtime/main.o $(BUILD)/libdtr.a
	$(CC) $(CFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/unit: $(UNIT_OBJ) $(BUILD)/libdtr.a
	$(CC) $(CFLAGS) -o $@ $^ $(LIBS) -lcriterion

# Workloads the end-to-end tests and benchmarks trace: one .c each.
$(BUILD)/wl_reads: WL_LDFLAGS = -static
$(BUILD)/wl_%: tests/workloads/wl_%.c tests/workloads/wl_getppid_loop.h
	@mkdir -p $(BUILD)
	$(CC) -std=gnu11 -Wall -Wextra -Werror -O2 -g -o $@ $< $(WL_LDFLAGS)

$(BUILD)/wl_%: tests/workloads/wl_%.cc
	@mkdir -p $(BUILD)
	$(CXX) -std=gnu++17 -Wall -Wextra -Werror -O2 -g -o $@ $<

WORKLOADS = $(patsubst tests/workloads/%.c,$(BUILD)/%,$(wildcard tests/workloads/wl_*.c)) \
	    $(patsubst tests/workloads/%.cc,$(BUILD)/%,$(wildcard tests/workloads/wl_*.cc))
workloads: $(WORKLOADS)
.PHONY: workloads

# the VM micro-benchmark `make bench` runs (natively and under callgrind)
$(BUILD)/vmbench: bench/vmbench.c $(BUILD)/libdtr.a
	$(CC) $(CFLAGS) -o $@ $< $(BUILD)/libdtr.a $(LIBS)
# its clock for one traced session
$(BUILD)/session: bench/session.c
	$(CC) $(CFLAGS) -o $@ $<
# the start-up floor it measures beside the tracers
$(BUILD)/floor: bench/floor.c
	$(CC) $(CFLAGS) -o $@ $<
