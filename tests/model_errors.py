"""Cases the rules get right and the shipped model gets wrong, by their text: the
tests run them as strict expected failures with the model only, so that a model
that fixes one is noticed (and the entry removed). Each reason says what the model
does; README "Known limits" counts them."""

from __future__ import annotations

import pytest

MODEL_ERRORS: dict[str, str] = {
    "Ada 300 lebih koperasi di Kabupaten Lebak.":
        "the veto (0.9) is sure 'Ada 300 lebih koperasi', alone in its article, is no count",
    "Dinas Koperasi Provinsi Nusa Tenggara Barat merilis data koperasi aktif.\n\n"
    "SEBARAN KOPERASI AKTIF (koperasi / anggota)\n"
    "- Lombok Barat ........ 251 / 14.020\n"
    "- Lombok Tengah ....... 240 / 13.118\n":
        "weighing the two figures of a slashed row, the model prefers the member count; "
        "it reads the row, not the column heading that names it",
}


def expect_model_error(request: pytest.FixtureRequest, use_model: bool, text: str) -> None:
    if use_model and text in MODEL_ERRORS:
        request.applymarker(pytest.mark.xfail(reason=MODEL_ERRORS[text], strict=True))
