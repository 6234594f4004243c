# Two commands set everything up on a fresh Debian machine:
#   make demo   renders the sample releases into dist/
#   make test   runs the test suite
# Both create the virtual environment and install the Debian packages they
# need when missing (as root, or through sudo).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

# WeasyPrint's libraries; harfbuzz-subset makes font subsetting several times
# faster than the pure-Python fallback. GNU libunistring breaks the lines of
# catalogs exactly as GNU gettext does.
RENDER_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1 libunistring2
# What the tests read outputs back with: poppler (pdftotext, pdffonts),
# GNU gettext (msgfmt), Chromium for the HTML, and Java for the Nu HTML
# Checker (vnu.jar, from npm, into .tools/); axe-core, from npm too, checks
# the pages' accessibility inside Chromium; strace shows which files each
# command opens.
TEST_PACKAGES := $(RENDER_PACKAGES) poppler-utils gettext chromium openjdk-17-jre-headless strace
VNU := .tools/node_modules/vnu-jar/build/dist/vnu.jar
# What pip needs to build PyICU (ICU's word segmentation, for Thai), which has no wheels.
BUILD_PACKAGES := libicu-dev pkg-config g++
AXE := .tools/node_modules/axe-core/axe.min.js

.PHONY: demo test benchmark clean

# The demo is published at DEMO_URL, so that its sitemap and feeds hold full
# addresses; see it there with: python3 -m http.server -d dist 8000
DEMO_URL ?= http://localhost:8000/

demo: $(VENV)/.installed
	@$(MAKE) --no-print-directory debian-packages PACKAGES="$(RENDER_PACKAGES)"
	$(BIN)/publisher render samples/* --out dist --base-url $(DEMO_URL)

test: $(VENV)/.installed
	@$(MAKE) --no-print-directory debian-packages PACKAGES="$(TEST_PACKAGES)"
	@$(MAKE) --no-print-directory $(VNU) $(AXE)
	@# The tests start some 400 publisher processes: where PYTHONDONTWRITEBYTECODE is set, each
	@# would compile publisher's modules from source again (0.1 s of CPU each) without this.
	$(BIN)/python -m compileall -q publisher
	$(BIN)/python -m pytest

benchmark: $(VENV)/.installed
	@$(MAKE) --no-print-directory debian-packages PACKAGES="$(TEST_PACKAGES)"
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/batch.py
	$(BIN)/python benchmarks/cluster.py
	$(BIN)/python benchmarks/catalogs.py
	$(BIN)/python benchmarks/drafts.py
	$(BIN)/python benchmarks/limits.py
	$(BIN)/python benchmarks/serve.py
	$(BIN)/python benchmarks/warm.py
	$(BIN)/python benchmarks/webfonts.py

# --ignore-scripts: the package's own script would fetch a Java; Debian's is used.
$(VNU):
	npm install --silent --no-audit --no-fund --ignore-scripts --prefix .tools vnu-jar@26.9.27

$(AXE):
	npm install --silent --no-audit --no-fund --ignore-scripts --prefix .tools axe-core@4.14.1

$(VENV)/.installed: pyproject.toml
	@$(MAKE) --no-print-directory debian-packages PACKAGES="$(BUILD_PACKAGES)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

.PHONY: debian-packages
debian-packages:
	@missing=$$(for package in $(PACKAGES); do \
	    dpkg-query -W -f='$${Status}\n' $$package 2>/dev/null | grep -q '^install ok installed' || echo $$package; \
	  done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:" $$missing; \
	  sudo=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$sudo apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing; \
	fi

clean:
	rm -rf $(VENV) dist .tools
