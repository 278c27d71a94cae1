# weft: `make run` builds and runs the demo, `make test` builds and runs every test.
# Both install missing Debian packages first (scripts/install-deps.sh).
BUILD ?= build
ASAN_BUILD ?= build-asan
JOBS ?= 2
CMAKE_FLAGS ?=

.PHONY: all deps build run test unit-test asan-test spec-test fuzz bench clean

all: build

deps:
	@scripts/install-deps.sh

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS)

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD) -j$(JOBS)

run: build
	@scripts/demo.sh $(BUILD)/weft

# Every test: unit, spec suites and end-to-end (ctest), then the unit tests under ASan+UBSan.
test: build
	scripts/jco.sh --install
	cd $(BUILD) && ctest -j$(JOBS) --output-on-failure --timeout 900
	$(MAKE) asan-test

# The unit tests under ASan+UBSan run in one process: under ctest each test is its own
# process, and ASan's start-up (~1 s) made that stage take minutes instead of seconds.
asan-test: deps
	cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DWEFT_SANITIZE=ON
	ninja -C $(ASAN_BUILD) -j$(JOBS) weft_unit_tests
	cd $(ASAN_BUILD)/tests && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ./weft_unit_tests --gtest_brief=1

spec-test: build
	cd $(BUILD) && ctest -L spec -j$(JOBS) --output-on-failure

fuzz:
	WEFT_DEPS_FUZZ=1 scripts/install-deps.sh
	scripts/fuzz.sh

# Whole-program ratios against native and Node, then the engine microbenchmarks, then
# calls across composed / run-time linked components against native calls and jco.
bench: build
	scripts/bench.sh $(BUILD)/weft
	cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DWEFT_BENCH=ON -DWEFT_TESTS=OFF
	ninja -C build-bench -j$(JOBS) weft_micro_bench
	build-bench/bench/weft_micro_bench
	ninja -C build-bench -j$(JOBS) weft_component_bench
	build-bench/bench/weft_component_bench
	ninja -C build-bench -j$(JOBS) weft_compose_bench
	python3 bench/compose/run.py --weft $(BUILD)/weft

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) build-fuzz build-bench
