# Rapport's Makefile is the index of what can be done: `make help` lists it.
SHELL := /bin/bash
.DEFAULT_GOAL := help

GO        ?= go
BIN       := bin/rapport
NPM       ?= npm
FRONTEND  := frontend
ADDR      ?= 127.0.0.1:8080
DB        ?= sqlite:./data/rapport.db
GOFLAGS_TEST ?= -race -count=1

.PHONY: help
help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[36m%-18s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

# --- build and run -----------------------------------------------------------

$(FRONTEND)/node_modules/.installed: $(FRONTEND)/package.json $(FRONTEND)/package-lock.json
	cd $(FRONTEND) && $(NPM) ci --no-audit --no-fund
	@touch $@

.PHONY: frontend
frontend: $(FRONTEND)/node_modules/.installed ## build the dashboard into frontend/dist
	cd $(FRONTEND) && $(NPM) run build

.PHONY: build
build: frontend ## build the single binary bin/rapport (dashboard embedded)
	$(GO) build -o $(BIN) .

.PHONY: run
run: build ## build everything and start the server on ./data/rapport.db with the demo data, over plain HTTP
	RAPPORT_DEMO=$${RAPPORT_DEMO:-1} RAPPORT_ADDR=$${RAPPORT_ADDR:-$(ADDR)} RAPPORT_INSECURE_HTTP=$${RAPPORT_INSECURE_HTTP:-1} \
	RAPPORT_DATABASE_URL=$${RAPPORT_DATABASE_URL:-$(DB)} ./$(BIN) serve

.PHONY: migrate
migrate: ## apply pending migrations to RAPPORT_DATABASE_URL (default ./data/rapport.db)
	$(GO) run . migrate --database-url=$${RAPPORT_DATABASE_URL:-$(DB)}

# --- code generation ---------------------------------------------------------

.PHONY: generate
generate: ## regenerate ent, the GraphQL schema and gqlgen's code
	$(GO) generate ./...

.PHONY: schema
schema: ## write the server's full GraphQL SDL to schema.graphql (a test fails when it is stale)
	$(GO) run ./internal/sdl/print > schema.graphql.tmp && mv schema.graphql.tmp schema.graphql

.PHONY: check-generated
check-generated: $(FRONTEND)/node_modules/.installed ## fail when `go generate`, `make schema` or the dashboard's codegen change a tracked file
	$(GO) generate ./...
	$(MAKE) --no-print-directory schema
	cd $(FRONTEND) && $(NPM) run --silent codegen
	@changes=$$(git status --porcelain -- ent graph gqlgen.yml go.mod go.sum schema.graphql $(FRONTEND)/src/gql); \
	if [ -n "$$changes" ]; then echo "generated code is out of date; run make generate and commit:"; echo "$$changes"; git --no-pager diff --stat; exit 1; fi
	@echo "generated code is up to date"

.PHONY: migration
migration: ## write the next versioned migration from ent/schema: make migration NAME=what_changed
	@test -n "$(NAME)" || (echo "usage: make migration NAME=what_changed" && exit 2)
	$(GO) run ./internal/store/migrategen -name $(NAME)

# --- quality -----------------------------------------------------------------

.PHONY: lint
lint: ## gofmt and go vet
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' | grep -v '^ent/')); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...

.PHONY: check-size
check-size: ## fail when a tracked file other than generated code is over 1 MB, listing them (no binaries in the tree)
	@.ci/check-size

.PHONY: test
test: test-go test-frontend test-e2e test-examples ## run every test: Go (SQLite and PostgreSQL), dashboard units, browser tests, examples

.PHONY: test-go
test-go: ## Go unit and integration tests on SQLite and PostgreSQL, the GraphQL tests also with the executor's fast path off
	$(GO) test $(GOFLAGS_TEST) ./...
	RAPPORT_FAST_PATH=0 $(GO) test $(GOFLAGS_TEST) ./graph/...

.PHONY: test-frontend
test-frontend: $(FRONTEND)/node_modules/.installed ## the dashboard's unit tests (Vitest)
	cd $(FRONTEND) && $(NPM) test

.PHONY: test-e2e
test-e2e: build ## browser tests in headless Chromium against the real server on demo data
	cd $(FRONTEND) && RAPPORT_BIN=$(CURDIR)/$(BIN) $(NPM) run test:e2e

# --- benchmarks ----------------------------------------------------------------

BENCH_SCALES   ?= M L
BENCH_DURATION ?= 5s
.PHONY: bench
bench: build ## benchmark at M and L on SQLite and PostgreSQL (floor, PostGraphile, dashboard pages, reads under writes), write BENCHMARKS.md and BENCHMARKS-L.md; fails when a target is missed or a case errs (about 20 min on 2 cores; BENCH_SCALES=M, BENCH_PEERS=0)
	@status=0; \
	for s in $(BENCH_SCALES); do \
	  out=BENCHMARKS.md; [ "$$s" = M ] || out=BENCHMARKS-$$s.md; \
	  BENCH_PEERS=$${BENCH_PEERS:-1} $(GO) run ./bench/cmd/bench -scale $$s -duration $(BENCH_DURATION) -out $$out || status=1; \
	done; \
	if [[ " $(BENCH_SCALES) " == *" M "* ]]; then \
	  (cd $(FRONTEND) && RAPPORT_BIN=$(CURDIR)/$(BIN) node e2e/perf.mjs >> $(CURDIR)/BENCHMARKS.md) || status=1; \
	fi; \
	exit $$status

.PHONY: bench-smoke
bench-smoke: ## run the benchmark at scale S as a smoke test (only errors checked; BENCHMARKS.md left alone)
	@mkdir -p test-output
	$(GO) run ./bench/cmd/bench -scale S -out test-output/BENCHMARKS-smoke.md

examples/node_modules/.installed: examples/package.json examples/package-lock.json examples/graphql-http-audit/package-lock.json
	cd examples && $(NPM) ci --no-audit --no-fund
	cd examples/graphql-http-audit && $(NPM) ci --no-audit --no-fund
	@touch $@

.PHONY: test-examples
test-examples: build examples/node_modules/.installed ## the integrator's sync, the BI extraction and the graphql-http audit against a live server
	cd examples && RAPPORT_BIN=$(CURDIR)/$(BIN) node run.mjs

.PHONY: screenshots
screenshots: build ## write the README's screenshots of the Chinese dashboard (docs/*-zh.png) from a fresh server with RAPPORT_DEMO=zh
	@fc-list :lang=zh 2>/dev/null | grep -q . || apt-get install -y fonts-wqy-microhei || sudo apt-get install -y fonts-wqy-microhei
	cd $(FRONTEND) && RAPPORT_BIN=$(CURDIR)/$(BIN) node scripts/screenshots.mjs

.PHONY: clean
clean: ## remove build output (not the database)
	rm -rf bin $(FRONTEND)/dist/assets $(FRONTEND)/dist/index.html test-output
