# lethe's build and test entry points. `make test` is the README's test
# command and what CI runs.
GO      ?= go
STACK   := bash deploy/stack/stack.sh
# Go tests that need the real stack live in deploy/e2e and run only when
# LETHE_E2E=1 (set by the e2e target after the stack is up).
E2E_PKG := ./deploy/e2e/...

.PHONY: all build test unit vet e2e e2e-run stack-up stack-down stack-status fuzz bench instructions race clean

all: build

build:
	$(GO) build -o bin/lethe ./cmd/lethe

STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2

vet:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { echo "gofmt needed:"; gofmt -l $$(git ls-files '*.go'); exit 1; }
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...

# Unit tests and the integration tests against the in-process embedded broker.
unit:
	$(GO) test -count=1 -timeout 15m ./...

# The whole suite: unit, embedded and real-stack. With CI=true the real stack
# is mandatory; elsewhere it is skipped (with a message) when Java or Maven
# are missing.
test: vet unit
	@if [ "$$CI" = "true" ] || { command -v java >/dev/null && command -v mvn >/dev/null; }; then \
		$(MAKE) e2e; \
	else \
		echo "SKIPPED real-stack suite: Java 17 and Maven are needed (then: make stack-up && make e2e)"; \
	fi

# The real-stack suite. A stack this target starts it also stops, pass or
# fail, so that the stack's ports (Kafka's 9092 among them) are free again
# for `lethe demo`; one that was up before stays up (make stack-up, then
# make e2e-run, to iterate).
e2e:
	@if $(STACK) status >/dev/null 2>&1; then \
		$(MAKE) e2e-run; \
	else \
		$(MAKE) stack-up; rc=$$?; \
		if [ $$rc -eq 0 ]; then $(MAKE) e2e-run; rc=$$?; fi; \
		$(MAKE) stack-down; exit $$rc; \
	fi

e2e-run:
	LETHE_E2E=1 $(GO) test -count=1 -timeout 30m -v $(E2E_PKG)

stack-up:
	$(STACK) up

stack-down:
	$(STACK) down

stack-status:
	$(STACK) status

race:
	$(GO) test -race -count=1 ./pipeline/... ./connectors/...

fuzz:
	$(GO) test -run=NONE -fuzz='^FuzzDecodeJSON$$' -fuzztime=30s ./connectors/debezium
	$(GO) test -run=NONE -fuzz='^FuzzDecodeAvro$$' -fuzztime=30s ./connectors/debezium
	$(GO) test -run=NONE -fuzz='^FuzzSkipDigits$$' -fuzztime=30s ./connectors/debezium
	$(GO) test -run=NONE -fuzz='^FuzzMessageFromRecord$$' -fuzztime=30s ./connectors/kafka
	$(GO) test -run=NONE -fuzz='^FuzzEngineJSON$$' -fuzztime=30s ./connectors/worker
	$(GO) test -run=NONE -fuzz='^FuzzEngineLeak$$' -fuzztime=30s ./connectors/worker
	$(GO) test -run=NONE -fuzz='^FuzzAppendString$$' -fuzztime=30s ./pipeline/jsonw
	$(GO) test -run=NONE -fuzz='^FuzzSkipPlain$$' -fuzztime=30s ./pipeline/jsonw
	$(GO) test -run=NONE -fuzz='^FuzzScanField$$' -fuzztime=30s ./pipeline/pii
	$(GO) test -run=NONE -fuzz='^FuzzLoad$$' -fuzztime=30s ./pipeline/pii/evaluation
	$(GO) test -run=NONE -fuzz='^FuzzDetect$$' -fuzztime=30s ./pipeline/pii/jsonlines
	$(GO) test -run=NONE -fuzz='^FuzzValidators$$' -fuzztime=30s ./pipeline/pii/synth
	$(GO) test -run=NONE -fuzz='^FuzzIBANCheckDigits$$' -fuzztime=30s ./pipeline/pii/synth
	$(GO) test -run=NONE -fuzz='^FuzzDecodeNotWhole$$' -fuzztime=30s ./pipeline/yamlkey

bench:
	$(GO) run ./cmd/lethe bench --events 200000
	$(GO) test -run=NONE -bench=. -benchmem ./pipeline/pii

# Instructions per operation of the hot paths, counted by valgrind's
# cachegrind: unlike time on a shared machine they do not vary between runs,
# so two builds compare to within 0.5% (run it in each; Debian's valgrind).
# Each figure is the difference of two runs of different b.N over their
# difference, which leaves out the setup; GOGC=off leaves out the garbage
# collector, whose share depends on timing (allocations: -benchmem).
INSTR_RUNS := pipeline/pii:BenchmarkScanShortFields:20000:120000 \
	pipeline/pii:BenchmarkScanNoPII:20000:120000 \
	connectors/worker:BenchmarkEngineSteady:10000:30000

instructions:
	@command -v valgrind >/dev/null || { echo "valgrind is needed (apt-get install valgrind)"; exit 1; }
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf $$tmp' EXIT; \
	for r in $(INSTR_RUNS); do \
		pkg=$${r%%:*}; rest=$${r#*:}; bench=$${rest%%:*}; rest=$${rest#*:}; n1=$${rest%%:*}; n2=$${rest#*:}; \
		test -x $$tmp/$${pkg##*/}.test || $(GO) test -c -o $$tmp/$${pkg##*/}.test ./$$pkg; \
		for n in $$n1 $$n2; do \
			GOGC=off valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null $$tmp/$${pkg##*/}.test \
				-test.run '^$$' -test.bench "^$$bench\$$" -test.cpu 1 -test.benchtime $${n}x 2>&1 | \
				sed -n 's/.*I *refs: *//p' | tr -d , > $$tmp/ir.$$n; \
		done; \
		echo "$$bench: $$(( ($$(cat $$tmp/ir.$$n2) - $$(cat $$tmp/ir.$$n1)) / ($$n2 - $$n1) )) instructions per op"; \
	done

clean:
	rm -rf bin
