// Writes made while the companion is down wait here (chrome.storage.local, so they survive a browser
// restart) and are sent in order, each once, when it is back. Only the service worker uses this.

import { call } from "./companion.js";
import { settings, update } from "./storage.js";

let flushing = null;

export async function enqueue(method, path, body) {
  const { queue } = await settings();
  queue.push({ id: crypto.randomUUID(), method, path, body, queuedAt: new Date().toISOString() });
  await update({ queue });
  return { queued: true, waiting: queue.length };
}

// A write through the queue: sent now if the companion answers, queued if it is down. Anything already
// waiting goes first, so the order the user acted in is the order the companion sees.
export async function send(method, path, body) {
  await flush();
  const { queue } = await settings();
  if (queue.length) return enqueue(method, path, body);
  try {
    return await call(method, path, body);
  } catch (error) {
    if (error.kind === "offline") return enqueue(method, path, body);
    throw error;
  }
}

async function flushOnce() {
  for (;;) {
    const { queue } = await settings();
    const [next] = queue;
    if (!next) return;
    try {
      await call(next.method, next.path, next.body);
    } catch (error) {
      if (error.kind === "offline" || error.kind === "unauthorized") return; // try again later, in order
      // refused for good (the person was deleted meanwhile...): drop it rather than block the rest
    }
    const { queue: current } = await settings();
    await update({ queue: current.filter((item) => item.id !== next.id) });
  }
}

// One flush at a time: two at once could send the same item twice.
export function flush() {
  flushing ??= flushOnce().finally(() => { flushing = null; });
  return flushing;
}
