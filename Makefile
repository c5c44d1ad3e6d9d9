# govsim — the two commands of the README quick start:
#   make demo   install what is missing, build, run the Kenli scenario and print its summary, then
#               compare the escalation policies on it and write an HTML report of the comparison
#   make test   install what is missing, build (Release), run every test
# Both are idempotent: installs are skipped when present, the build is incremental (Ninja + ccache).

BUILD_DIR ?= build
CMAKE     ?= cmake
CTEST     ?= ctest
JOBS      ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all deps configure build test test-all demo bench clean

all: build

deps:
	@scripts/install-deps.sh

PYTHON    ?= $(CURDIR)/.venv/bin/python

configure: deps
	@$(CMAKE) -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release -DGOVSIM_BUILD_PYTHON=ON \
	  -DPython3_EXECUTABLE=$(PYTHON) -Dpybind11_DIR=$$($(PYTHON) -m pybind11 --cmakedir) >/dev/null

build: configure
	@$(CMAKE) --build $(BUILD_DIR) -j $(JOBS)

# Unit and statistical tests; the "slow" label (large Erlang C loads, a year of the 10M city) is left to test-all.
test: build
	@$(CTEST) --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS) -LE slow

test-all: build
	@$(CTEST) --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)

demo: build
	@$(BUILD_DIR)/bin/govsim validate scenarios/kenli.json
	@$(BUILD_DIR)/bin/govsim run scenarios/kenli.json --out out/kenli
	@echo
	@$(BUILD_DIR)/bin/govsim compare scenarios/kenli.json --policies tiered,sla_escalation,closed_loop,deliberation_day,major_decision,whistle,volunteer_dispatch --issues --out out/kenli-compare
	@echo
	@PYTHONPATH=$(CURDIR)/$(BUILD_DIR)/python $(PYTHON) -m govsim report out/kenli-compare -o out/kenli-report.html

bench: build
	@$(BUILD_DIR)/bench/govsim_bench --benchmark_counters_tabular=true

clean:
	rm -rf $(BUILD_DIR) out
