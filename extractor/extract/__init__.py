"""Extract stage: an `Article` -> `Record`s, with a spaCy pipeline for Indonesian.

The pipeline (see `pipeline.py`) is a blank `id` spaCy pipeline plus this
package's components, each registered with `@Language.factory`:

    koperasi_sentences -> koperasi_boilerplate -> koperasi_numbers
      -> koperasi_regions -> koperasi_roles [-> koperasi_role_model] -> koperasi_records

Results live on `Doc`/`Span` extensions (`doc._.count_mentions`, `doc._.records`...).
Language knowledge (number words, status and cue words) is in `lexicon/*.toml`.
"""

from extractor.extract.extractor import Extractor

__all__ = ["Extractor"]
