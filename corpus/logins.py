"""Wrong passwords per (user name, address), shared by every process that serves the same corpus."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlmodel import Session, col, select

from corpus.models import LoginFailure, utc_now
from corpus.repository import Corpus


def recent_failures(corpus: Corpus, username: str, address: str, window: timedelta) -> list[datetime]:
    """When this name failed from this address within the window, oldest first."""
    with Session(corpus.engine) as session:
        rows = session.exec(
            select(LoginFailure.at)
            .where(LoginFailure.username == username, LoginFailure.address == address)
            .where(col(LoginFailure.at) > utc_now() - window)
            .order_by(col(LoginFailure.at))
        )
        return list(rows)


def add_failure(corpus: Corpus, username: str, address: str, window: timedelta) -> None:
    """Keep one wrong password; forget every failure (of anyone) older than the window."""
    with Session(corpus.engine) as session, session.begin():
        session.execute(delete(LoginFailure).where(col(LoginFailure.at) <= utc_now() - window))
        session.add(LoginFailure(username=username, address=address))


def clear_failures(corpus: Corpus, username: str, address: str) -> None:
    with Session(corpus.engine) as session, session.begin():
        session.execute(
            delete(LoginFailure).where(
                col(LoginFailure.username) == username, col(LoginFailure.address) == address
            )
        )
