"""The article text of a `Doc`, read once.

`Doc.text` joins every token on each access; the components read the text many
times per article, so the string the doc was made from is kept in `user_data`.
"""

from __future__ import annotations

from spacy.tokens import Doc


def text_of(doc: Doc) -> str:
    text = doc.user_data.get("koperasi_text")
    if text is None:
        article = doc._.article if Doc.has_extension("article") else None
        text = article.text if article is not None else doc.text
        doc.user_data["koperasi_text"] = text
    return text
