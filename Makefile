# Thin wrapper around CMake. `make run` and `make test` first install missing Debian packages.
BUILD       ?= build
BUILD_ASAN  ?= build-asan
BUILD_FUZZ  ?= build-fuzz
BUILD_VALGRIND ?= build-valgrind
JOBS        ?= $(shell nproc 2>/dev/null || echo 2)
FUZZ_SECONDS ?= 15
SOAK_SECONDS ?= 600
SOAK_SHORT_SECONDS ?= 25
CMAKE_FLAGS ?=

.PHONY: all deps build run test test-unit test-valgrind test-sanitize valgrind fuzz bench soak install format clean

all: build

deps:
	@sh tools/install-deps.sh

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS)

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

# The web app and API on http://127.0.0.1:8080/ (the journal in the default place).
run: build
	@$(BUILD)/scoot serve

# The whole suite: unit, golden and CLI tests, the quick unit tests under valgrind's memcheck,
# then the same under ASan+UBSan, then a short libFuzzer run of each harness when clang is
# available.
test: test-unit test-valgrind test-sanitize fuzz

test-unit: build
	ctest --test-dir $(BUILD) --output-on-failure --no-tests=error -j $(JOBS)

# Built with clang when it is there, so that both compilers see every file with -Werror.
SAN_CC ?= $(shell command -v clang >/dev/null 2>&1 && echo clang || echo cc)

test-sanitize: deps
	CC=$(SAN_CC) cmake -S . -B $(BUILD_ASAN) -DCMAKE_BUILD_TYPE=Debug -DSCOOT_SANITIZE=ON $(CMAKE_FLAGS)
	cmake --build $(BUILD_ASAN) -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --test-dir $(BUILD_ASAN) --output-on-failure --no-tests=error -j $(JOBS)

# The unit tests that take seconds under memcheck (about 10 s): uninitialised reads, which
# ASan does not see (the unit tests are linked dynamically in any build).
test-valgrind: build
	VALGRIND_JOBS=$(JOBS) sh tools/valgrind.sh $(BUILD) . quick

# valgrind's memcheck over the unit tests and every run of scoot in the command-line tests: no
# memory error, no definite leak (tools/valgrind.sh). The command is linked dynamically here, so
# that memcheck sees the C library's allocator.
valgrind: deps
	cmake -S . -B $(BUILD_VALGRIND) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSCOOT_STATIC_CLI=OFF $(CMAKE_FLAGS)
	cmake --build $(BUILD_VALGRIND) -j $(JOBS)
	VALGRIND_JOBS=$(JOBS) sh tools/valgrind.sh $(BUILD_VALGRIND) . all

fuzz: deps
	@if command -v clang >/dev/null 2>&1; then \
	  CC=clang cmake -S . -B $(BUILD_FUZZ) -DCMAKE_BUILD_TYPE=Debug -DSCOOT_FUZZ=ON -DSCOOT_TESTS=OFF $(CMAKE_FLAGS) && \
	  cmake --build $(BUILD_FUZZ) -j $(JOBS) --target fuzz_kb fuzz_case fuzz_import fuzz_time fuzz_api fuzz_http && \
	  sh fuzz/run.sh $(BUILD_FUZZ) $(FUZZ_SECONDS); \
	else echo "fuzz: clang not found; skipping the fuzz run"; fi

bench: build
	@$(BUILD)/bench/bench_engine tests/golden/cases.json
	@$(BUILD)/bench/bench_questions tests/golden/cases.json
	@$(BUILD)/bench/bench_cli $(BUILD)/scoot tests/golden/cases.json
	@$(BUILD)/bench/bench_journal $(BUILD)/bench-data
	@$(BUILD)/bench/bench_report $(BUILD)/bench-data
	@node bench/bench_history.mjs $(BUILD)/scoot $(BUILD)/scoot-server
	@sh bench/bench_http.sh $(BUILD)/scoot-server bench/case.json
	@sh bench/bench_slow.sh $(BUILD)/scoot-server 5000
	@sh bench/soak.sh $(BUILD)/scoot-server $(SOAK_SHORT_SECONDS)

# scoot serve under mixed load for SOAK_SECONDS (10 minutes): memory flat after warm-up,
# descriptors stable, no 5xx, no connection error (make bench runs it for 25 s)
soak: build
	@sh bench/soak.sh $(BUILD)/scoot-server $(SOAK_SECONDS)

install: build
	cmake --install $(BUILD)

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD) $(BUILD_ASAN) $(BUILD_FUZZ) $(BUILD_VALGRIND)
