"""Catalog upkeep: `python -m codesign.i18n.catalogs check|compile|fill-english`.

`check` fails when locales/messages.pot is stale against the code and templates, or when a
catalog misses a message, has an empty or fuzzy entry, loses a placeholder, or (for the
locales written in another script) still holds the English text.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from codesign.i18n.locales import SUPPORTED_LOCALES
from codesign.settings import PROJECT_ROOT

LOCALE_DIR = PROJECT_ROOT / "locales"
POT = LOCALE_DIR / "messages.pot"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
NON_LATIN = {"ar", "fa", "uk"}  # an English msgstr there can only mean "not translated"
EXTRACT = [
    sys.executable, "-m", "babel.messages.frontend", "-q", "extract", "-F", "babel.cfg", "--ignore-dirs", ".*",
    "-k", "lazy_gettext", "-k", "_l", "--no-location", "--sort-output", "--project", "Codesign",
    "--copyright-holder", "Codesign contributors", "-o",
]


def _read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def _ids(catalog: Catalog) -> set[object]:
    return {message.id for message in catalog if message.id}


def stale_template() -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "messages.pot"
        subprocess.run([*EXTRACT, str(fresh), "."], cwd=PROJECT_ROOT, check=True, capture_output=True)
        new, old = _ids(_read(fresh)), _ids(_read(POT))
    problems = [f"messages.pot lacks {msg!r}" for msg in sorted(map(str, new - old))]
    problems += [f"messages.pot still has {msg!r}" for msg in sorted(map(str, old - new))]
    return problems


def catalog_problems(locale: str) -> list[str]:
    path = LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po"
    if not path.exists():
        return [f"{locale}: no catalog"]
    catalog = _read(path, locale)
    template_ids = _ids(_read(POT))
    problems = [f"{locale}: missing {str(m)!r}" for m in template_ids - _ids(catalog)]
    for message in catalog:
        if not message.id:
            continue
        label = f"{locale}: {str(message.id if isinstance(message.id, str) else message.id[0])!r}"
        if message.fuzzy:
            problems.append(f"{label} is fuzzy")
        ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
        strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
        if not all(strings):
            problems.append(f"{label} is not translated")
            continue
        wanted = set(PLACEHOLDER.findall(" ".join(ids)))
        for text in map(str, strings):
            if set(PLACEHOLDER.findall(text)) - wanted or (wanted - {"num"}) - set(PLACEHOLDER.findall(text)):
                problems.append(f"{label} has different placeholders")
                break
        if locale in NON_LATIN and strings[0] == ids[0] and re.search(r"[A-Za-z]{3}", ids[0]):
            problems.append(f"{label} is still English")
    return problems


def check() -> int:
    problems = stale_template()
    for locale in SUPPORTED_LOCALES:
        problems += catalog_problems(locale)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s). Run `just i18n-extract`, `just i18n-update`, then translate.")
        return 1
    print(f"Catalogs complete: {', '.join(SUPPORTED_LOCALES)}.")
    return 0


def fill_english() -> None:
    """English is the source language: its catalog repeats each message."""
    path = LOCALE_DIR / "en" / "LC_MESSAGES" / "messages.po"
    catalog = _read(path, "en")
    for message in catalog:
        if message.id:
            message.string = message.id
            message.flags.discard("fuzzy")
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100)


def compile_all() -> None:
    """Writes each messages.mo; fuzzy entries are left out, as pybabel does."""
    for locale in SUPPORTED_LOCALES:
        folder = LOCALE_DIR / locale / "LC_MESSAGES"
        catalog = _read(folder / "messages.po", locale)
        with (folder / "messages.mo").open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    if command == "fill-english":
        fill_english()
    elif command == "compile":
        compile_all()
    else:
        sys.exit(check())
