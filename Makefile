# OpenMSP: the two commands are `make run` and `make test`; everything else is here for developers.
# Every target installs what is missing first (scripts/install-deps is quick when all is present).

JOBS ?= $(shell nproc)
HOST ?= 127.0.0.1
PORT ?= 8080
DATABASE ?= sqlite:./openmsp.db

CMAKE_CONFIGURE = cmake -G Ninja -Wno-dev

.PHONY: run test build deps test-unit test-web test-fuzz fuzz bench clean

## make run: install, build, seed the demo tenant and start OpenMSP on http://$(HOST):$(PORT) on an embedded
## SQLite database, with a simulated CPO feeding it when the binary has one (scripts/run-demo, docs/demo.md).
run: build
	OPENMSP_BIN=./build/bin/openmsp HOST=$(HOST) PORT=$(PORT) DATABASE=$(DATABASE) scripts/run-demo

## make test: install, build, and run every test (unit and end-to-end under ASan+UBSan, the web portal's
## component and browser tests, then short fuzz runs).
## It builds the optimised binary of `make run` too, so a warning only -O2 raises cannot break `make run`.
test: deps build test-unit test-web test-fuzz
	@echo "make test: all test suites passed"

## make build: the optimised build; the binary is build/bin/openmsp, the web portal web/dist (docs/web.md).
build: deps
	@$(CMAKE_CONFIGURE) -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build build -j $(JOBS)
	@scripts/build-web

deps:
	@scripts/install-deps

test-unit: deps
	@$(CMAKE_CONFIGURE) -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DOPENMSP_SANITIZE=ON >/dev/null
	@cmake --build build-asan -j $(JOBS)
	@cd build-asan && ctest --output-on-failure -j $(JOBS)

## The web portal's Vitest component tests and its browser test against build/bin/openmsp (docs/web.md).
test-web: build
	@scripts/test-web

# The fuzz build uses Debian's clang with libFuzzer; each target runs briefly on its seed corpus.
FUZZ_SECONDS ?= 10
test-fuzz: deps
	@CXX=clang++ $(CMAKE_CONFIGURE) -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DOPENMSP_FUZZ=ON >/dev/null
	@cmake --build build-fuzz -j $(JOBS)
	@scripts/run-fuzzers build-fuzz/bin $(FUZZ_SECONDS)

## make fuzz FUZZ_SECONDS=600: a longer fuzzing session (see docs/development.md).
fuzz: FUZZ_SECONDS = 600
fuzz: test-fuzz

## make bench: the benchmarks with real figures (record them in docs/performance.md).
bench: build
	@for b in build/bin/*_bench; do echo "== $$b"; $$b; done

clean:
	rm -rf build build-asan build-fuzz web/dist
