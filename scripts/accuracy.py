#!/usr/bin/env python3
"""Per-field extraction accuracy over the corpus (../shared/corpus/pages), Tend's own fixtures, and the
generalization set (tests/fixtures/generalization: kinds of pages no site adapter covers, written to measure
how the generic layers do on a layout nobody wrote code for), and the held-out set (tests/fixtures/heldout:
pages written after that work and never used to change the extractor; reported, not enforced by the tests).

Run: .venv/bin/python scripts/accuracy.py [--verbose]
Strict counts every field; lenient leaves out what the corpus notes call interpretive.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from companion.extract import extract  # noqa: E402
from companion.extract.evaluate import FIELDS, load_goldens, score  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--verbose", action="store_true", help="show each wrong field")
    args = parser.parse_args()
    for label, folder in (("corpus", ROOT.parent / "shared" / "corpus" / "pages"),
                          ("fixtures", ROOT / "tests" / "fixtures" / "pages"),
                          ("generalization", ROOT / "tests" / "fixtures" / "generalization"),
                          ("held-out", ROOT / "tests" / "fixtures" / "heldout")):
        strict = {field: [0, 0] for field in FIELDS}
        lenient = {field: [0, 0] for field in FIELDS}
        goldens = load_goldens(folder)
        for golden in goldens:
            draft = extract(golden.html, golden.url)
            for field, ok in score(golden, draft).items():
                strict[field][0] += ok
                strict[field][1] += 1
                if field not in golden.lenient:
                    lenient[field][0] += ok
                    lenient[field][1] += 1
                if not ok and args.verbose:
                    print(f"  {golden.slug} {field}: expected {golden.expected.get(field)!r:.80} "
                          f"got {getattr(draft, field)!r:.80}")
        print(f"{label} ({len(goldens)} pages): field        strict        lenient")
        for field in FIELDS:
            (a, b), (c, d) = strict[field], lenient[field]
            print(f"  {field:<14} {a:>3}/{b:<3} {a / b:>5.0%}   {c:>3}/{d:<3} {c / d if d else 1:>5.0%}")
        right, total = sum(a for a, _ in strict.values()), sum(b for _, b in strict.values())
        print(f"  {'all fields':<14} {right:>3}/{total:<3} {right / total:>5.0%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
