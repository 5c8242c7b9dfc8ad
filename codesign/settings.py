"""Settings: a frozen value built from the environment and passed to create_app (never cached at import)."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    secret_key: str
    port: int = 8000
    debug: bool = False
    session_max_age: int = 14 * 24 * 3600
    # Cookies are sent over HTTPS only in production; 127.0.0.1 in development is plain HTTP.
    secure_cookies: bool = False
    # argon2 cost: the defaults in production, cheap in tests (stack-notes P20).
    fast_password_hashing: bool = False
    template_dir: Path = field(default=PROJECT_ROOT / "templates")
    locale_dir: Path = field(default=PROJECT_ROOT / "locales")
    static_dir: Path = field(default=PROJECT_ROOT / "static")
    # Email digests: through SMTP when a host is set, else written as .eml files into <data dir>/outbox/.
    smtp_host: str = ""
    smtp_port: int | None = None  # None: 465 for tls, 587 for starttls, 25 for none
    smtp_username: str = ""
    smtp_password: str = field(default="", repr=False)
    smtp_tls: str = "starttls"  # none | starttls | tls
    mail_from: str = "Codesign <codesign@localhost>"
    base_url: str = "http://127.0.0.1:8000"  # for the links in emails

    @property
    def is_sqlite(self) -> bool:
        return not self.database_url.startswith(("postgres://", "postgresql://"))

    @property
    def sqlite_path(self) -> Path:
        return Path(self.database_url.removeprefix("sqlite:///"))

    @property
    def outbox_dir(self) -> Path:
        return self.data_dir / "outbox"

    @property
    def smtp_port_or_default(self) -> int:
        return self.smtp_port or {"tls": 465, "starttls": 587}.get(self.smtp_tls, 25)


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def database_url_from_env(env: dict[str, str] | os._Environ[str] | None = None) -> str:
    env = os.environ if env is None else env
    data_dir = Path(env.get("CODESIGN_DATA_DIR") or PROJECT_ROOT / "var").resolve()
    return env.get("CODESIGN_DATABASE_URL") or f"sqlite:///{data_dir / 'codesign.sqlite'}"


def load_secret_key(data_dir: Path, env: dict[str, str] | os._Environ[str]) -> str:
    """The secret comes from the environment, or is generated once into the data dir (never committed)."""
    if env.get("CODESIGN_SECRET_KEY"):
        return env["CODESIGN_SECRET_KEY"]
    path = data_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    # Created with owner-only permissions before the key is written.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


SMTP_TLS_MODES = ("none", "starttls", "tls")


def smtp_tls_from_env(env: dict[str, str] | os._Environ[str]) -> str:
    mode = (env.get("CODESIGN_SMTP_TLS") or "starttls").strip().lower()
    if mode not in SMTP_TLS_MODES:
        raise ValueError(f"CODESIGN_SMTP_TLS must be one of {', '.join(SMTP_TLS_MODES)}, not {mode!r}")
    return mode


def settings_from_env(env: dict[str, str] | os._Environ[str] | None = None) -> Settings:
    env = os.environ if env is None else env
    data_dir = Path(env.get("CODESIGN_DATA_DIR") or PROJECT_ROOT / "var").resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    port = int(env.get("CODESIGN_PORT") or 8000)
    return Settings(
        data_dir=data_dir,
        database_url=database_url_from_env(env),
        secret_key=load_secret_key(data_dir, env),
        port=port,
        debug=_truthy(env.get("CODESIGN_DEBUG")),
        secure_cookies=_truthy(env.get("CODESIGN_SECURE_COOKIES")),
        fast_password_hashing=_truthy(env.get("CODESIGN_FAST_PASSWORD_HASHING")),
        smtp_host=(env.get("CODESIGN_SMTP_HOST") or "").strip(),
        smtp_port=int(env["CODESIGN_SMTP_PORT"]) if env.get("CODESIGN_SMTP_PORT") else None,
        smtp_username=env.get("CODESIGN_SMTP_USERNAME") or "",
        smtp_password=env.get("CODESIGN_SMTP_PASSWORD") or "",
        smtp_tls=smtp_tls_from_env(env),
        mail_from=env.get("CODESIGN_MAIL_FROM") or "Codesign <codesign@localhost>",
        base_url=(env.get("CODESIGN_BASE_URL") or f"http://127.0.0.1:{port}").rstrip("/"),
    )
