"""Sending one email: through SMTP (aiosmtplib) when a host is configured, else as an .eml file in the data dir."""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

import aiosmtplib

from codesign.settings import Settings

SMTP_TIMEOUT_SECONDS = 60


def sender_domain(mail_from: str) -> str:
    address = parseaddr(mail_from)[1]
    return address.rpartition("@")[2] or "localhost"


def compose(
    *,
    outbox_id: int,
    to_address: str,
    subject: str,
    body: str,
    created_at: datetime,
    dedupe_key: str,
    settings: Settings,
) -> EmailMessage:
    """The message for one outbox row. Its Message-ID depends on the row alone, so a retry is recognisably
    the same email to any server that saw the first attempt."""
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = to_address
    message["Subject"] = subject
    message["Date"] = format_datetime(created_at)
    digest = hashlib.sha256(dedupe_key.encode()).hexdigest()[:16]
    message["Message-ID"] = f"<codesign.{outbox_id}.{digest}@{sender_domain(settings.mail_from)}>"
    # Automatic mail (RFC 3834): out-of-office replies are not sent back to it.
    message["Auto-Submitted"] = "auto-generated"
    message["List-Unsubscribe"] = f"<{settings.base_url.rstrip('/')}/account/email-digest>"
    message.set_content(body)
    return message


async def deliver(message: EmailMessage, settings: Settings, *, outbox_id: int | None = None) -> None:
    """Sends the message, or (without CODESIGN_SMTP_HOST) writes <data dir>/outbox/<outbox id>.eml.

    Raises on any failure; the worker records it and tries again later.
    """
    if settings.smtp_host:
        login = bool(settings.smtp_username)
        await aiosmtplib.send(
            message,
            hostname=settings.smtp_host,
            port=settings.smtp_port_or_default,
            username=settings.smtp_username if login else None,
            password=settings.smtp_password if login else None,
            use_tls=settings.smtp_tls == "tls",
            start_tls=settings.smtp_tls == "starttls",
            timeout=SMTP_TIMEOUT_SECONDS,
        )
        return
    write_eml(message, settings, outbox_id)


def write_eml(message: EmailMessage, settings: Settings, outbox_id: int | None) -> None:
    folder = settings.outbox_dir
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{outbox_id:08d}.eml" if outbox_id is not None else f"message-{secrets.token_hex(8)}.eml"
    target = folder / name
    partial = folder / f".{name}.{secrets.token_hex(4)}.tmp"
    # Written under another name first, then renamed: a reader never sees half a file, and writing the
    # same outbox row again replaces its file instead of adding a second one.
    try:
        partial.write_bytes(message.as_bytes(policy=policy.SMTP))
        os.replace(partial, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
