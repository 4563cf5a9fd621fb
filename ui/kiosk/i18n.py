"""The kiosk's languages through Qt's translation system.

Sources: `ui/kiosk/i18n/kiosk_<code>.ts` (XML, in the repository, edited with Qt Linguist or by hand). After
changing a text in ui/kiosk/*.py run

    .venv/bin/python ui/kiosk/i18n/update.py        # pyside6-lupdate ui/kiosk/*.py -ts ui/kiosk/i18n/kiosk_de.ts

which adds the new texts to every .ts (marked unfinished) and keeps the translations already made.

No compiled .qm is committed: `compiled()` runs PySide6's bundled `lrelease` into a cache folder (the user's
cache dir, or one a test passes) whenever the .qm is missing or older than its .ts, so an edited .ts is
seen at the next start. English is the source language: choosing it removes the translator.

Installing or removing a translator makes Qt send LanguageChange to every widget; `base.Screen` and the
shell's own widgets answer it by setting their texts again through tr().
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import PySide6
from platformdirs import user_cache_dir
from PySide6.QtCore import QCoreApplication, QEvent, QTranslator

SOURCE_LANGUAGE = "en"
TS_FOLDER = Path(__file__).resolve().parent / "i18n"
LANGUAGES = {"en": "English", "de": "Deutsch"}  # the names people look for: each in its own language
LRELEASE_TIMEOUT_S = 30


class TranslationMissing(RuntimeError):
    """No .ts for the language, or lrelease could not compile it."""


def default_cache() -> Path:
    return Path(user_cache_dir("conference-kiosk")) / "translations"


def qt_tool(name: str) -> Path:
    """A Qt tool shipped inside the PySide6 wheel (lrelease, lupdate)."""
    folder = Path(PySide6.__file__).resolve().parent
    return folder / (f"{name}.exe" if sys.platform == "win32" else name)


def ts_file(language: str) -> Path:
    return TS_FOLDER / f"kiosk_{language}.ts"


def compiled(language: str, cache: Path | None = None) -> Path:
    """The .qm for `language`, compiled now if missing or older than its .ts."""
    source = ts_file(language)
    if not source.is_file():
        raise TranslationMissing(f"no translation source {source.name}")
    folder = cache or default_cache()
    target = folder / f"kiosk_{language}.qm"
    if target.is_file() and target.stat().st_mtime >= source.stat().st_mtime:
        return target
    folder.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".qm.partial")  # a half-written .qm must never be loaded
    try:
        subprocess.run([str(qt_tool("lrelease")), "-silent", str(source), "-qm", str(partial)], check=True,
                       capture_output=True, timeout=LRELEASE_TIMEOUT_S)
    except (OSError, subprocess.SubprocessError) as exc:
        raise TranslationMissing(f"cannot compile {source.name}: {exc}") from exc
    partial.replace(target)
    return target


class Translations:
    """The kiosk's installed translator; `use(app, code)` swaps it and returns the language now in use.
    Qt's translators are application-wide, so the module keeps one of these (set_language)."""

    def __init__(self, cache: Path | None = None) -> None:
        self.cache = cache
        self.language = SOURCE_LANGUAGE
        self.translator: QTranslator | None = None

    def use(self, app: QCoreApplication, language: str) -> str:
        if language == self.language:
            return self.language
        loaded: QTranslator | None = None
        if language != SOURCE_LANGUAGE:
            loaded = QTranslator(app)
            if not loaded.load(str(compiled(language, self.cache))):
                raise TranslationMissing(f"cannot load the {language} translation")
        if self.translator is not None:
            app.removeTranslator(self.translator)
        if loaded is not None:
            app.installTranslator(loaded)
        self.translator, self.language = loaded, language
        # Qt posts LanguageChange; deliver it now so every text is switched before the next paint (and a
        # test can look at it at once).
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
        return language


_TRANSLATIONS = Translations()


def set_language(app: QCoreApplication, language: str, cache: Path | None = None) -> str:
    """Switch the whole application to `language` ("en", "de"); the language now in use."""
    if cache is not None:
        _TRANSLATIONS.cache = cache
    return _TRANSLATIONS.use(app, language)


def current_language() -> str:
    return _TRANSLATIONS.language
