# vnews workflows. `make run` and `make test` set everything up on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    ?= out
CORPUS ?= corpora
# The shared corpus (third-party texts, never committed) is added when present.
SHARED ?= ../shared/corpora
EXTRA  := $(wildcard $(SHARED))

.PHONY: run test lint eval eval-sealed eval-stories train bench gazetteers clean venv browser

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	$(BIN)/vnews run $(CORPUS) $(EXTRA) --out $(OUT)

test: $(STAMP) browser lint
	$(BIN)/python -m pytest -q

# ruff, configured in pyproject.toml (line length, import order, bugbear, pyupgrade)
lint: $(STAMP)
	$(BIN)/ruff check pipeline tests scripts

# Debian's chromium for the one test that opens the HTML page in a real browser.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "note: installing Debian's chromium with apt-get (once) for the test that opens 'vnews show --html' in a real browser"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1 \
	      || echo "note: could not install chromium; the browser test will be skipped"; \
	  else echo "note: chromium not installed (needs root and apt-get); the browser test will be skipped"; fi; }

# Quality on the gold (corpora/gold/manifest.csv): vnews runs on the split's texts (read by id
# from ../shared/news) and is scored per table, per kind of news and per label.
eval: $(STAMP)
	$(BIN)/vnews eval --split dev --out $(OUT)/eval-dev

# The sealed split: at most once, at the end of an issue (README, "The sealed split").
eval-sealed: $(STAMP)
	$(BIN)/vnews eval --split sealed --out $(OUT)/eval-sealed

# The entity model (models/entities/ner.crfsuite) and its word clusters and name priors, from
# the dev gold and ../shared/news; then the event acceptance model (models/events/acceptance.tsv,
# which reads the entities). Leave-one-category-out scores in models/*/loco.csv.
# Deterministic (one worker, fixed seeds); about 12 minutes on 2 cores.
# Stories (needs ../shared/news): all 2,329 articles in one run, stories scored against the
# collections' clusters (B-cubed), merged events and conflicting numbers against corpora/gold/stories.
eval-stories: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[train]'
	$(BIN)/python scripts/eval_stories.py

train: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[train]'
	PYTHONHASHSEED=0 $(BIN)/python scripts/train_entities.py --clusters --loco
	PYTHONHASHSEED=0 $(BIN)/python scripts/train_events.py
	PYTHONHASHSEED=0 $(BIN)/python scripts/train_stories.py

bench: $(STAMP)
	$(BIN)/python -W ignore scripts/bench.py --out $(OUT)/bench.csv

gazetteers: $(STAMP)
	$(BIN)/python scripts/build_gazetteers.py

clean:
	rm -rf $(OUT) .pytest_cache build *.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
