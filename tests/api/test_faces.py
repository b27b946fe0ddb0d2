"""Faces: a small thumbnail per person, kept as a file beside the store, served back as an image,
embedded in the vCard export, moved by a merge and gone with the person; anything else is refused."""

from __future__ import annotations

import base64

from companion import imports
from companion.store import Store
from tests.conftest import Api
from tests.support import FixedClock

WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + bytes(28)  # the header is what is checked; the decoder is the browser's
JPEG = b"\xff\xd8\xff\xe0" + bytes(60)


async def person(api: Api, name: str) -> int:
    status, made, _ = await api.call("POST", "/api/v1/people", {"name": name})
    return made["id"]


async def test_a_face_is_kept_served_exported_and_deleted_with_the_person(api: Api, data_dir) -> None:  # type: ignore[no-untyped-def]
    ada = await person(api, "Ada Lovelace")
    status, saved, _ = await api.call("PUT", f"/api/v1/people/{ada}/face", {"image": base64.b64encode(WEBP).decode()})
    assert status == 200 and saved["face_updated_at"], saved
    response = await api.client.get(f"/api/v1/people/{ada}/face", headers={"Authorization": f"Bearer {api.token}"})
    assert response.status == 200 and response.content_type == "image/webp" and await response.read() == WEBP
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    vcard = (await (await api.client.get("/api/v1/exports/vcard", headers={
        "Authorization": f"Bearer {api.token}"})).text()).replace("\r\n ", "")
    assert f"PHOTO;ENCODING=b;TYPE=WEBP:{base64.b64encode(WEBP).decode()}" in vcard
    assert (data_dir / "faces" / f"{ada}.img").exists()
    await api.call("DELETE", f"/api/v1/people/{ada}")
    assert not (data_dir / "faces" / f"{ada}.img").exists()


async def test_a_merge_keeps_the_duplicates_face_when_the_kept_person_has_none(api: Api, data_dir) -> None:  # type: ignore[no-untyped-def]
    keep, duplicate = await person(api, "Grace Hopper"), await person(api, "Grace B. Hopper")
    await api.call("PUT", f"/api/v1/people/{duplicate}/face", {"image": base64.b64encode(JPEG).decode()})
    status, merged, _ = await api.call("POST", f"/api/v1/people/{keep}/merge", {"duplicate_id": duplicate})
    assert status == 200 and merged["face_updated_at"], merged
    assert (data_dir / "faces" / f"{keep}.img").read_bytes() == JPEG
    assert not (data_dir / "faces" / f"{duplicate}.img").exists()


async def test_what_is_not_a_small_image_is_refused_and_nothing_is_kept(api: Api, data_dir) -> None:  # type: ignore[no-untyped-def]
    ada = await person(api, "Ada")
    for image in (base64.b64encode(b"<svg onload=alert(1)>").decode(), "not base64!",
                  base64.b64encode(JPEG + bytes(21 * 1024)).decode()[:27_999]):
        await api.expect_error(422, "validation_error", "PUT", f"/api/v1/people/{ada}/face", {"image": image},
                               fields={"image"})
    await api.expect_error(404, "not_found", "GET", f"/api/v1/people/{ada}/face")
    assert not (data_dir / "faces").exists() or not any((data_dir / "faces").iterdir())


async def test_a_json_backup_carries_the_faces_and_restores_them(api: Api, data_dir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ada = await person(api, "Ada Lovelace")
    await api.call("PUT", f"/api/v1/people/{ada}/face", {"image": base64.b64encode(WEBP).decode()})
    text = await (await api.client.get("/api/v1/exports/json", headers={"Authorization": f"Bearer {api.token}"})).text()
    restored = imports.read_backup(text)
    assert restored.faces == {ada: WEBP}
    elsewhere = Store(tmp_path / "elsewhere", FixedClock())
    try:
        imports.restore(elsewhere, restored)
        assert elsewhere.faces.get(ada) == (WEBP, "image/webp")
        assert elsewhere.people.get(ada).face_updated_at is not None
    finally:
        elsewhere.close()
    broken = text.replace(base64.b64encode(WEBP).decode(), base64.b64encode(b"<script>").decode())
    try:
        imports.read_backup(broken)
    except Exception as error:  # noqa: BLE001 - the refusal names the face
        assert "faces." in str(getattr(error, "fields", {}))
    else:
        raise AssertionError("a backup with a face that is not an image was accepted")
