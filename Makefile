# Two commands do all set-up on a fresh Debian machine (as root or with sudo):
#   make demo   ingest the bundled sample submission and print its evidence matrix
#   make test   lint, type-check and run the whole test suite (slow end-to-end tests included)
SHELL := /bin/bash
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := tesseract-ocr tesseract-ocr-vie tesseract-ocr-osd poppler-utils \
	fonts-dejavu-core fonts-freefont-ttf fonts-noto-core libreoffice-writer-nogui \
	postgresql chromium redis-server
UV := $(shell command -v uv 2>/dev/null || echo python3 -m uv)
PACKAGES := model kiemchung service ingest extract validity matcher corpus review_ui devkit

.PHONY: demo test lint typecheck setup system python bench clean
demo: setup
	@$(UV) run kiemchung demo

# the corpus tests start their own throwaway PostgreSQL (and Redis) server; here they must be there, not skipped
test: setup lint typecheck
	KIEMCHUNG_REQUIRE_POSTGRES=1 KIEMCHUNG_REQUIRE_BROWSER=1 KIEMCHUNG_REQUIRE_REDIS=1 $(UV) run pytest

lint:
	$(UV) run ruff check $(PACKAGES) tests bench tools
	$(UV) run ruff format --check $(PACKAGES) tests bench tools

typecheck:
	$(UV) run mypy

setup: system python

# apt only when something is missing, so a second run costs nothing
system:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages: $$missing (log: /tmp/kiemchung-apt.log)"; \
		{ $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq \
			--no-install-recommends $$missing; } > /tmp/kiemchung-apt.log 2>&1 \
			|| { tail -n 30 /tmp/kiemchung-apt.log; exit 1; }; \
	fi; echo "System packages: ready"

python:
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || \
		{ echo "Installing uv"; python3 -m pip install --quiet uv 2>&1 | grep -v -e WARNING -e "^$$" || true; }
	@# bytecode compiled once here: with PYTHONDONTWRITEBYTECODE set, every worker process would compile its
	@# libraries again at each start (imports 1.6 s -> 0.9 s)
	@$(UV) sync --frozen --quiet --compile-bytecode && \
		$(UV) run python -m compileall -q model kiemchung service ingest extract validity matcher corpus review_ui && \
		echo "Python environment: ready"

bench: setup
	$(UV) run python bench/ingest.py
	$(UV) run python bench/extract.py
	$(UV) run python bench/validity.py
	$(UV) run python bench/matcher.py
	$(UV) run python bench/corpus.py
	$(UV) run python bench/ui.py
	$(UV) run python bench/batch.py
	$(UV) run python bench/hostile.py
	$(UV) run python bench/batch_distributed.py

clean:
	rm -rf .venv .mypy_cache .ruff_cache .pytest_cache
