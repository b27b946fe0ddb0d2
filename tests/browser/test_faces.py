"""Faces: saving a person makes a small thumbnail of their photo that the companion keeps, and their face
shows in the popup's card and the picker; a person without one gets initials on their own colour."""

from __future__ import annotations

import base64
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


def test_a_photo_the_extension_cannot_read_is_cropped_from_what_the_user_sees(tend: Tend) -> None:
    """The photo lives on another host that sends no CORS header, so only the crop of the visible tab can
    make the face. captureVisibleTab needs the activeTab grant that a click on the toolbar icon gives, which
    no test can give; the page's own screenshot stands in for that one call and everything around it runs
    as it does for a user: finding the photo's box in the tab, scaling it to device pixels, cropping, the
    thumbnail and the upload."""
    tend.pair()
    photo = tend.pages.add("/photos/ana.png", png(120, 120, (200, 40, 40))).replace("127.0.0.1", "localhost")
    page = tend.context.new_page()
    page.goto(tend.pages.add("/ana", '<html><body style="margin:0;background:rgb(20,60,200)"><main>'
                                     f'<h1>Ana Souza</h1><img src="{photo}" width="120" height="120" '
                                     'style="margin-left:300px"></main></body></html>'))
    expect(page.locator("img")).to_have_js_property("complete", True)
    status, ana = tend.companion.request("POST", "/api/v1/people", {"name": "Ana Souza"})
    page.bring_to_front()
    shot = "data:image/png;base64," + base64.b64encode(page.screenshot()).decode()
    worker = tend.worker()
    worker.evaluate("(shot) => { chrome.tabs.captureVisibleTab = async () => shot; }", shot)
    saved = worker.evaluate("([tabId, personId, photoUrl]) => self.tend.handlers.captureFace({tabId, personId, photoUrl})",
                            [tend.tab_id(page.url), ana["id"], photo])
    assert saved["face_updated_at"]
    face = (tend.companion.data_dir / "faces" / f"{ana['id']}.img").read_bytes()
    centre = worker.evaluate("""async (bytes) => {
        const bitmap = await createImageBitmap(new Blob([new Uint8Array(bytes)]));
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const context = canvas.getContext("2d");
        context.drawImage(bitmap, 0, 0);
        return [bitmap.width, [...context.getImageData(48, 48, 1, 1).data.slice(0, 3)],
                [...context.getImageData(2, 2, 1, 1).data.slice(0, 3)]];
    }""", list(face))
    width, middle, corner = centre
    assert width == 96
    for pixel in (middle, corner):  # the photo's red, edge to edge: the crop is the photo's box, not the page's blue
        assert pixel[0] > 150 and pixel[2] < 90, pixel


def test_a_face_is_only_cropped_from_the_tab_the_user_is_looking_at(tend: Tend) -> None:
    tend.pair()
    photo = tend.pages.add("/photos/kofi.png", png(120, 120, (200, 40, 40))).replace("127.0.0.1", "localhost")
    page = tend.context.new_page()
    page.goto(tend.pages.add("/kofi", f'<html><body><img src="{photo}" width="120" height="120"></body></html>'))
    status, kofi = tend.companion.request("POST", "/api/v1/people", {"name": "Kofi Boateng"})
    tend.context.new_page().goto(tend.pages.add("/elsewhere", "<html><body>elsewhere</body></html>"))
    worker = tend.worker()
    assert worker.evaluate("async (id) => (await chrome.tabs.get(id)).active", tend.tab_id(page.url)) is False
    worker.evaluate("() => { chrome.tabs.captureVisibleTab = async () => { throw new Error('not asked'); }; }")
    assert worker.evaluate("([tabId, personId, photoUrl]) => self.tend.handlers.captureFace({tabId, personId, photoUrl})",
                           [tend.tab_id(page.url), kofi["id"], photo]) is None
    assert not (tend.companion.data_dir / "faces" / f"{kofi['id']}.img").exists()
