"""Faces: saving a person makes a small thumbnail of their photo that the companion keeps, and their face
shows in the popup's card and the picker; a person without one gets initials on their own colour."""

from __future__ import annotations

import json
import re
import struct
import zlib

from playwright.sync_api import expect

from tests.browser.conftest import Tend, shoot


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def test_saving_keeps_a_small_face_that_shows_in_the_card_and_the_picker(tend: Tend) -> None:
    tend.pair()
    photo = tend.pages.add("/photos/mei.png", png(400, 300, (200, 40, 40)))
    person = {"@context": "https://schema.org", "@type": "ProfilePage",
              "mainEntity": {"@type": "Person", "name": "Mei Chen", "image": photo, "description": "Open data"}}
    page = tend.context.new_page()
    page.goto(tend.pages.add("/mei", f'<html><head><script type="application/ld+json">{json.dumps(person)}</script>'
                                     f'</head><body><main><h1>Mei Chen</h1><img src="{photo}"></main></body></html>'))
    popup = tend.popup_for(page)
    popup.click("#save")
    expect(popup.locator("#card .card-head img.face")).to_have_attribute("src", re.compile("^data:image/webp"))
    status, people = tend.companion.request("GET", "/api/v1/people")
    mei = people["items"][0]
    assert mei["face_updated_at"]
    face = (tend.companion.data_dir / "faces" / f"{mei['id']}.img").read_bytes()
    assert face[:4] == b"RIFF" and face[8:12] == b"WEBP" and len(face) <= 20 * 1024
    popup.locator("#picker").press_sequentially("mei")
    expect(popup.locator("#matches img.face")).to_have_count(1)
    shoot(popup, "face-en", popup=True)

    dashboard = tend.extension_page("dashboard/dashboard.html")  # the people list and the person page
    expect(dashboard.locator("#people img.face")).to_have_count(1)
    dashboard.click(f"#people button[data-person-id='{mei['id']}']")
    expect(dashboard.locator(".person-card img.face")).to_have_attribute("src", re.compile("^data:image/webp"))

    tend.worker().evaluate("() => self.tend.handlers.enableCard({origins: ['http://127.0.0.1/*']})")
    page.reload()  # the on-page card, with the kept face and not the page's own photo address
    expect(page.locator("tend-card")).to_have_count(1)
    session = tend.context.new_cdp_session(page)
    root = session.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]

    def sources(node: dict) -> list[str]:
        found = [node["attributes"][node["attributes"].index("src") + 1]] if node.get("localName") == "img" and \
            "src" in node.get("attributes", []) else []
        for child in node.get("children", []) + node.get("shadowRoots", []):
            found += sources(child)
        return found

    assert any(src.startswith("data:image/webp") for src in sources(root))


def test_a_person_without_a_photo_gets_initials_on_their_own_colour(tend: Tend) -> None:
    tend.pair()
    for name in ("Kwame Mensah", "Kamala Devi"):
        tend.companion.request("POST", "/api/v1/people", {"name": name})
    page = tend.context.new_page()
    page.goto(tend.pages.add("/blank", "<html><body><main><p>x</p></main></body></html>"))
    popup = tend.popup_for(page)
    popup.locator("#picker").press_sequentially("k")
    expect(popup.locator("#matches .face.initials")).to_have_count(2)
    colours = popup.locator("#matches .face.initials").evaluate_all("els => els.map(e => e.style.background)")
    assert len(set(colours)) == 2 and all(colours)
