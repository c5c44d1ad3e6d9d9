# govsim — the two commands of the README quick start:
#   make demo   install what is missing, build, run the Kenli scenario and print its summary, then
#               compare the escalation policies on it and write an HTML report of the comparison
#   make test   install what is missing, build (Release), run every test
# Both are idempotent: installs are skipped when present, the build is incremental (Ninja + ccache).

BUILD_DIR ?= build
CMAKE     ?= cmake
CTEST     ?= ctest
JOBS      ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all deps configure build test test-all demo bench clean fuzz-build fuzz test-asan golden

all: build

deps:
	@scripts/install-deps.sh

PYTHON    ?= $(CURDIR)/.venv/bin/python

configure: deps
	@$(CMAKE) -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release -DGOVSIM_BUILD_PYTHON=ON \
	  -DPython3_EXECUTABLE=$(PYTHON) -Dpybind11_DIR=$$($(PYTHON) -m pybind11 --cmakedir) >/dev/null

build: configure
	@$(CMAKE) --build $(BUILD_DIR) -j $(JOBS)

# Unit and statistical tests, then a short fuzz (a fixed number of inputs, seeded); the "slow" label
# (large Erlang C loads, a year of the 10M city) is left to test-all.
test: build fuzz-build
	@$(CTEST) --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS) -LE slow
	@FUZZ_DIR=$(FUZZ_DIR) FUZZ_FRESH=1 scripts/fuzz.sh $(FUZZ_TEST_RUNS)
	@FUZZ_DIR=$(FUZZ_DIR) FUZZ_FRESH=1 FUZZ_TARGET=targets scripts/fuzz.sh $(FUZZ_TARGETS_TEST_RUNS)

# The fuzzer (tests/fuzz): the core built by clang with libFuzzer's coverage, ASan and UBSan.
FUZZ_DIR       ?= build-fuzz
FUZZ_RUNS      ?= 1000000
FUZZ_TEST_RUNS ?= 20000
FUZZ_TARGETS_TEST_RUNS ?= 20000
FUZZ_FLAGS      = -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
fuzz-build: deps
	@CC=clang-14 CXX=clang++-14 $(CMAKE) -S . -B $(FUZZ_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DGOVSIM_BUILD_TESTS=OFF -DGOVSIM_BUILD_BENCH=OFF -DGOVSIM_BUILD_CLI=OFF -DGOVSIM_BUILD_FUZZER=ON \
	  "-DCMAKE_CXX_FLAGS=$(FUZZ_FLAGS)" >/dev/null
	@$(CMAKE) --build $(FUZZ_DIR) -j $(JOBS)

# A long fuzz: FUZZ_RUNS inputs (default a million) on all cores.
fuzz: fuzz-build
	@FUZZ_DIR=$(FUZZ_DIR) scripts/fuzz.sh $(FUZZ_RUNS) 0 $(JOBS)
	@FUZZ_DIR=$(FUZZ_DIR) FUZZ_TARGET=targets scripts/fuzz.sh $$(( $(FUZZ_RUNS) / 10 )) 0 $(JOBS)

# The whole test suite built with AddressSanitizer and UndefinedBehaviorSanitizer (gcc), slow ones included.
ASAN_DIR   ?= build-asan
ASAN_FLAGS  = -fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=all -fno-omit-frame-pointer
test-asan: deps
	@$(CMAKE) -S . -B $(ASAN_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGOVSIM_BUILD_PYTHON=ON \
	  -DPython3_EXECUTABLE=$(PYTHON) -Dpybind11_DIR=$$($(PYTHON) -m pybind11 --cmakedir) \
	  "-DCMAKE_CXX_FLAGS=$(ASAN_FLAGS)" "-DCMAKE_EXE_LINKER_FLAGS=$(ASAN_FLAGS)" "-DCMAKE_SHARED_LINKER_FLAGS=$(ASAN_FLAGS)" \
	  "-DCMAKE_MODULE_LINKER_FLAGS=$(ASAN_FLAGS)" \
	  "-DGOVSIM_TEST_PRELOAD=$$(gcc -print-file-name=libasan.so):$$(gcc -print-file-name=libubsan.so)" >/dev/null
	@$(CMAKE) --build $(ASAN_DIR) -j $(JOBS)
	@ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  $(CTEST) --test-dir $(ASAN_DIR) --output-on-failure -j $(JOBS) --timeout 3000 $(ASAN_CTEST_ARGS)

# Re-records the outputs cli.golden compares byte for byte (tests/golden/). Only for a change that
# must alter numbers, and its commit says so.
golden: build
	@$(CMAKE) -DGOVSIM=$(BUILD_DIR)/bin/govsim -DSOURCE=$(CURDIR) -DWORK=$(BUILD_DIR)/golden -DRECORD=ON -P tests/cli/golden.cmake

test-all: build
	@$(CTEST) --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)

demo: build
	@$(BUILD_DIR)/bin/govsim validate scenarios/kenli.json
	@$(BUILD_DIR)/bin/govsim run scenarios/kenli.json --out out/kenli
	@echo
	@$(BUILD_DIR)/bin/govsim compare scenarios/kenli.json --policies process --variants scenarios/variants/kenli-whatif.json --out out/kenli-whatif
	@echo
	@$(BUILD_DIR)/bin/govsim compare scenarios/kenli.json --policies tiered,sla_escalation,closed_loop,deliberation_day,major_decision,whistle,volunteer_dispatch --issues --out out/kenli-compare
	@echo
	@PYTHONPATH=$(CURDIR)/$(BUILD_DIR)/python $(PYTHON) -m govsim report out/kenli-compare -o out/kenli-report.html

bench: build
	@$(BUILD_DIR)/bench/govsim_bench --benchmark_counters_tabular=true

clean:
	rm -rf $(BUILD_DIR) $(FUZZ_DIR) $(ASAN_DIR) out
