# SPDX-License-Identifier: GPL-2.0-or-later
# mpsk — one non-recursive Makefile.
#
#   make            build everything (build/)
#   make run        start the whole system with demo data (scripts/run.sh)
#   make stop       stop what `make run` started
#   make test       every test, then all of them again under ASan+UBSan
#   make asan       build the sanitizer variant only (build-asan/)
#   make fuzz       build the libFuzzer targets (clang) and run each briefly
#   make bench      benchmarks (docs/BENCHMARKS.md)
#   make check      style and static checks
#
# build/rlm_mpsk/rlm_mpsk.so is the FreeRADIUS module (rlm_mpsk/README.md);
# scripts/freeradius-headers.sh fetches the headers it needs that Debian's
# libfreeradius-dev lacks (into var/freeradius/, once).
#
# New sources need no edit here: core/*.c, server/*.c, api/*.c, portal/*.c,
# tools/*.c, tests/unit/test_*.c and fuzz/fuzz_*.c are found by wildcard.

CC       ?= cc
BUILD    ?= build

# run, test, bench, fuzz, stop and clean compile nothing here: their scripts
# install the Debian packages first (scripts/deps.sh), then call make
# again. So on a fresh machine no compiler and no pkg-config lookup is
# needed before the packages are there.
SCRIPT_GOALS := run stop test test-fast fuzz bench clean
BUILD_GOALS  := $(filter-out $(SCRIPT_GOALS),$(or $(MAKECMDGOALS),all))
ifneq ($(BUILD_GOALS),)
ifeq ($(shell command -v $(CC) 2>/dev/null),)
$(error no C compiler ($(CC)): run scripts/deps.sh first, or just `make run` / `make test`, which install what mpsk needs)
endif
PKG_CFLAGS := $(shell pkg-config --cflags fcgi json-c libmicrohttpd libmariadb libqrencode libsodium libcrypto libpng cairo pangocairo fontconfig 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs fcgi json-c libmicrohttpd libmariadb libqrencode libsodium libcrypto libpng cairo pangocairo fontconfig 2>/dev/null)
endif

WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wformat=2 -Wvla
HARDEN   := -fstack-protector-strong -fPIE -D_FORTIFY_SOURCE=3
OPT      ?= -O2 -g
CFLAGS   ?=
CFLAGS   += -std=c17 -D_GNU_SOURCE $(WARN) $(OPT) $(PKG_CFLAGS) -I. -MMD -MP
ifeq ($(SANITIZE),1)
  HARDEN := -fPIE
  CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
  LDFLAGS += -fsanitize=address,undefined
endif
CFLAGS   += $(HARDEN)
LDFLAGS  += -pie -Wl,-z,relro,-z,now
LDLIBS   += $(PKG_LIBS) -lpthread -lm

CORE_SRC   := $(sort $(wildcard core/*.c))
SERVER_SRC := $(sort $(wildcard server/*.c api/*.c portal/*.c))
TOOL_SRC   := $(sort $(wildcard tools/*.c))
UNIT_SRC   := $(sort $(wildcard tests/unit/test_*.c))
BENCH_SRC  := $(sort $(wildcard bench/*.c))

CORE_OBJ   := $(CORE_SRC:%.c=$(BUILD)/%.o)
SERVER_OBJ := $(SERVER_SRC:%.c=$(BUILD)/%.o)
CORE_LIB   := $(BUILD)/libmpskcore.a
# Everything of the program but main(), so unit tests can reach the router,
# the front doors' helpers and the API's validation.
SERVER_LIB := $(BUILD)/libmpskserver.a
MPSK       := $(BUILD)/mpsk
TOOLS      := $(TOOL_SRC:tools/%.c=$(BUILD)/%)
UNIT_BINS  := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
BENCH_BINS := $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)

# rlm_mpsk: a shared object loaded by Debian's FreeRADIUS. The same
# warnings; -fPIC instead of PIE; FreeRADIUS's headers as system headers
# (their own warnings are not ours). Never sanitized, also in build-asan/:
# Debian's freeradius binary is not, and an ASan-instrumented .so needs
# the ASan runtime loaded first into the process that dlopen()s it.
RLM_SO     := $(BUILD)/rlm_mpsk/rlm_mpsk.so
FR_HEADERS := var/freeradius/include/freeradius/.version
RLM_CFLAGS  = -std=c17 -D_GNU_SOURCE $(WARN) $(OPT) -fPIC -fstack-protector-strong \
	-D_FORTIFY_SOURCE=3 -DIS_MODULE=1 -isystem var/freeradius/include \
	$(RLM_DB_CFLAGS)
RLM_LIBS    = $(RLM_DB_LIBS) -lpthread
ifneq ($(BUILD_GOALS),)
RLM_DB_CFLAGS := $(shell pkg-config --cflags libmariadb 2>/dev/null)
RLM_DB_LIBS   := $(shell pkg-config --libs libmariadb 2>/dev/null)
endif

.PHONY: all run stop test test-fast asan fuzz bench check clean install
all: $(MPSK) $(TOOLS) $(UNIT_BINS) $(BENCH_BINS) $(RLM_SO)

$(FR_HEADERS):
	scripts/freeradius-headers.sh

$(RLM_SO): $(wildcard rlm_mpsk/*.c rlm_mpsk/*.h) $(FR_HEADERS)
	@mkdir -p $(@D)
	@echo "  CC $@"
	@$(CC) $(RLM_CFLAGS) -shared -Wl,-z,relro,-z,now -o $@ $(filter %.c,$^) $(RLM_LIBS)

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	@echo "  CC $<"
	@$(CC) $(CFLAGS) -c $< -o $@

$(CORE_LIB): $(CORE_OBJ)
	@mkdir -p $(@D)
	@rm -f $@ && ar rcs $@ $^

$(SERVER_LIB): $(filter-out $(BUILD)/server/main.o,$(SERVER_OBJ))
	@rm -f $@ && ar rcs $@ $^

$(MPSK): $(BUILD)/server/main.o $(SERVER_LIB) $(CORE_LIB)
	$(CC) $(LDFLAGS) -o $@ $(BUILD)/server/main.o $(SERVER_LIB) $(CORE_LIB) $(LDLIBS)

$(BUILD)/%: $(BUILD)/tools/%.o $(CORE_LIB)
	$(CC) $(LDFLAGS) -o $@ $< $(CORE_LIB) $(LDLIBS)

$(BUILD)/tests/%: $(BUILD)/tests/unit/%.o $(SERVER_LIB) $(CORE_LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $< $(SERVER_LIB) $(CORE_LIB) $(LDLIBS)

$(BUILD)/bench/%: $(BUILD)/bench/%.o $(CORE_LIB)
	$(CC) $(LDFLAGS) -o $@ $< $(CORE_LIB) $(LDLIBS)

run:
	scripts/run.sh

stop:
	scripts/stop.sh

# The README's test command: unit + integration tests, then the same suite
# under ASan+UBSan.
test:
	scripts/test.sh

# One pass without the sanitizer rerun, for quick local iteration.
test-fast:
	MPSK_TEST_NO_ASAN=1 scripts/test.sh

asan:
	$(MAKE) BUILD=build-asan SANITIZE=1 OPT="-O1 -g" all

fuzz:
	scripts/fuzz.sh

bench:
	scripts/bench.sh

check: all
	scripts/check.sh

install: all
	scripts/install.sh

clean:
	rm -rf build build-asan build-fuzz

-include $(CORE_OBJ:.o=.d) $(SERVER_OBJ:.o=.d)
-include $(TOOL_SRC:tools/%.c=$(BUILD)/tools/%.d) $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/unit/%.d)
-include $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%.d)
