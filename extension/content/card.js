// The on-page card: on the profile page of someone already saved, a small dismissable card with the
// last interaction, open tasks and the next step. Registered only on the sites the user chose.
// A closed Shadow DOM keeps page CSS out and ours in, and keeps the page's scripts from reading it;
// position: fixed means no layout shift. All text is set with textContent.

(() => {
  if (window.__tendCard) return; // injected twice (an update, a second registration): keep the first
  window.__tendCard = true;
  const controller = new AbortController();

  async function ask(message) {
    try {
      return await chrome.runtime.sendMessage(message);
    } catch {
      controller.abort(); // "Extension context invalidated" after an update: this copy is retired
      return null;
    }
  }

  function render(card) {
    const host = document.createElement("tend-card");
    host.style.cssText = "all: initial; position: fixed; inset-block-end: 16px; inset-inline-end: 16px; z-index: 2147483647;";
    const root = host.attachShadow({ mode: "closed" });
    const style = document.createElement("style");
    style.textContent = `
      .card { font: 13px/1.4 system-ui, sans-serif; color: #1d2b24; background: #f6faf7; border: 1px solid #2f6f4f;
              border-radius: 10px; padding: 10px 12px; width: 260px; box-shadow: 0 4px 16px rgba(0,0,0,.18); }
      .title { font-weight: 600; margin-inline-end: 20px; display: flex; gap: 8px; align-items: center; }
      .face { width: 32px; height: 32px; border-radius: 50%; object-fit: cover; flex: none; }
      .line { margin-top: 4px; }
      .next { margin-top: 6px; font-weight: 600; color: #2f6f4f; }
      button { position: absolute; inset-block-start: 6px; inset-inline-end: 8px; border: 0; background: none;
               font-size: 16px; cursor: pointer; color: #1d2b24; }`;
    const box = document.createElement("div");
    box.className = "card";
    box.dir = card.dir;
    box.lang = card.lang;
    const close = document.createElement("button");
    close.textContent = "×";
    close.setAttribute("aria-label", card.dismiss);
    close.addEventListener("click", () => {
      host.remove();
      ask({ type: "dismissCard", url: location.href });
    }, { signal: controller.signal });
    const title = document.createElement("div");
    title.className = "title";
    if (card.face?.startsWith("data:image/")) { // the kept thumbnail, never a URL the page could watch
      const face = document.createElement("img");
      face.className = "face";
      face.alt = "";
      face.src = card.face;
      title.append(face);
    }
    title.append(document.createTextNode(card.title));
    box.append(close, title);
    for (const text of card.lines) {
      const line = document.createElement("div");
      line.className = "line";
      line.textContent = text;
      box.append(line);
    }
    if (card.next) {
      const next = document.createElement("div");
      next.className = "next";
      next.textContent = card.next;
      box.append(next);
    }
    root.append(style, box);
    document.documentElement.append(host);
  }

  ask({ type: "card", url: location.href }).then((answer) => {
    if (answer?.ok && answer.result && !controller.signal.aborted) render(answer.result);
  });
})();
