"""robots.txt, read once per host and obeyed (urllib.robotparser does the parsing).

How an unreadable robots.txt is taken follows RFC 9309: a 4xx answer means
there are no rules (fetch freely); a 5xx answer or no answer at all means the
site may be in trouble, so nothing is fetched from it for this run.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser


@dataclass
class RobotsAnswer:
    """What fetching a host's robots.txt gave: a status (None = no answer) and text."""

    status: int | None
    text: str = ""
    reason: str = ""


@dataclass
class HostRules:
    parser: RobotFileParser | None
    """None when nothing at all may be fetched (robots.txt unreachable)."""
    reason: str = ""

    def allows(self, agent: str, url: str) -> bool:
        return self.parser is not None and self.parser.can_fetch(agent, url)

    def crawl_delay(self, agent: str) -> float | None:
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(agent)
        return float(delay) if delay is not None else None

    def sitemaps(self) -> list[str]:
        return list(self.parser.site_maps() or []) if self.parser else []


def robots_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/robots.txt", "", ""))


def host_key(url: str) -> str:
    """scheme://host[:port]: robots.txt applies per origin."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def rules_from_answer(answer: RobotsAnswer) -> HostRules:
    parser = RobotFileParser()
    if answer.status is not None and 200 <= answer.status < 300:
        parser.parse(answer.text.splitlines())
        return HostRules(parser)
    if answer.status is not None and 400 <= answer.status < 500:
        parser.parse([])  # no rules: everything allowed
        return HostRules(parser)
    return HostRules(None, answer.reason or f"robots.txt answered HTTP {answer.status}")


class RobotsCache:
    """Per-host rules, fetched through `download` (which should be polite and cached)."""

    def __init__(self, download: Callable[[str], RobotsAnswer], agent: str):
        self.download = download
        self.agent = agent
        self._rules: dict[str, HostRules] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def rules_for(self, url: str) -> HostRules:
        key = host_key(url)
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:  # one download per host even when threads ask at once
            if key not in self._rules:
                self._rules[key] = rules_from_answer(self.download(robots_url(url)))
            return self._rules[key]

    def check(self, url: str) -> str | None:
        """None if `url` may be fetched, else the reason it may not."""
        rules = self.rules_for(url)
        if rules.parser is None:
            return f"robots.txt could not be read ({rules.reason}), so the site is left alone"
        if not rules.allows(self.agent, url):
            return f"robots.txt disallows it for {self.agent}"
        return None

    def crawl_delay(self, url: str) -> float | None:
        return self.rules_for(url).crawl_delay(self.agent)

    def sitemaps(self, url: str) -> list[str]:
        return self.rules_for(url).sitemaps()
