"""Rules alone vs rules + model, per field, on data the model was not trained on:
the dev corpus and the held-out split of corpus/train. Prints a Markdown table.

    python scripts/ablation.py
"""

from extractor.cli.evaluate import evaluate_corpus
from extractor.record import FIELDS

SETS = (("dev", "corpus/dev", "all"), ("held-out", "corpus/train", "heldout"))


def main() -> None:
    scores = {(name, model): evaluate_corpus(path, use_model=model, split=split)[0]
              for name, path, split in SETS for model in (False, True)}
    header = ["field"] + [f"{name} {'model' if m else 'rules'}" for name, _, _ in SETS
                          for m in (False, True)]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for field in (*FIELDS, "overall"):
        cells = []
        for name, _, _ in SETS:
            for model in (False, True):
                s = scores[(name, model)]
                prf = s.overall if field == "overall" else s.by_field[field]
                cells.append(f"{prf.f1:.3f} (P {prf.precision:.3f} R {prf.recall:.3f})")
        print(f"| {field} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
