"""Polite HTTP fetching: robots.txt, a per-host delay, retries with backoff
that honour Retry-After, timeouts, a size cap, a content-type check and an
on-disk HTTP cache (requests-cache), so a re-run downloads nothing it has.

Every failure becomes a `KoperasiError` naming the URL and the reason; nothing
here raises anything else for a bad URL or a misbehaving server.

    fetcher = Fetcher(FetchConfig(delay=1.0))
    for doc in fetcher.fetch_many(urls):      # RawDocument or KoperasiError, input order
        ...
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests
import requests_cache

from extractor import __version__
from extractor.acquire.robots import RobotsAnswer, RobotsCache
from extractor.article import KoperasiError, RawDocument
from extractor.parse.encoding import charset_from_content_type

AGENT_TOKEN = "koperasi-extractor"
DEFAULT_USER_AGENT = (f"{AGENT_TOKEN}/{__version__} (news research on cooperative statistics; "
                      "python-requests)")
RETRY_STATUSES = {429, 500, 502, 503, 504}
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
# What the cache keeps: pages and permanent redirects. 404 is kept only for
# robots.txt (a missing robots.txt is an answer worth remembering for a day).
CACHEABLE_STATUSES = (200, 203, 301, 308, 404, 410)
PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
FEED_TYPES = ("application/xml", "text/xml", "application/rss+xml", "application/atom+xml",
              "application/rdf+xml", "application/x-gzip", "application/gzip",
              "application/octet-stream")
ROBOTS_EXPIRY = timedelta(days=1)
ROBOTS_MAX_BYTES = 500_000  # RFC 9309 asks crawlers to read at least 500 KiB
MAX_CRAWL_DELAY = 30.0  # a robots.txt Crawl-delay above this is clamped


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "koperasi" / "http"


@dataclass(frozen=True)
class FetchConfig:
    """How to fetch. `from_env` reads KOPERASI_* variables so commands that take
    no fetch options (e.g. `koperasi extract URL`) can still be tuned."""

    user_agent: str = DEFAULT_USER_AGENT
    timeout: float = 20.0
    """Seconds to connect, and seconds of silence while reading, per attempt."""
    total_timeout: float = 120.0
    """Seconds a whole body may take to arrive (against servers that drip bytes)."""
    retries: int = 3
    backoff: float = 1.0
    """First retry wait in seconds; doubles each attempt (unless Retry-After says)."""
    max_retry_after: float = 120.0
    """A longer Retry-After makes the URL fail as rate-limited instead of waiting."""
    delay: float = 1.0
    """Seconds between two requests to the same host (robots Crawl-delay may raise it)."""
    max_bytes: int = 10_000_000
    max_redirects: int = 10
    workers: int = 4
    """Hosts fetched at the same time."""
    cache_dir: Path | None = field(default_factory=default_cache_dir)
    """On-disk HTTP cache; None keeps responses in memory for this run only."""
    cache_expiry: timedelta | None = None
    """How long a cached page stays fresh; None = for ever (news pages do not change)."""

    @classmethod
    def from_env(cls, **overrides) -> FetchConfig:
        env = os.environ
        values: dict = {}
        if env.get("KOPERASI_USER_AGENT"):
            values["user_agent"] = env["KOPERASI_USER_AGENT"]
        if env.get("KOPERASI_CACHE_DIR"):
            values["cache_dir"] = Path(env["KOPERASI_CACHE_DIR"])
        if env.get("KOPERASI_NO_CACHE"):
            values["cache_dir"] = None
        for name, convert in (("delay", float), ("timeout", float), ("retries", int),
                              ("max_bytes", int), ("workers", int)):
            raw = env.get(f"KOPERASI_{name.upper()}")
            if raw:
                values[name] = convert(raw)
        values.update({key: value for key, value in overrides.items() if value is not None})
        return cls(**values)


@dataclass
class Fetched:
    """A successful response, body read (within the size cap)."""

    requested: str
    url: str
    status: int
    content_type: str
    content: bytes
    from_cache: bool

    @property
    def charset(self) -> str | None:
        return charset_from_content_type(self.content_type)

    @property
    def media_type(self) -> str:
        return self.content_type.split(";")[0].strip().lower()


class BodyTooLarge(Exception):
    def __init__(self, size: int, limit: int):
        super().__init__(f"{size:,} bytes")
        self.size = size
        self.limit = limit


class BodyTooSlow(Exception):
    pass


class HostGate:
    """One request at a time per host, at least `delay` seconds apart (measured
    from the end of one request to the start of the next). Hosts do not wait
    for each other."""

    def __init__(self, delay: float, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep):
        self.delay = delay
        self.clock = clock
        self.sleep = sleep
        self._locks: dict[str, threading.Lock] = {}
        self._next: dict[str, float] = {}
        self._guard = threading.Lock()

    @contextmanager
    def slot(self, host: str, delay: float | None = None):
        with self._guard:
            lock = self._locks.setdefault(host, threading.Lock())
        with lock:
            wait = self._next.get(host, 0.0) - self.clock()
            if wait > 0:
                self.sleep(wait)
            try:
                yield
            finally:
                gap = self.delay if delay is None else max(self.delay, delay)
                self._next[host] = max(self._next.get(host, 0.0), self.clock() + gap)

    def defer(self, host: str, seconds: float) -> None:
        """Hold every request to `host` back for `seconds` (Retry-After, backoff)."""
        with self._guard:
            self._next[host] = max(self._next.get(host, 0.0), self.clock() + seconds)


def host_of(url: str) -> str:
    return urlsplit(url).netloc.lower()


def is_url(text: str) -> bool:
    return bool(re.match(r"https?://[^\s/]+", text, re.I))


class Fetcher:
    """Fetches URLs politely. Thread-safe; use one per run (or per worker process)."""

    def __init__(self, config: FetchConfig | None = None, *,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep):
        self.config = config or FetchConfig.from_env()
        self.gate = HostGate(self.config.delay, clock, sleep)
        self.clock = clock
        self.robots = RobotsCache(self._download_robots, self.config.user_agent)
        self._backend = None  # made on first request: local-only runs create no cache
        self._local = threading.local()
        self._sessions: list[requests.Session] = []
        self._sessions_lock = threading.Lock()

    # --- public API ------------------------------------------------------------

    def fetch(self, url: str) -> RawDocument:
        """An article page (HTML, or plain text) as a RawDocument; raises `KoperasiError`."""
        fetched = self.fetch_resource(url, accept=PAGE_TYPES)
        kind = "text" if fetched.media_type == "text/plain" else "html"
        return RawDocument(source=url, content=fetched.content, kind=kind, url=fetched.url,
                           charset=fetched.charset, content_type=fetched.content_type)

    def fetch_many(self, urls: Iterable[str]) -> Iterator[RawDocument | KoperasiError]:
        """Fetch article pages, several hosts at once, one request at a time per
        host; yields results in input order, errors as `KoperasiError`."""
        yield from self.map(self.fetch, urls)

    def fetch_resource(self, url: str, accept: tuple[str, ...] = PAGE_TYPES + FEED_TYPES
                       ) -> Fetched:
        """Any response whose media type is in `accept` (sitemaps, feeds, pages),
        following redirects, each hop checked against robots.txt."""
        if not is_url(url):
            raise KoperasiError(url, "bad_url", "is not an http(s) URL")
        current, seen = url, {url}
        for _ in range(self.config.max_redirects + 1):
            self._check_robots(url, current)
            response = self._get(url, current)
            if response.status_code in REDIRECT_STATUSES:
                current = self._redirect_target(url, current, response, seen)
                continue
            return self._accept(url, current, response, accept)
        raise KoperasiError(url, "too_many_redirects",
                            f"more than {self.config.max_redirects} redirects")

    def map(self, work: Callable[[str], object], urls: Iterable[str]) -> Iterator:
        """Run `work(url)` for each URL, hosts in parallel, each host's URLs in
        order; yields results in input order (a `KoperasiError` for a failure)."""
        urls = list(urls)
        by_host: dict[str, list[int]] = {}
        for index, url in enumerate(urls):
            by_host.setdefault(host_of(url) if is_url(url) else "", []).append(index)
        results: dict[int, object] = {}
        ready = threading.Condition()
        stop = threading.Event()

        def run_host(indices: list[int]) -> None:
            for index in indices:
                if stop.is_set():
                    return
                result = self._guarded(work, urls[index])
                with ready:
                    results[index] = result
                    ready.notify_all()

        workers = max(1, min(self.config.workers, len(by_host)))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="fetch") as pool:
            for indices in by_host.values():
                pool.submit(run_host, indices)
            try:
                for index in range(len(urls)):
                    with ready:
                        ready.wait_for(lambda index=index: index in results)
                        result = results.pop(index)
                    if isinstance(result, BaseException) and not isinstance(
                            result, KoperasiError):
                        raise result
                    yield result
            finally:
                stop.set()

    def close(self) -> None:
        with self._sessions_lock:
            for session in self._sessions:
                session.close()
            self._sessions.clear()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    # --- requests --------------------------------------------------------------

    @staticmethod
    def _guarded(work: Callable[[str], object], url: str) -> object:
        """A KoperasiError is a result; any other exception is kept to re-raise
        in the caller's thread (it is a bug, not a bad URL)."""
        try:
            return work(url)
        except KoperasiError as error:
            return error
        except Exception as exc:  # noqa: BLE001 - handed to the consuming thread
            return exc

    def _shared_backend(self):
        with self._sessions_lock:
            if self._backend is None:
                self._backend = self._make_backend()
            return self._backend

    def _make_backend(self):
        if self.config.cache_dir is None:
            return requests_cache.BaseCache()  # in memory, this run only
        self.config.cache_dir.mkdir(parents=True, exist_ok=True)
        return requests_cache.SQLiteCache(str(self.config.cache_dir / "http_cache.sqlite"),
                                          busy_timeout=30_000)

    @property
    def session(self) -> requests.Session:
        """One session per thread, all sharing one cache backend."""
        session = getattr(self._local, "session", None)
        if session is None:
            expiry = (self.config.cache_expiry if self.config.cache_expiry is not None
                      else requests_cache.NEVER_EXPIRE)
            session = requests_cache.CachedSession(
                backend=self._shared_backend(), expire_after=expiry,
                allowable_codes=CACHEABLE_STATUSES, allowable_methods=("GET",),
                filter_fn=self._cacheable, cache_control=False, stale_if_error=False)
            session.headers["User-Agent"] = self.config.user_agent
            session.headers["Accept"] = ("text/html,application/xhtml+xml,application/xml;"
                                         "q=0.9,*/*;q=0.8")
            session.headers["Accept-Language"] = "id,en;q=0.8"
            session.max_redirects = self.config.max_redirects
            self._local.session = session
            with self._sessions_lock:
                self._sessions.append(session)
        return session

    def _get(self, source: str, url: str, *, expire_after: timedelta | None = None,
             max_bytes: int | None = None) -> requests.Response:
        """GET one URL (no redirect following): from the cache if there, else
        from the network through the host gate, retrying what may pass."""
        options = {"expire_after": expire_after} if expire_after is not None else {}
        self._local.max_bytes = max_bytes or self.config.max_bytes
        cached = self.session.get(url, only_if_cached=True, allow_redirects=False, **options)
        if getattr(cached, "from_cache", False) and cached.status_code != 504:
            return cached
        host = host_of(url)
        attempts = self.config.retries + 1
        for attempt in range(attempts):
            last_attempt = attempt == attempts - 1
            try:
                response = self._send(url, host, options)
            except BodyTooLarge as exc:
                raise failure(source, url, "too_large", f"is larger than the {exc.limit:,}-byte "
                              f"limit ({exc.size:,} bytes or more)") from exc
            except (requests.Timeout, BodyTooSlow) as exc:
                if last_attempt:
                    raise failure(source, url, "timeout", f"timed out after {attempts} "
                                  f"attempt(s) ({self.config.timeout:g} s limit)") from exc
                self.gate.defer(host, self._backoff(attempt))
                continue
            except requests.ConnectionError as exc:
                if "timed out" in str(exc).lower() and last_attempt:
                    raise failure(source, url, "timeout",
                                  f"timed out while reading after {attempts} attempt(s)") from exc
                if last_attempt:
                    raise KoperasiError(source, "connection",
                                        f"cannot connect to {host}: {short_reason(exc)}") from exc
                self.gate.defer(host, self._backoff(attempt))
                continue
            except requests.RequestException as exc:
                raise failure(source, url, "bad_request", short_reason(exc)) from exc
            if response.status_code in RETRY_STATUSES and not last_attempt:
                wait = self._retry_wait(response, attempt)
                if wait is None:
                    response.close()
                    raise failure(source, url, f"http_{response.status_code}",
                                  f"asks to come back after more than "
                                  f"{self.config.max_retry_after:g} s (Retry-After)")
                response.close()
                self.gate.defer(host, wait)
                continue
            return response
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _send(self, url: str, host: str, options: dict) -> requests.Response:
        delay = self._crawl_delay(url)
        with self.gate.slot(host, delay):
            response = self.session.get(url, timeout=self.config.timeout, stream=True,
                                        allow_redirects=False, **options)
            # The download belongs to the request (inside the slot); bodies of
            # media we will refuse (PDF, images) are never downloaded.
            if response.status_code < 300 and readable_media(response):
                self._read_body(response)
            return response

    def _crawl_delay(self, url: str) -> float | None:
        if urlsplit(url).path == "/robots.txt":
            return None
        delay = self.robots.crawl_delay(url)
        return min(delay, MAX_CRAWL_DELAY) if delay is not None else None

    def _backoff(self, attempt: int) -> float:
        return self.config.backoff * (2 ** attempt)

    def _retry_wait(self, response: requests.Response, attempt: int) -> float | None:
        """Seconds to wait before retrying: Retry-After if given (None if it asks
        for longer than we wait), else exponential backoff."""
        header = response.headers.get("Retry-After")
        if not header:
            return self._backoff(attempt)
        seconds = retry_after_seconds(header)
        if seconds is None:
            return self._backoff(attempt)
        return seconds if seconds <= self.config.max_retry_after else None

    # --- bodies and the cache --------------------------------------------------

    def _cacheable(self, response: requests.Response) -> bool:
        """requests-cache filter: decides what is stored, and reads the body of
        what is (within the size cap) so nothing oversized is ever stored."""
        if response.status_code not in CACHEABLE_STATUSES:
            return False
        is_robots = urlsplit(response.url or "").path == "/robots.txt"
        if response.status_code in (404, 410):
            return is_robots
        if response.status_code in REDIRECT_STATUSES:
            return True
        if not readable_media(response):
            return False
        self._read_body(response)
        return True

    def _read_body(self, response: requests.Response) -> bytes:
        """Read a streamed body into `response.content`, refusing more than the
        cap (declared or actual) and bodies that take too long in total."""
        limit = getattr(self._local, "max_bytes", None) or self.config.max_bytes
        if getattr(response, "from_cache", False) or response._content_consumed:
            if len(response.content or b"") > limit:
                raise BodyTooLarge(len(response.content), limit)
            return response.content
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            response.close()
            raise BodyTooLarge(int(declared), limit)
        deadline = self.clock() + self.config.total_timeout
        chunks, size = [], 0
        for chunk in response.iter_content(chunk_size=65536):
            size += len(chunk)
            if size > limit:
                response.close()
                raise BodyTooLarge(size, limit)
            if self.clock() > deadline:
                response.close()
                raise BodyTooSlow(f"body took more than {self.config.total_timeout:g} s")
            chunks.append(chunk)
        response._content = b"".join(chunks)
        response._content_consumed = True
        return response._content

    def _accept(self, source: str, url: str, response: requests.Response,
                accept: tuple[str, ...]) -> Fetched:
        """Turn a final response into `Fetched`, or a KoperasiError naming why not."""
        status = response.status_code
        if status >= 400 or status < 200:
            response.close()
            raise failure(source, url, f"http_{status}",
                          f"answered HTTP {status} {response.reason or ''}".rstrip())
        content_type = response.headers.get("Content-Type", "")
        media = content_type.split(";")[0].strip().lower()
        if media and media not in accept:
            response.close()
            raise failure(source, url, "not_html", f"is {media}, not a web page"
                          if set(accept) <= set(PAGE_TYPES)
                          else f"is {media}, not something readable here")
        content = self._read_body(response)
        if not media:
            media = "text/html" if sniff_html(content) else "application/octet-stream"
            if media not in accept:
                raise failure(source, url, "not_html",
                              "has no content type and does not look like a web page")
            content_type = media
        return Fetched(requested=source, url=url, status=status, content_type=content_type,
                       content=content, from_cache=bool(getattr(response, "from_cache", False)))

    def _redirect_target(self, source: str, url: str, response: requests.Response,
                         seen: set[str]) -> str:
        location = response.headers.get("Location")
        response.close()
        if not location:
            raise failure(source, url, "bad_redirect", "redirects without a Location")
        target = urljoin(url, location)
        if not is_url(target):
            raise failure(source, url, "bad_redirect",
                          f"redirects to {target}, which is not an http(s) URL")
        if target in seen:
            raise failure(source, url, "redirect_loop", "redirects in a loop")
        seen.add(target)
        return target

    # --- robots.txt ------------------------------------------------------------

    def _check_robots(self, source: str, url: str) -> None:
        reason = self.robots.check(url)
        if reason:
            raise failure(source, url, "robots", f"{reason}")

    def _download_robots(self, robots_url: str) -> RobotsAnswer:
        """robots.txt through the same polite, cached path (redirects followed)."""
        current = robots_url
        for _ in range(5):
            try:
                response = self._get(robots_url, current, expire_after=ROBOTS_EXPIRY,
                                     max_bytes=ROBOTS_MAX_BYTES)
            except KoperasiError as error:
                if error.kind == "too_large":
                    return RobotsAnswer(None, reason="robots.txt is too large")
                return RobotsAnswer(None, reason=error.message)
            if response.status_code in REDIRECT_STATUSES and response.headers.get("Location"):
                response.close()
                current = urljoin(current, response.headers["Location"])
                continue
            if response.status_code >= 300:
                response.close()
                return RobotsAnswer(response.status_code,
                                    reason=f"robots.txt answered HTTP {response.status_code}")
            body = self._read_body(response)
            return RobotsAnswer(response.status_code, body.decode("utf-8", "replace"))
        return RobotsAnswer(404, reason="robots.txt redirects too often")  # RFC 9309: no rules


def failure(source: str, url: str, kind: str, message: str) -> KoperasiError:
    """An acquire error about `source`; the message names `url` only when a
    redirect made it differ from the input."""
    where = "" if url == source else f"{url} (redirected from the input) "
    return KoperasiError(source, kind, where + message)


def retry_after_seconds(header: str) -> float | None:
    """Retry-After as seconds: a number, or an HTTP date."""
    header = header.strip()
    if re.fullmatch(r"\d+(\.\d+)?", header):
        return float(header)
    try:
        moment = parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return None
    if moment is None:
        return None
    return max(0.0, moment.timestamp() - time.time())


def readable_media(response: requests.Response) -> bool:
    """A page, feed or sitemap (or an undeclared type, to be sniffed)?"""
    media = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    return not media or media in PAGE_TYPES + FEED_TYPES


def sniff_html(content: bytes) -> bool:
    head = content[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<meta")) or (
        b"<html" in head)


def short_reason(exc: Exception) -> str:
    """The useful end of a requests/urllib3 error chain."""
    text = str(exc)
    match = re.search(r"\] ([^'\]\)]+)", text) or re.search(r"(Name or service not known|"
                                                            r"Connection refused|timed out)", text)
    return match.group(1) if match else text[:200]
