# swift-sentinel: build, test, demo and benchmark entry points.
#
#   make run        build (release) and start a demo: 1 master, 2 replicas, 3 swift-sentinels
#   make test       unit tests and integration tests (real redis-server / redis-sentinel; installs
#                   PyPI redis for the redis-py client test when missing)
#   make build      release build: .build/release/swift-sentinel
#   make simulate   deterministic simulation: SEEDS=N schedules (default 10000), FIRST=S first seed,
#                   FAMILY=faults|forced|forced-alone|coordinated|partition (default faults; forced adds
#                   SENTINEL FAILOVER [COORDINATED]; coordinated: a COORDINATED failover alone, no write
#                   lost; partition: Jepsen's cut, writes lost only before the fence, or one process
#                   cut off alone, nothing fenced or failed over);
#                   make simulate-seed SEED=S [FAMILY=f] replays one schedule with its whole trace
#   make fuzz       libFuzzer on one parser: TARGET=query|config|info|hello|glob|acl|dispatch (default glob),
#                   SECONDS=n (default 60); new inputs go to .build-fuzz/corpus/TARGET, crashes to
#                   .build-fuzz/artifacts/; make fuzz-merge TARGET=x merges them into Tests/FuzzCorpus/x.
#                   FUZZ_ARGS="-fork=1 -ignore_crashes=1" keeps going past a known crash
#                   make fuzz-replay (part of make test): the seed corpus + FUZZ_RUNS seeded mutations
#                   (default 100000) per target, without libFuzzer
#   make bench      side by side with redis-sentinel; SCENARIO=query|failover|failover-stop|failover-force|scale|
#                   partition|split|all|mass-failover (split: root), BENCH_ARGS="--runs 5" for more options (scripts/bench/README.md)
#   make lint       swift format lint --strict with the checked-in .swift-format, and no hand-written
#                   Swift file over 400 lines (CI runs it); make format rewrites the files in place
#   make generate   regenerates Sources/SentinelCore/Generated/ from redis-sentinel 7.0.15
#   make deps       install what is missing (libhiredis-dev, pkg-config, redis-server, redis-sentinel, redis-tools,
#                   nftables: the partition tests and the split benchmark cut loopback addresses with nft, as root)
#   make clean      remove build products (make distclean: the whole .build, dependencies too)

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

SWIFT ?= swift
SCENARIO ?= query
SEEDS ?= 10000
FAMILY ?= faults
FIRST ?= 1
SEED ?= 1
BENCH_ARGS ?=
TARGET ?= glob
SECONDS ?= 60
FUZZ_RUNS ?= 100000
FUZZ_ARGS ?=
# -sanitize=fuzzer instruments every Swift module; -DSENTINEL_LIBFUZZER makes sentinel-fuzz's main
# call libFuzzer's driver. ld.gold crashes linking it (format_file_lineno), lld links it.
FUZZ_BUILD := $(SWIFT) build -c release --product sentinel-fuzz --scratch-path .build-fuzz \
	-Xswiftc -sanitize=fuzzer -Xswiftc -DSENTINEL_LIBFUZZER -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld
FUZZ_BIN := .build-fuzz/release/sentinel-fuzz
APT_PACKAGES := libhiredis-dev pkg-config redis-server redis-sentinel redis-tools nftables

.PHONY: all deps python-redis build test lint format generate run simulate simulate-seed fuzz fuzz-build fuzz-merge fuzz-replay bench clean distclean

all: build

# Installs only when something is missing. apt on Debian starts redis-server and redis-sentinel
# as services right after install; a temporary policy-rc.d (exit 101) prevents that, and a
# service this target installed that started anyway is stopped (one that was already installed
# is left alone): the tests and the demo start their own processes.
deps:
	@missing=""; \
	command -v pkg-config >/dev/null 2>&1 || missing="$$missing pkg-config"; \
	if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists hiredis; then missing="$$missing libhiredis-dev"; fi; \
	command -v redis-server >/dev/null 2>&1 || missing="$$missing redis-server"; \
	command -v redis-sentinel >/dev/null 2>&1 || missing="$$missing redis-sentinel"; \
	command -v redis-cli >/dev/null 2>&1 || missing="$$missing redis-tools"; \
	command -v nft >/dev/null 2>&1 || missing="$$missing nftables"; \
	if [ -z "$$missing" ]; then echo "deps: all present (hiredis $$(pkg-config --modversion hiredis), redis $$(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/'), $$(nft --version))"; exit 0; fi; \
	echo "deps: missing:$$missing; installing: $(APT_PACKAGES)"; \
	if [ "$$(id -u)" -eq 0 ]; then SUDO=""; \
	elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; \
	else echo "deps: error: missing$$missing, and not root and no sudo. Install as root:" >&2; \
	     echo "  apt-get update && apt-get install -y $(APT_PACKAGES)" >&2; exit 1; fi; \
	if ! command -v apt-get >/dev/null 2>&1; then \
	     echo "deps: error: missing$$missing and no apt-get here; install hiredis (pkg-config 'hiredis'), pkg-config, Redis 7 (redis-server, redis-sentinel, redis-cli) and nftables (nft) yourself" >&2; exit 1; fi; \
	new_services=""; \
	command -v redis-server >/dev/null 2>&1 || new_services="$$new_services redis-server"; \
	command -v redis-sentinel >/dev/null 2>&1 || new_services="$$new_services redis-sentinel"; \
	policy=/usr/sbin/policy-rc.d; added_policy=""; \
	if [ ! -e "$$policy" ]; then \
	     printf '#!/bin/sh\n# added by swift-sentinel make deps, removed after install\nexit 101\n' | $$SUDO tee "$$policy" >/dev/null; \
	     $$SUDO chmod 755 "$$policy"; added_policy=1; fi; \
	status=0; \
	{ $$SUDO apt-get update && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(APT_PACKAGES); } || status=$$?; \
	if [ -n "$$added_policy" ]; then $$SUDO rm -f "$$policy"; fi; \
	for svc in $$new_services; do \
	     if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then \
	          $$SUDO systemctl stop "$$svc" >/dev/null 2>&1 || true; \
	     elif command -v service >/dev/null 2>&1; then \
	          $$SUDO service "$$svc" stop >/dev/null 2>&1 || true; fi; \
	done; \
	if [ "$$status" -ne 0 ]; then echo "deps: error: apt-get failed with status $$status" >&2; exit "$$status"; fi; \
	pkg-config --exists hiredis && command -v redis-server >/dev/null && command -v redis-sentinel >/dev/null \
	     && command -v redis-cli >/dev/null && command -v nft >/dev/null \
	     || { echo "deps: error: still missing something after install" >&2; exit 1; }; \
	echo "deps: installed"

# The Swift runtime is linked statically: only the code the daemon uses is mapped, which keeps
# its resident memory at redis-sentinel's level (BENCHMARKS.md, scale).
build: deps
	$(SWIFT) build -c release --static-swift-stdlib --product swift-sentinel

# Unit tests in parallel (pure, no processes); then the integration tests one at a time: they
# start real redis-server/redis-sentinel processes and time what they do, on a 2-core machine.
test: deps python-redis
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --skip IntegrationTests
	$(MAKE) simulate SEEDS=10000
	$(MAKE) simulate SEEDS=1000 FAMILY=forced
	$(MAKE) simulate SEEDS=200 FAMILY=forced-alone
	$(MAKE) simulate SEEDS=200 FAMILY=coordinated
	$(MAKE) simulate SEEDS=300 FAMILY=partition
	$(MAKE) fuzz-replay
	$(SWIFT) test --skip-build --filter IntegrationTests --no-parallel

# swift-format ships with the toolchain. Generated files carry `// swift-format-ignore-file`.
LINT_PATHS := Package.swift Sources Tests
# No hand-written Swift file over 400 lines: generated code (Generated/) and captured data
# (Fixtures/) excepted.
MAX_FILE_LINES := 400
lint:
	$(SWIFT) format lint --strict --recursive --parallel $(LINT_PATHS)
	@long=$$(find Sources Tests -name '*.swift' -not -path '*/Generated/*' -not -path '*/Fixtures/*' \
	     -exec awk -v max=$(MAX_FILE_LINES) 'END { if (NR > max) print FILENAME ": " NR " lines" }' {} \;); \
	if [ -n "$$long" ]; then echo "lint: over $(MAX_FILE_LINES) lines (split by what they hold):"; echo "$$long"; exit 1; fi

format:
	$(SWIFT) format format --in-place --recursive --parallel $(LINT_PATHS)

# The 7.0.15 command table (COMMAND INFO / DOCS) as redis-sentinel answers it: a throwaway
# redis-sentinel on a free port, scripts/gen-command-table.py, then the sentinel is stopped.
generate: deps
	@dir=$$(mktemp -d); port=$$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'); \
	printf 'port %s\nbind 127.0.0.1\nsentinel monitor generate 127.0.0.1 6379 2\n' "$$port" > "$$dir/sentinel.conf"; \
	redis-sentinel "$$dir/sentinel.conf" --logfile "$$dir/log" & pid=$$!; \
	for i in $$(seq 50); do redis-cli -p "$$port" ping >/dev/null 2>&1 && break; sleep 0.1; done; \
	status=0; python3 scripts/gen-command-table.py "$$port" || status=$$?; \
	kill "$$pid" 2>/dev/null || true; wait "$$pid" 2>/dev/null || true; rm -rf "$$dir"; exit $$status

# Tests/clients/redis_py_failover.py (ClientLibraryIntegrationTests) needs PyPI redis.
python-redis:
	@python3 -c 'import redis' 2>/dev/null || { echo "python-redis: installing PyPI redis"; python3 -m pip install --quiet redis; }
	@python3 -c 'import redis; print("python-redis: redis-py", redis.__version__)'

run: build
	./scripts/demo.sh

# The deterministic simulation, release-built (it depends on SentinelCore only, so that is quick).
# The seeds are split over two processes, one per core; each prints 'N passed, N failed'.
simulate:
	$(SWIFT) build -c release --product sentinel-simulate
	@half=$$(( $(SEEDS) / 2 )); rest=$$(( $(SEEDS) - half )); \
	.build/release/sentinel-simulate --family $(FAMILY) --first $(FIRST) --seeds $$half & a=$$!; \
	.build/release/sentinel-simulate --family $(FAMILY) --first $$(( $(FIRST) + half )) --seeds $$rest & b=$$!; \
	status=0; wait $$a || status=1; wait $$b || status=1; exit $$status

simulate-seed:
	$(SWIFT) run -c release sentinel-simulate --family $(FAMILY) --seed $(SEED)

# The fuzz targets without libFuzzer, release-built: every seed corpus file, then FUZZ_RUNS seeded
# mutations per target; prints 'N passed, N failed'. A failing input kills the process.
fuzz-replay:
	$(SWIFT) build -c release --product sentinel-fuzz
	.build/release/sentinel-fuzz --corpus Tests/FuzzCorpus --runs $(FUZZ_RUNS)

fuzz-build:
	$(FUZZ_BUILD)

# One libFuzzer process (one core): the committed seeds are read, new inputs are written to the
# scratch corpus (first directory), never to Tests/FuzzCorpus.
fuzz: fuzz-build
	@case " query config info hello glob acl dispatch " in *" $(TARGET) "*) ;; \
	  *) echo "fuzz: TARGET must be one of query config info hello glob acl dispatch" >&2; exit 2;; esac
	mkdir -p .build-fuzz/corpus/$(TARGET) .build-fuzz/artifacts
	SWIFT_BACKTRACE=enable=no SENTINEL_FUZZ_TARGET=$(TARGET) $(FUZZ_BIN) -max_total_time=$(SECONDS) -timeout=10 -rss_limit_mb=2048 \
	  -print_final_stats=1 -artifact_prefix=.build-fuzz/artifacts/$(TARGET)- $(FUZZ_ARGS) \
	  .build-fuzz/corpus/$(TARGET) Tests/FuzzCorpus/$(TARGET)

# Adds to the seed corpus only the inputs that bring new coverage (libFuzzer -merge=1).
fuzz-merge: fuzz-build
	SENTINEL_FUZZ_TARGET=$(TARGET) $(FUZZ_BIN) -merge=1 Tests/FuzzCorpus/$(TARGET) .build-fuzz/corpus/$(TARGET)

# BENCH_ARGS go before the scenario, e.g. BENCH_ARGS="--runs 5" or "--keep-tmp".
# SCENARIO=mass-failover is the project's own (scripts/bench/mass_failover.py: 200 masters, 100
# killed at once, both daemons in one run), e.g. BENCH_ARGS="--masters 300 --kill 150 --runs 2".
bench: build
	@if [ "$(SCENARIO)" = "mass-failover" ]; then \
	     python3 scripts/bench/mass_failover.py $(BENCH_ARGS); \
	else scripts/bench/side_by_side.sh $(BENCH_ARGS) $(SCENARIO); fi

# clean keeps the fetched dependencies; distclean removes the whole .build.
clean:
	$(SWIFT) package clean

distclean:
	rm -rf .build
