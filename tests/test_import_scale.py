"""50k LinkedIn connections: every row counted, line numbers right to the end, and importing the same file
again finds every one of them (the budget itself is measured in scripts/bench.py, not here)."""

from __future__ import annotations

from pathlib import Path

from companion import imports
from companion.models import ImportRequest
from companion.store import Store
from tests.support import FixedClock

ROWS = 50_000


def test_fifty_thousand_rows_import_once_and_are_all_known_the_second_time(tmp_path: Path) -> None:
    lines = ["Notes:", '"a notice"', "", "First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    lines += [f"First{i},Last{i},https://www.linkedin.com/in/p-{i},,\"Org {i % 700}, Inc\",Role,0{1 + i % 9} Mar 2021"
              for i in range(ROWS - 1)]
    lines.append(",,,,,,02 Jun 2022")  # the last row is blank: reported with its line
    request = ImportRequest(format="linkedin", content="\r\n".join(lines) + "\r\n")
    store = Store(tmp_path / "data", FixedClock())
    seen: list[tuple[int, int]] = []
    first = imports.run(store, request, progress=lambda done, total: seen.append((done, total)))
    assert (first.created, first.failed) == (ROWS - 1, 1) and first.errors[0].line == ROWS + 4
    assert seen[-1] == (ROWS, ROWS) and len(seen) == ROWS // imports.BATCH
    again = imports.run(store, request)
    assert (again.created, again.updated, again.skipped) == (0, 0, ROWS - 1)
    assert store.people.count() == ROWS - 1 and store.interactions.count() == ROWS - 1
    store.close()
