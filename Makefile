# Thin wrapper around CMake. `make run` and `make test` first install missing Debian packages.
BUILD       ?= build
BUILD_ASAN  ?= build-asan
BUILD_FUZZ  ?= build-fuzz
JOBS        ?= $(shell nproc 2>/dev/null || echo 2)
FUZZ_SECONDS ?= 15
CMAKE_FLAGS ?=

.PHONY: all deps build run test test-unit test-sanitize fuzz bench install format clean

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

# The whole suite: unit, golden and CLI tests, then the same under ASan+UBSan, then a short
# libFuzzer run of each harness when clang is available.
test: test-unit test-sanitize fuzz

test-unit: build
	ctest --test-dir $(BUILD) --output-on-failure --no-tests=error -j $(JOBS)

# Built with clang when it is there, so that both compilers see every file with -Werror.
SAN_CC ?= $(shell command -v clang >/dev/null 2>&1 && echo clang || echo cc)

test-sanitize: deps
	CC=$(SAN_CC) cmake -S . -B $(BUILD_ASAN) -DCMAKE_BUILD_TYPE=Debug -DSCOOT_SANITIZE=ON $(CMAKE_FLAGS)
	cmake --build $(BUILD_ASAN) -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --test-dir $(BUILD_ASAN) --output-on-failure --no-tests=error -j $(JOBS)

fuzz: deps
	@if command -v clang >/dev/null 2>&1; then \
	  CC=clang cmake -S . -B $(BUILD_FUZZ) -DCMAKE_BUILD_TYPE=Debug -DSCOOT_FUZZ=ON -DSCOOT_TESTS=OFF $(CMAKE_FLAGS) && \
	  cmake --build $(BUILD_FUZZ) -j $(JOBS) --target fuzz_kb fuzz_case fuzz_import fuzz_time && \
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

install: build
	cmake --install $(BUILD)

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD) $(BUILD_ASAN) $(BUILD_FUZZ)
