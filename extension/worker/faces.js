// Faces: when a person is saved, their photo becomes a small thumbnail the companion keeps (a CDN's photo
// URL is signed and expires). The photo is fetched where the browser lets the extension read it, else
// cropped from what the user sees (captureVisibleTab, which activeTab allows); no new permission.

import { call } from "../lib/companion.js";

const SIZE = 96; // px, square
const MAX_BYTES = 20 * 1024;
const ENCODINGS = [["image/webp", 0.85], ["image/webp", 0.6], ["image/jpeg", 0.7], ["image/jpeg", 0.5]];
const shown = new Map(); // person id and face time -> data URL, for the pages that show faces

// Where the photo is on the page (self-contained: run in the tab by executeScript).
function photoBox(photoUrl) {
  const same = (src) => {
    try {
      const a = new URL(src, location.href);
      const b = new URL(photoUrl, location.href);
      return a.href === b.href || (a.host === b.host && a.pathname === b.pathname);
    } catch {
      return false;
    }
  };
  const img = [...document.images].find((el) => same(el.currentSrc || el.src));
  if (!img) return null;
  const r = img.getBoundingClientRect();
  if (r.width < 16 || r.height < 16 || r.bottom <= 0 || r.right <= 0 || r.top >= innerHeight || r.left >= innerWidth) return null;
  return { x: Math.max(0, r.left), y: Math.max(0, r.top), width: Math.min(r.width, innerWidth - r.left),
    height: Math.min(r.height, innerHeight - r.top), viewport: innerWidth };
}

async function fetched(photoUrl) {
  try {
    const response = await fetch(photoUrl, { credentials: "omit", referrerPolicy: "no-referrer" });
    const type = response.headers.get("Content-Type") ?? "";
    return response.ok && type.startsWith("image/") ? await createImageBitmap(await response.blob()) : null;
  } catch {
    return null; // not readable from here (no CORS for us): try the visible tab
  }
}

async function cropped(tabId, photoUrl) {
  const tab = await chrome.tabs.get(tabId);
  if (!tab.active) return null; // only what the user is looking at
  try {
    const [found] = await chrome.scripting.executeScript({ target: { tabId }, func: photoBox, args: [photoUrl] });
    const box = found?.result;
    if (!box) return null;
    const shot = await createImageBitmap(await (await fetch(await chrome.tabs.captureVisibleTab(tab.windowId,
      { format: "png" }))).blob());
    const scale = shot.width / box.viewport; // device pixels per CSS pixel
    return createImageBitmap(shot, Math.round(box.x * scale), Math.round(box.y * scale),
      Math.max(1, Math.round(box.width * scale)), Math.max(1, Math.round(box.height * scale)));
  } catch {
    return null;
  }
}

// A centred square, SIZE px, in the first encoding small enough.
export async function thumbnail(bitmap) {
  const side = Math.min(bitmap.width, bitmap.height);
  const canvas = new OffscreenCanvas(SIZE, SIZE);
  canvas.getContext("2d").drawImage(bitmap, (bitmap.width - side) / 2, (bitmap.height - side) / 2, side, side,
    0, 0, SIZE, SIZE);
  for (const [type, quality] of ENCODINGS) {
    const blob = await canvas.convertToBlob({ type, quality });
    if (blob.type === type && blob.size <= MAX_BYTES) return blob;
  }
  return null;
}

async function base64(blob) {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

export const handlers = {
  // After a save: the person's face from their photo on the tab. Answers the person, or null when no face
  // could be made (the initials stay; nothing is lost).
  async captureFace({ tabId, personId, photoUrl }) {
    if (!Number.isInteger(personId) || typeof photoUrl !== "string" || !/^https?:/.test(photoUrl)) return null;
    const bitmap = (await fetched(photoUrl)) ?? (await cropped(tabId, photoUrl));
    const small = bitmap && (await thumbnail(bitmap));
    if (!small) return null;
    return call("PUT", `/people/${personId}/face`, { image: await base64(small) });
  },
  // A kept face as a data URL, for an <img> on the extension's pages (the token stays here).
  async faceImage({ personId, updatedAt }) {
    const key = `${personId}@${updatedAt}`;
    if (!shown.has(key)) {
      const blob = await call("GET", `/people/${personId}/face`, undefined, {}, { blob: true });
      shown.set(key, `data:${blob.type};base64,${await base64(blob)}`);
    }
    return shown.get(key);
  },
};
