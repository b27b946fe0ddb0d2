"""People's faces: one small thumbnail each (≤ 96 px, ≤ 20 KB, WebP, JPEG or PNG) as a file in `faces/`,
outside the in-memory tables, so ten thousand faces cost disk, not memory. A photo URL from a CDN is signed
and expires; the thumbnail kept here shows the face next year too."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from companion.errors import InvalidInput
from companion.store.files import ensure_private_dir, write_atomic

FACE_DIR = "faces"
MAX_FACE_BYTES = 20 * 1024


def image_type(data: bytes) -> str | None:
    """The image type the bytes begin with, or None for anything else (no other file is ever kept)."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    return None


class Faces:
    def __init__(self, data_dir: Path) -> None:
        self.folder = data_dir / FACE_DIR

    def _path(self, person_id: int) -> Path:
        return self.folder / f"{person_id}.img"

    def check(self, data: bytes) -> str:
        """The image's type, or a clear refusal: too large, or not an image."""
        if len(data) > MAX_FACE_BYTES:
            raise InvalidInput(f"a face is at most {MAX_FACE_BYTES} bytes; this one is {len(data)}",
                               {"image": f"larger than {MAX_FACE_BYTES} bytes"})
        kind = image_type(data)
        if kind is None:
            raise InvalidInput("a face must be a WebP, JPEG or PNG image", {"image": "not a WebP, JPEG or PNG image"})
        return kind

    def put(self, person_id: int, data: bytes) -> str:
        """Keep the face (replacing any), durably: a thumbnail is the user's data, not a cache."""
        kind = self.check(data)
        ensure_private_dir(self.folder)
        write_atomic(self._path(person_id), data)
        return kind

    def get(self, person_id: int) -> tuple[bytes, str] | None:
        try:
            data = self._path(person_id).read_bytes()
        except FileNotFoundError:
            return None
        kind = image_type(data)
        return (data, kind) if kind else None

    def delete(self, person_id: int) -> None:
        self._path(person_id).unlink(missing_ok=True)

    def move(self, from_id: int, to_id: int) -> None:
        """A merged duplicate's face becomes the kept person's, unless they have one."""
        source = self._path(from_id)
        if source.exists() and not self._path(to_id).exists():
            source.replace(self._path(to_id))
        else:
            source.unlink(missing_ok=True)

    def copy_into(self, folder: Path) -> int:
        """Every face as it is now, into `folder` (a backup's own faces). Hard links where the disk allows:
        a face is replaced by a new file (write_atomic), never rewritten in place, so a link keeps this
        version and costs no space. Returns how many were copied."""
        sources = sorted(self.folder.glob("*.img")) if self.folder.is_dir() else []
        if not sources:
            return 0
        ensure_private_dir(folder)
        for source in sources:
            target = folder / source.name
            try:
                os.link(source, target)
            except FileExistsError:
                continue
            except OSError:  # another file system, or links not allowed: a plain copy
                shutil.copyfile(source, target)
        return len(sources)
