// Imports and exports, from the dashboard (the file is read there; the token stays here), and the
// calendar feed's address.

import { call, CompanionError } from "../lib/companion.js";
import { settings, update } from "../lib/storage.js";

const IMPORT_TIMEOUT_MS = 120000; // 50k LinkedIn connections take about twenty seconds

// A CSV's column mapping from the dashboard (header -> field, "" to leave a column out), or none.
function isMapping(mapping) {
  return mapping === undefined || (typeof mapping === "object" && mapping !== null && !Array.isArray(mapping)
    && Object.values(mapping).every((field) => typeof field === "string"));
}

export const handlers = {
  async importFile({ format, content, mapping, dryRun }) {
    if (!["linkedin", "vcard", "csv", "json"].includes(format) || typeof content !== "string" || !isMapping(mapping)) {
      throw new CompanionError("refused", { code: "validation_error" });
    }
    return call("POST", "/imports", { format, content, mapping, dry_run: Boolean(dryRun) }, {},
      { timeoutMs: IMPORT_TIMEOUT_MS });
  },
  async csvColumns({ content }) {
    if (typeof content !== "string") throw new CompanionError("refused", { code: "validation_error" });
    return call("POST", "/imports/csv-columns", { content }, {}, { timeoutMs: IMPORT_TIMEOUT_MS });
  },
  async exportFile({ format }) {
    if (!["vcard", "csv", "json", "ics"].includes(format)) throw new CompanionError("refused", { code: "validation_error" });
    return call("GET", `/exports/${format}`, undefined, {}, { text: true });
  },
  async calendarLink({ renew }) {
    // The companion shows an address only when it makes one (it keeps a hash): remember it here.
    const link = await call(renew ? "POST" : "GET", renew ? "/calendar/key" : "/calendar");
    if (link.url) {
      await update({ calendarUrl: link.url });
      return link;
    }
    return { ...link, url: (await settings()).calendarUrl };
  },
};
