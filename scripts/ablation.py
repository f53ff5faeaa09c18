"""Rules alone vs rules + model, on data the model was not trained on: the dev
corpus and the held-out split of corpus/train. Prints two Markdown tables: F1 per
field on both sets, and overall F1 on the held-out split by family of batches (the
batches the rules were written against, and those added after the rules were frozen).

    python scripts/ablation.py
"""

import tomllib
from pathlib import Path

from extractor.cli.evaluate import evaluate_corpus
from extractor.record import FIELDS

TRAIN = Path("corpus/train")
# Written after the rules were frozen: the rules were never read against them, so they
# show how both modes do on phrasings nobody tuned for.
UNTUNED_BATCHES = tomllib.loads((TRAIN / "untuned.toml").read_text(encoding="utf-8"))["batches"]
SETS = (("dev", [Path("corpus/dev")], "all"), ("held-out", [TRAIN], "heldout"))


def families() -> tuple[tuple[str, list[Path], str], ...]:
    batches = sorted(p for p in TRAIN.iterdir() if (p / "gold.jsonl").exists())
    tuned = [p for p in batches if p.name not in UNTUNED_BATCHES]
    untuned = [p for p in batches if p.name in UNTUNED_BATCHES]
    return (("held-out, batches the rules were written against", tuned, "heldout"),
            ("held-out, batches added after the rules were frozen", untuned, "heldout"))


def cell(prf) -> str:
    return f"{prf.f1:.3f} (P {prf.precision:.3f} R {prf.recall:.3f})"


def main() -> None:
    scores = {(name, model): evaluate_corpus(paths, use_model=model, split=split)[0]
              for name, paths, split in SETS + families() for model in (False, True)}
    header = ["field"] + [f"{name} {'model' if m else 'rules'}" for name, _, _ in SETS
                          for m in (False, True)]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for field in (*FIELDS, "overall"):
        cells = []
        for name, _, _ in SETS:
            for model in (False, True):
                s = scores[(name, model)]
                cells.append(cell(s.overall if field == "overall" else s.by_field[field]))
        print(f"| {field} | " + " | ".join(cells) + " |")
    print("\n| held-out family | articles | rules | model |\n|---|---|---|---|")
    for name, _, _ in families():
        rules, model = scores[(name, False)], scores[(name, True)]
        print(f"| {name} | {rules.articles} | {cell(rules.overall)} | "
              f"{cell(model.overall)} |")


if __name__ == "__main__":
    main()
