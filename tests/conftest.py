"""Shared fixtures for the extraction tests: the pipeline is loaded once per session
(`extractor.api.default_extractor` caches it per mode) and most behavioural tests run
in both modes, with the trained role model and with the hand-written rules alone."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session", params=[True, False], ids=["model", "rules"])
def use_model(request) -> bool:
    """Both extraction modes; the pipeline of each is loaded once and cached."""
    from extractor.api import default_extractor

    default_extractor(request.param)
    return request.param


@pytest.fixture(scope="session")
def extract(use_model):
    """`extract(text, **kw)` -> records, in the mode of `use_model`."""
    from extractor import extract_text

    def run(text: str, **kwargs):
        return extract_text(text, use_model=use_model, **kwargs)

    return run

