# Verigate: `make run` serves the application, `make test` runs every test.
# Both install what is missing first (idempotent, quick when everything is there).

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

CARGO_LEPTOS_VERSION := 0.3.10
WASM_BINDGEN_VERSION := 0.2.130
SCHEMATHESIS_VERSION := 4.32.5
# npm's binaryen (wasm-opt for release builds) must come before any Debian one, whose output
# does not hydrate.
export PATH := $(CURDIR)/end2end/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export LEPTOS_OUTPUT_NAME := verigate
# CI builds once from scratch: incremental state would only take disk space and time.
ifdef CI
export CARGO_INCREMENTAL := 0
endif
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# $(call free_ports,N): N distinct free ports (all held open while picked), separated by spaces.
free_ports = $(shell python3 -c 'import socket; s = [socket.socket() for _ in range($(1))]; [x.bind(("127.0.0.1", 0)) for x in s]; print(*(x.getsockname()[1] for x in s))')

.PHONY: help run test tools rust-tools node-tools python-tools chromium postgres rust-test api-fuzz soak-short e2e e2e-build playwright build-release lint fmt wasm-size bench soak

help:
	@echo "make run    build (release) and serve on http://127.0.0.1:3000 with SQLite under data/"
	@echo "make test   every Rust test on SQLite and PostgreSQL, the API fuzzing, a short soak run, then Playwright"
	@echo "make api-fuzz  schemathesis against /api/v1's OpenAPI document on a fresh server"
	@echo "make lint   cargo fmt --check and clippy with warnings denied"
	@echo "make wasm-size  the release WebAssembly bundle's size, raw and gzip"
	@echo "make bench  the OTP engine and HTTP flow benchmarks on SQLite and PostgreSQL"
	@echo "make soak   two instances on one database, one killed, PostgreSQL restarted (release)"

## Serving

run: rust-tools node-tools build-release
	@echo
	@echo "  Verigate: http://127.0.0.1:3000"
	@echo "  First visit: create the administrator at http://127.0.0.1:3000/setup"
	@echo "  (or start with VERIGATE_ADMIN_USERNAME and VERIGATE_ADMIN_PASSWORD set)."
	@echo
	@echo "  The SMS gateway emulator is on (VERIGATE_EMULATOR=0 turns it off): see Messages."
	@echo
	LEPTOS_SITE_ROOT=target/site VERIGATE_EMULATOR=$${VERIGATE_EMULATOR:-1} \
		VERIGATE_ALLOW_PRIVATE_ENDPOINTS=$${VERIGATE_ALLOW_PRIVATE_ENDPOINTS:-1} ./target/release/verigate serve

# --split: every page but the home page is a lazy route, its code in WebAssembly chunks of its own.
build-release:
	cargo leptos build --release --split

# What a browser downloads, after wasm-opt, raw and gzip -9: the bundle every page loads, the
# chunks that each page's own code is in, fetched when that page is opened, and both per page.
wasm-size: rust-tools node-tools
	cargo leptos build --release --split --frontend-only
	@cd target/site/pkg && printf 'verigate.wasm (every page): %s bytes, %s bytes gzip\n' \
		"$$(wc -c < verigate.wasm)" "$$(gzip -9 -c verigate.wasm | wc -c)" && \
	printf 'page chunks: %s files, %s bytes, %s bytes gzip (each file compressed alone)\n' \
		"$$(ls chunk_*.wasm split_*.wasm | wc -l)" "$$(cat chunk_*.wasm split_*.wasm | wc -c)" \
		"$$(for f in chunk_*.wasm split_*.wasm; do gzip -9 -c "$$f" | wc -c; done | awk '{ total += $$1 } END { print total }')"
	@echo "A first visit to each page, the bundle and that page's chunks:"
	@cd target/site/pkg && ../../../.ci/wasm-page-sizes

# The HTTP benchmark runs the release server as its own process, to read its CPU time and memory.
bench:
	cargo build --release -p server --bin verigate
	.ci/with-postgres cargo bench -p server --bench otp_flow --bench http_flow

# Two instances on one PostgreSQL (its own cluster, stopped and started mid-run), then on one
# SQLite file; see server/examples/soak.rs. SOAK_USERS=n to change the load.
soak:
	cargo build --release -p server --bin verigate --example soak
	.ci/soak release $${SOAK_USERS:-200}

## Testing

# The phases, and the time each took, are in .ci/make-test: the Rust tests with the Rust tools, the
# browser build and the npm and pip installs beside them, then Playwright with the API fuzzing and
# a short soak run beside it.
test: chromium postgres
	.ci/make-test

# Four threads on two cores: a test spends much of its time waiting for the database and for its
# own HTTP round trips (the HTTP tests took 40 s with the default two threads, 31 s with four,
# 34 s with eight).
rust-test:
	.ci/with-postgres cargo test -p app -p server -- --test-threads=4

# schemathesis against the native API's OpenAPI document: no 5xx, every answer as documented.
# A freshly built server on a free port with a fresh SQLite database (see .ci/api-fuzz).
api-fuzz: python-tools
	cargo build -p server --bin verigate
	.ci/api-fuzz .venv/bin/schemathesis

# The soak run's short form, on the debug build the tests made.
soak-short:
	cargo build -p server --bin verigate --example soak
	.ci/soak debug 24

# The server and the split WebAssembly bundle the Playwright suite runs against.
e2e-build:
	cargo leptos build --split

e2e: e2e-build
	$(MAKE) --no-print-directory playwright

# The Playwright suite against what e2e-build built: the server on a free port, its SMS gateway
# emulator on another, with a fresh SQLite database.
playwright: node-tools
	data_dir=$$(mktemp -d /tmp/verigate-e2e.XXXXXX); \
	trap 'rm -rf "$$data_dir"' EXIT; \
	ports=($(call free_ports,2)); \
	cd end2end && E2E_PORT=$${ports[0]} E2E_EMULATOR_PORT=$${ports[1]} E2E_DATA_DIR="$$data_dir" npx playwright test

lint:
	cargo fmt --all --check
	cargo clippy -p app -p server --all-targets -- -D warnings
	cargo clippy -p frontend -p app --features app/hydrate --target wasm32-unknown-unknown --target-dir target/front -- -D warnings

fmt:
	cargo fmt --all

## Installing what is missing

tools: rust-tools node-tools python-tools chromium postgres

# The two tools are built to be built quickly, not to run quickly: they only drive the builds.
# cargo-leptos' own release profile (fat LTO, one codegen unit, full optimisation) made its
# install the longest step of a fresh `make test`.
QUICK_TOOL_BUILD := CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=256 \
	CARGO_PROFILE_RELEASE_OPT_LEVEL=1 CARGO_PROFILE_RELEASE_DEBUG=false

rust-tools:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@cargo leptos --version 2>/dev/null | grep -q " $(CARGO_LEPTOS_VERSION)$$" || \
		$(QUICK_TOOL_BUILD) cargo install cargo-leptos --version $(CARGO_LEPTOS_VERSION) --locked --features no_downloads
	@wasm-bindgen --version 2>/dev/null | grep -q " $(WASM_BINDGEN_VERSION)" || \
		$(QUICK_TOOL_BUILD) CARGO_RESOLVER_INCOMPATIBLE_RUST_VERSIONS=fallback \
		cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION)

node-tools: end2end/node_modules/.package-lock.json

end2end/node_modules/.package-lock.json: end2end/package-lock.json
	cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
	@touch $@

python-tools: .venv/bin/schemathesis

.venv/bin/schemathesis:
	python3 -m venv .venv
	.venv/bin/pip install --quiet --disable-pip-version-check schemathesis==$(SCHEMATHESIS_VERSION)

# With a Chinese font, so the Chinese pages render (and the screenshots match) on every machine.
chromium:
	@command -v chromium >/dev/null && fc-list :lang=zh family | grep -q . || { $(SUDO) apt-get update && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends chromium fonts-noto-cjk; }

# Only when no server is given through TEST_POSTGRES_URL.
postgres:
	@[ -n "$${TEST_POSTGRES_URL:-}" ] || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || \
		{ $(SUDO) apt-get update && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends postgresql; }
