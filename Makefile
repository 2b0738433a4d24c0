# Event Ingestor — the commands a developer and CI run. `make help` lists them.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PNPM_VERSION := 12.4.2
TOPIC ?= events
DLQ_TOPIC ?= events.dlq
PORT ?= 8080
STACK ?= aws
export TURBO_TELEMETRY_DISABLED := 1
TURBO := pnpm exec turbo

.PHONY: help tools install install-frozen ci dev run kafka-up kafka-down kafka-status topics consume \
        test test-integration lint typecheck format format-check build docker-build bench render \
        render-default preview up

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

tools: ## make sure the pinned pnpm is on PATH (Node >= 20.19 must already be)
	@node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20||(a===20&&b<19)) { console.error("Node >= 20.19 is required, found "+process.version); process.exit(1) }'
	@if [ "$$(pnpm --version 2>/dev/null)" != "$(PNPM_VERSION)" ]; then \
	  echo "installing pnpm $(PNPM_VERSION)"; npm install -g --no-fund --no-audit pnpm@$(PNPM_VERSION) >/dev/null; fi

install: tools ## install dependencies
	pnpm install

install-frozen: tools
	pnpm install --frozen-lockfile

ci: install-frozen ## the full quality gate, in order, stopping at the first failure
	$(TURBO) run format:check format:root
	$(TURBO) run lint lint:workflows
	$(TURBO) run typecheck
	$(TURBO) run test
	$(TURBO) run test:integration --concurrency=1
	$(TURBO) run build
	@$(MAKE) --no-print-directory docker-build

docker-build: ## build the image when a Docker engine answers
	@if docker info >/dev/null 2>&1; then docker build -t event-ingestor:local .; \
	else echo "SKIPPED: no Docker engine (docker build not run)"; fi

kafka-up: ## start (or reuse) the local Kafka broker
	@bash scripts/kafka.sh up

kafka-down: ## stop the local Kafka broker
	@bash scripts/kafka.sh down

kafka-status: ## is the local broker running, and where is its log
	@bash scripts/kafka.sh status

topics: kafka-up ## create the main and dead-letter topics
	@bash scripts/kafka.sh topics $(TOPIC) $(DLQ_TOPIC)

consume: ## print the records of $(TOPIC) on the local broker
	@bash scripts/kafka.sh consume $(TOPIC)

build: install ## build every package
	$(TURBO) run build

run: build ## run the ingestor on :$(PORT) against KAFKA_BROKERS (or the local broker)
	KAFKA_BROKERS="$${KAFKA_BROKERS:-$$(bash scripts/kafka.sh bootstrap)}" KAFKA_TOPIC=$(TOPIC) KAFKA_DLQ_TOPIC=$(DLQ_TOPIC) \
	  PORT=$(PORT) node --enable-source-maps packages/ingestor/dist/main.js

dev: install topics ## fresh machine to a running ingestor: deps, Kafka, topics, service on :$(PORT)
	@$(MAKE) --no-print-directory run

test: install ## unit tests
	$(TURBO) run test

test-integration: install ## integration tests against the real local broker
	$(TURBO) run test:integration --concurrency=1

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

render: build ## print the Kubernetes YAML the stack $(STACK) would apply (no cloud access)
	pnpm --filter @event-ingestor/stack --silent render --stack $(STACK)

render-default: build ## print the Kubernetes YAML of the default k8s-app args
	pnpm --filter @event-ingestor/k8s-app --silent render

preview: build ## pulumi preview --stack $(STACK) (needs the Pulumi CLI and cloud credentials)
	pulumi preview --stack $(STACK)

up: build ## pulumi up --stack $(STACK): build and push the image, roll it out
	pulumi up --stack $(STACK)
