# reach — the two commands a user needs: `make run` and `make test`.
SHELL      := /bin/bash
SWIFT      ?= swift
REACH      := .build/release/reach
SAMPLE     := data/sample
DEMO       := data/demo
# The sample data ends on 2026-11-20; report on its last complete day.
SAMPLE_ASOF ?= 2026-11-20

.PHONY: run test build bootstrap check-render bench bench-micro bench-micro-check clean sample

bootstrap:
	@scripts/bootstrap

build: bootstrap
	$(SWIFT) build -c release

## make run: install what is missing, build, run the nightly job on the shipped sample.
run: build
	@rm -rf $(DEMO) && mkdir -p $(DEMO)/inbox && find $(SAMPLE) -maxdepth 1 -type f ! -name SYNTH.txt -exec cp {} $(DEMO)/inbox/ \;
	@$(REACH) run --inbox $(DEMO)/inbox --store $(DEMO)/reach.sqlite --out reports --as-of $(SAMPLE_ASOF) --split class --off-weekdays sat,sun; \
	  status=$$?; \
	  if [ $$status -ne 0 ] && [ $$status -ne 3 ]; then exit $$status; fi; \
	  echo "reports written to $$(pwd)/reports/$(SAMPLE_ASOF)/"

## make test: install what is missing, build, run every test.
test: bootstrap
	$(SWIFT) test

## make sample: regenerate the committed sample inbox (deterministic).
sample: build
	rm -rf $(SAMPLE) && $(REACH) synth --members 300 --days 45 --end $(SAMPLE_ASOF) --seed 7 --sample --calendar-leave --xlsx --groups --out $(SAMPLE)

## make check-render: render the sample's main workbook and one class's to PDF with LibreOffice and check how they print (installs LibreOffice when missing).
check-render: run
	scripts/check-render reports/$(SAMPLE_ASOF)/reach-$(SAMPLE_ASOF).xlsx "$$(ls reports/$(SAMPLE_ASOF)/by-class/*.xlsx | head -n 1)"

## make bench: the benchmarks of BENCHMARKS.md (slow; not part of make test).
bench: build
	scripts/bench

## make bench-micro: the micro-benchmarks in Benchmarks/ (BENCHMARKS.md, "Micro-benchmarks"; not part of make test).
bench-micro: bootstrap
	cd Benchmarks && $(SWIFT) package benchmark

## make bench-micro-check: the micro-benchmarks, compared with Benchmarks/Thresholds/.
bench-micro-check: bootstrap
	cd Benchmarks && $(SWIFT) package benchmark thresholds check

clean:
	rm -rf .build Benchmarks/.build $(DEMO) reports/20*
