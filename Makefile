# Event Ingestor — the commands a developer and CI run. `make help` lists them.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PNPM_VERSION := 12.4.2
# Node: the pin in .node-version (also read by .nvmrc users and setup-node). When the machine's `node` is older
# than the pin's major, `make tools` installs the pinned release once from the npm registry's node-<os>-<arch>
# package (bin/node + headers) into the tool cache, and every recipe runs with it first on PATH.
NODE_VERSION := $(shell cat .node-version)
NODE_MAJOR := $(firstword $(subst ., ,$(NODE_VERSION)))
EI_TOOLS_CACHE ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/event-ingestor
MACHINE_NODE_MAJOR := $(shell node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
ifeq ($(shell [ "$(MACHINE_NODE_MAJOR)" -ge "$(NODE_MAJOR)" ] && echo ok),)
NODE_DIR := $(EI_TOOLS_CACHE)/node-$(NODE_VERSION)
NODE_PACKAGE := node-$(shell uname -s | tr A-Z a-z)-$(subst x86_64,x64,$(subst aarch64,arm64,$(shell uname -m)))
export PATH := $(NODE_DIR)/bin:$(PATH)
endif
# node-gyp builds native modules (librdkafka) against the headers of the node that runs them, read from
# disk instead of downloaded from nodejs.org (not reachable from every build machine).
NODE_PREFIX := $(or $(NODE_DIR),$(patsubst %/bin/node,%,$(shell command -v node 2>/dev/null)))
ifneq ($(wildcard $(NODE_PREFIX)/include/node/node.h),)
export npm_config_nodedir := $(NODE_PREFIX)
endif
# @confluentinc/kafka-javascript's install downloads a prebuilt binding from GitHub, else builds librdkafka
# from source. The source build links the system's OpenSSL/zlib (the default static build downloads their
# sources too, which fails where GitHub is unreachable) and runs one compiler per CPU (CKJS_MAKE_JOBS, read
# by our patch of its `make -j`; see patches/). Leave node-gyp's JOBS unset: its parallel make races the
# librdkafka build. None of this matters where the prebuilt download works.
export CKJS_LINKING ?= dynamic
export CKJS_MAKE_JOBS ?= $(shell nproc 2>/dev/null || echo 2)
TOPIC ?= events
DLQ_TOPIC ?= events.dlq
PORT ?= 8080
STACK ?= aws
export TURBO_TELEMETRY_DISABLED := 1
TURBO := pnpm exec turbo
# When make started: `make ci` ends with one summary line and the time it took.
CI_START := $(shell date +%s)

.PHONY: help tools node-version install install-frozen ci dev run build-ingestor kafka-up kafka-down kafka-status topics consume \
        test test-integration test-faults test-contract test-ops lint typecheck format format-check build docker-build bench render \
        render-default check-render preview up

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}' \
	  | sed -e 's/\$$(PORT)/$(PORT)/g; s/\$$(STACK)/$(STACK)/g; s/\$$(TOPIC)/$(TOPIC)/g'

tools: $(if $(NODE_DIR),$(NODE_DIR)/bin/node) ## the pinned Node (when the machine's is older) and pnpm on PATH
	@node -e 'if (Number(process.versions.node.split(".")[0]) < $(NODE_MAJOR)) { console.error("Node >= $(NODE_MAJOR) is required, found "+process.version); process.exit(1) }'
	@if [ "$$(pnpm --version 2>/dev/null)" != "$(PNPM_VERSION)" ]; then \
	  echo "installing pnpm $(PNPM_VERSION)" >&2; \
	  npm install -g --no-fund --no-audit $(if $(NODE_DIR),--prefix "$(NODE_DIR)") pnpm@$(PNPM_VERSION) >/dev/null; fi

ifdef NODE_DIR
# Unpacked next to the cache first and moved into place at the end: an interrupted download leaves no half tree.
$(NODE_DIR)/bin/node:
	@echo "installing Node $(NODE_VERSION) into $(NODE_DIR) (this machine has Node $(MACHINE_NODE_MAJOR))" >&2
	@mkdir -p "$(EI_TOOLS_CACHE)"; tmp=$$(mktemp -d "$(EI_TOOLS_CACHE)/.node-XXXXXX"); trap 'rm -rf "$$tmp"' EXIT; \
	  npm pack --silent --pack-destination "$$tmp" "$(NODE_PACKAGE)@$(NODE_VERSION)" >/dev/null; \
	  tar -xzf "$$tmp"/*.tgz -C "$$tmp"; "$$tmp/package/bin/node" --version >/dev/null; \
	  rm -rf "$(NODE_DIR)"; mv "$$tmp/package" "$(NODE_DIR)"
endif

node-version: tools ## print the node every recipe runs with
	@echo "$$(command -v node) $$(node --version)"

# Set-up output goes to stderr, so that `make render STACK=aws > out.yaml` writes only YAML.
install: tools ## install dependencies
	@pnpm install >&2

install-frozen: tools
	pnpm install --frozen-lockfile

ci: install-frozen ## the full quality gate, in order, stopping at the first failure
	$(TURBO) run format:check format:root
	$(TURBO) run lint lint:workflows
	$(TURBO) run typecheck
	$(TURBO) run test
	$(TURBO) run test:integration --concurrency=1
	$(TURBO) run build
	bash scripts/checkov.sh
	bash packages/ingestor/openapi/contract-test.sh
	bash ops/test-ops.sh
	@$(MAKE) --no-print-directory docker-build
	@echo "make ci: PASSED in $$(( $$(date +%s) - $(CI_START) ))s (format, lint, typecheck, unit, integration, build, contract, ops, docker)"

docker-build: ## build the image when a Docker engine answers
	@if docker info >/dev/null 2>&1; then docker build -t event-ingestor:local .; \
	else echo "SKIPPED: no Docker engine (docker build not run)"; fi

kafka-up: ## start (or reuse) the local Kafka broker
	@bash scripts/kafka.sh up

kafka-down: ## stop the local Kafka broker
	@bash scripts/kafka.sh down

kafka-status: ## is the local broker running, and where is its log
	@bash scripts/kafka.sh status

# topics and consume need no JDK: the ingestor's own create-topics.js and kafkajs, on KAFKA_BROKERS or the local broker.
topics: build-ingestor kafka-up ## create the main and dead-letter topics (3 partitions; existing ones left alone)
	@KAFKA_BROKERS="$$(bash scripts/kafka.sh bootstrap)" KAFKA_TOPIC=$(TOPIC) KAFKA_DLQ_TOPIC=$(DLQ_TOPIC) \
	  KAFKA_TOPIC_PARTITIONS=$${KAFKA_TOPIC_PARTITIONS:-3} node packages/ingestor/dist/create-topics.js

consume: install ## print the records of $(TOPIC) (KAFKA_BROKERS or the local broker); fails when Kafka does not answer
	@KAFKA_BROKERS="$$(bash scripts/kafka.sh bootstrap)" node scripts/kafka-dev.mjs consume $(TOPIC)

build: install ## build every package
	$(TURBO) run build

build-ingestor: install
	@$(TURBO) run build --filter=@event-ingestor/ingestor --output-logs=errors-only >&2

run: build-ingestor ## run the ingestor on :$(PORT) against KAFKA_BROKERS (or the local broker)
	@# Your own cluster (KAFKA_BROKERS) keeps the production durability check (2); the local one-node broker needs 1.
	@# No load balancer to wait for here: Ctrl-C stops at once (production keeps SHUTDOWN_DELAY_MS=5000).
	@if [ -n "$${KAFKA_BROKERS:-}" ]; then brokers=$$KAFKA_BROKERS; isr=$${KAFKA_MIN_ISR_REQUIRED:-2}; \
	else brokers=$$(bash scripts/kafka.sh bootstrap); isr=$${KAFKA_MIN_ISR_REQUIRED:-1}; fi; \
	echo "ingestor on :$(PORT) -> $$brokers (topics $(TOPIC), $(DLQ_TOPIC); KAFKA_MIN_ISR_REQUIRED=$$isr)"; \
	SHUTDOWN_DELAY_MS=$${SHUTDOWN_DELAY_MS:-0} \
	KAFKA_BROKERS="$$brokers" KAFKA_MIN_ISR_REQUIRED="$$isr" KAFKA_TOPIC=$(TOPIC) KAFKA_DLQ_TOPIC=$(DLQ_TOPIC) \
	  PORT=$(PORT) exec node --enable-source-maps packages/ingestor/dist/main.js

dev: install topics ## fresh machine to a running ingestor: deps, Kafka, topics, service on :$(PORT)
	@$(MAKE) --no-print-directory run

test: install ## unit tests
	$(TURBO) run test

test-integration: install ## integration tests against the real local broker
	$(TURBO) run test:integration --concurrency=1

test-faults: install ## faults under load on the real broker; prints acknowledged / in Kafka / lost per fault
	$(TURBO) run build --filter=@event-ingestor/ingestor
	pnpm --filter @event-ingestor/ingestor exec vitest run -c vitest.integration.config.ts test/integration/faults.test.ts

test-ops: install ## promtool: check/test the alert rules, check a running ingestor's /metrics; dashboard names
	$(TURBO) run build --filter=@event-ingestor/ingestor
	bash ops/test-ops.sh

test-contract: install ## Schemathesis against the served OpenAPI, the built ingestor and the real broker
	$(TURBO) run build --filter=@event-ingestor/ingestor
	bash packages/ingestor/openapi/contract-test.sh

lint: install
	$(TURBO) run lint

typecheck: install
	$(TURBO) run typecheck

format: install ## rewrite files with Prettier
	pnpm exec prettier --write .

format-check: install
	$(TURBO) run format:check format:root

bench: build ## end-to-end benchmarks against same-run ceilings
	pnpm --filter @event-ingestor/bench bench

render: install ## print the Kubernetes YAML the stack $(STACK) would apply (no cloud access); only YAML on stdout
	@$(TURBO) run build --filter=@event-ingestor/stack... --output-logs=errors-only >&2
	@pnpm --filter @event-ingestor/stack --silent render --stack $(STACK)

render-default: install ## print the Kubernetes YAML of the default k8s-app args
	@$(TURBO) run build --filter=@event-ingestor/k8s-app... --output-logs=errors-only >&2
	@pnpm --filter @event-ingestor/k8s-app --silent render

check-render: install ## checkov's Kubernetes checks on the YAML of every stack (pinned checkov, installed once)
	@$(TURBO) run build --filter=@event-ingestor/stack... --output-logs=errors-only >&2
	bash scripts/checkov.sh

preview: build ## pulumi preview --stack $(STACK) (needs the Pulumi CLI and cloud credentials)
	pulumi preview --stack $(STACK)

up: build ## pulumi up --stack $(STACK): build and push the image, roll it out
	pulumi up --stack $(STACK)
