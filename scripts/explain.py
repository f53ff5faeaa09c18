"""Show how the extractor read an article: every count mention with its field,
cue, region and period. Usage: python scripts/explain.py corpus/dev ID [ID...]"""

import sys

from extractor.api import default_extractor
from extractor.evaluation.corpus import load_corpus

corpus, ids = sys.argv[1], set(sys.argv[2:])
extractor = default_extractor(use_model="--model" in ids)
for gold in load_corpus(corpus):
    if gold.id not in ids:
        continue
    article = gold.load_article()
    doc = extractor.nlp(extractor.make_doc(article))
    print(f"== {gold.id}  main={doc._.main_region and doc._.main_region.code} "
          f"dateline={doc._.dateline and (doc._.dateline.text, doc._.dateline.code)}")
    for c in doc._.count_mentions:
        r = c.region
        print(f"  {c.number.text:>10} {str(c.role.field):9} {c.role.strength:6} "
              f"cue={c.role.cue!r:22} region={r and r.code}({r and r.text!r}) "
              f"period={c.period} q={c.number.qualifier}")
    for rec in doc._.records:
        print("  REC", rec.region.code, rec.period, rec.counts, rec.qualifiers)
    print("  GOLD", [(r["region"]["code"], r["period"], r["counts"]) for r in gold.records])
