# Codesign's tasks. `just --list` explains each one; README.md starts with `just serve` and `just test`.

set shell := ["bash", "-euo", "pipefail", "-c"]

python := env_var_or_default("PYTHON", "python3")
port := env_var_or_default("CODESIGN_PORT", "8000")
export UV_PYTHON_DOWNLOADS := "never"
# Trust the platform's certificate store, as pip and npm on this machine do.
export UV_SYSTEM_CERTS := "true"
export PICCOLO_CONF := "codesign.piccolo_conf"

# List the recipes
default:
    @just --list

# Create .venv and install the locked Python dependencies (quick when nothing changed)
sync:
    #!/usr/bin/env bash
    set -euo pipefail
    {{python}} -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Codesign needs Python 3.11 or newer")'
    if [ ! -x .tools/bin/uv ]; then
        {{python}} -m venv .tools && .tools/bin/pip install -q --disable-pip-version-check "uv==0.13.8"
    fi
    wanted=$(sha256sum requirements.lock | cut -d' ' -f1)
    if [ "$(cat .venv/.requirements-hash 2>/dev/null)" != "$wanted" ]; then
        [ -x .venv/bin/python ] || .tools/bin/uv venv -q --python {{python}} .venv
        .tools/bin/uv pip sync -q --python .venv/bin/python --require-hashes requirements.lock
        echo "$wanted" > .venv/.requirements-hash
    fi

# Install htmx from its npm package (package-lock.json) and copy it where the app serves it
assets:
    #!/usr/bin/env bash
    set -euo pipefail
    wanted=$(sha256sum package-lock.json | cut -d' ' -f1)
    if [ "$(cat node_modules/.codesign-lock-hash 2>/dev/null)" != "$wanted" ]; then
        npm ci --no-audit --no-fund --loglevel=error
        echo "$wanted" > node_modules/.codesign-lock-hash
    fi
    mkdir -p static/vendor
    cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx.min.js

# Compile the translation catalogs (locales/*/LC_MESSAGES/messages.mo)
i18n-compile: sync
    .venv/bin/python -m codesign.i18n.catalogs compile

# Extract every UI string from code and templates into locales/messages.pot
i18n-extract: sync
    .venv/bin/pybabel -q extract -F babel.cfg --ignore-dirs ".*" -k lazy_gettext -k _l -o locales/messages.pot --no-location --sort-output --project Codesign --copyright-holder "Codesign contributors" .

# Merge messages.pot into every catalog (new strings arrive empty, to be translated)
i18n-update: i18n-extract
    .venv/bin/pybabel -q update -i locales/messages.pot -d locales --no-fuzzy-matching --ignore-obsolete -w 100
    .venv/bin/python -m codesign.i18n.catalogs fill-english

# Fail when messages.pot is stale or any catalog has an untranslated, fuzzy or still-English entry
i18n-check: sync
    .venv/bin/python -m codesign.i18n.catalogs check

# Apply the database migrations (SQLite in CODESIGN_DATA_DIR, or CODESIGN_DATABASE_URL)
migrate: sync
    .venv/bin/python -m codesign db migrate

# Write a new migration for one domain after changing its tables.py, e.g. `just makemigrations councils`
makemigrations app: sync
    .venv/bin/python -m codesign db makemigrations {{app}}

# Load the demo data once and print the demo accounts
demo: sync
    .venv/bin/python -m codesign demo

# Run the `codesign` command, e.g. `just codesign user create --username ada --role admin`
codesign *args: sync
    .venv/bin/python -m codesign {{args}}

# Set everything up and serve on http://127.0.0.1:8000 (honours CODESIGN_PORT, CODESIGN_DATA_DIR, CODESIGN_DATABASE_URL)
serve: sync assets i18n-compile migrate demo
    .venv/bin/granian --interface asgi --factory codesign.app:create_app --host 127.0.0.1 --port {{port}} --workers 1 --no-access-log

# Run the whole test suite: catalogs check, HTTP and unit tests, browser journeys (Debian's chromium)
test *args: sync assets i18n-compile i18n-check
    .venv/bin/python -m pytest {{args}}

# Lint the code with ruff
lint: sync
    .venv/bin/ruff check codesign tests

# Type-check the package with mypy
typecheck: sync
    .venv/bin/mypy codesign

# Re-resolve the dependencies after editing pyproject.toml and write requirements.lock (hashed)
lock: sync
    .tools/bin/uv lock -q --python {{python}}
    .tools/bin/uv export -q --format requirements-txt --all-groups --no-emit-project --no-header -o requirements.lock

# Queue the email digests and send them (SMTP, or .eml files in the data dir) every minute; `just worker --once` does one pass
worker *args: sync
    .venv/bin/python -m codesign worker {{args}}

# Benchmark voting (2,000 voters, 60 s) on SQLite, then PostgreSQL with 2 processes if CODESIGN_BENCH_DATABASE_URL is set, then a listening session's live vote (1,000 participants, SQLite); writes docs/benchmarks.md
bench: sync
    #!/usr/bin/env bash
    set -euo pipefail
    .venv/bin/python -m bench.voting --engine sqlite
    url="${CODESIGN_BENCH_DATABASE_URL:-}"
    if [ -z "$url" ] && [[ "${CODESIGN_DATABASE_URL:-}" == postgresql://* ]]; then
        url="$CODESIGN_DATABASE_URL"
    fi
    if [ -n "$url" ]; then
        CODESIGN_BENCH_DATABASE_URL="$url" .venv/bin/python -m bench.voting --engine postgres
    else
        echo "PostgreSQL skipped: set CODESIGN_BENCH_DATABASE_URL=postgresql://… to benchmark it too."
    fi
    # Last: bench.voting rewrites docs/benchmarks.md around its own sections, this one adds its section after them.
    .venv/bin/python -m bench.listening
