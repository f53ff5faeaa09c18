"""A tokenizer for the pipeline: spaCy's Indonesian prefix, suffix and infix rules
without its table of several thousand exceptions (mostly reduplications such as
"anak-anak"), which costs 1.7 s at every start. The components here read character
offsets, so those exceptions change nothing they compute."""

from __future__ import annotations

from spacy.lang.id import Indonesian
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex, registry


@registry.tokenizers("koperasi.tokenizer.v1")
def create_tokenizer():
    defaults = Indonesian.Defaults

    def make(nlp):
        return Tokenizer(
            nlp.vocab,
            prefix_search=compile_prefix_regex(defaults.prefixes).search,
            suffix_search=compile_suffix_regex(defaults.suffixes).search,
            infix_finditer=compile_infix_regex(defaults.infixes).finditer,
            token_match=defaults.token_match,
            url_match=defaults.url_match,
        )

    return make
