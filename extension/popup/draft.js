// The next step on a page the companion did not read as a person's profile, or read without enough
// evidence to save it unasked (fields it is unsure of are marked): never a dead end. With a
// name read there (or an article's author), a draft to check and save; with nothing, a form to add the
// person by hand, prefilled with the page's address. The user's fields win over the page's.

import { t } from "../lib/i18n.js";
import { el } from "../lib/ui.js";

const UNSURE = 0.6; // the companion's CONFIRM_BELOW: a field read less surely is marked for checking

function field(label, name, value, attrs = {}, confidence = {}) {
  const input = el("input", { attrs: { name, ...attrs } });
  input.value = value ?? "";
  if (value && confidence[name] !== undefined && confidence[name] < UNSURE) {
    input.classList.add("unsure");
    input.title = t("draftFieldUnsure");
  }
  return [input, el("label", { className: "field" }, [el("span", { text: t(label) }), input])];
}

// A form for the person, shown at once (`open`) or behind a button that says what it will do.
function draftForm(draft, { open, button, onSave }) {
  const sure = draft.confidence ?? {};
  const [name, nameRow] = field("draftName", "name", draft.name, { "aria-required": "true", maxlength: "300" }, sure);
  const [headline, headlineRow] = field("draftHeadline", "headline", draft.headline, { maxlength: "500" }, sure);
  const [organization, organizationRow] = field("draftOrganization", "organization", draft.organization,
    { maxlength: "500" }, sure);
  const [link, linkRow] = field("draftLink", "url", draft.url, { type: "url", maxlength: "2048", dir: "ltr" });
  const photo = draft.photo_url && /^https:/.test(draft.photo_url)
    ? [el("img", { className: "draft-photo", attrs: { src: draft.photo_url, alt: "", referrerpolicy: "no-referrer" } })] : [];
  const save = el("button", { className: "primary", text: t("draftSave"), attrs: { id: "draft-save" } });
  const problem = el("p", { className: "hint", attrs: { role: "alert" } });
  const form = el("form", { className: "draft", attrs: { id: "draft", novalidate: "" } }, [...photo, nameRow, headlineRow, organizationRow,
    linkRow, problem, el("div", { className: "row" }, [save])]);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!name.value.trim()) {
      problem.textContent = t("draftNeedsName");
      name.focus();
      return;
    }
    if (link.value.trim() && !/^https?:\/\/\S+$/i.test(link.value.trim())) {
      problem.textContent = t("draftBadLink");
      link.focus();
      return;
    }
    save.disabled = true;
    try {
      await onSave({ name: name.value, headline: headline.value, organization: organization.value,
        url: link.value, photo_url: photo.length ? draft.photo_url : "" });
    } finally {
      save.disabled = false;
    }
  });
  if (open) return [form];
  const reveal = el("button", { text: button, attrs: { id: "draft-open", type: "button" } });
  form.hidden = true;
  reveal.addEventListener("click", () => {
    form.hidden = false;
    reveal.remove();
    name.focus();
  });
  return [reveal, form];
}

// What to offer after "not a profile" or "not sure": `details` is the companion's { page: {kind, name}, draft }.
export function nextStep(details, tab, onSave) {
  const read = details?.draft ?? {};
  const page = details?.page ?? {};
  if (read.name) {
    return [el("p", { className: "hint", text: t("draftFound") }), ...draftForm(read, { open: true, onSave })];
  }
  if (page.kind === "article" && page.name) {
    return draftForm({ name: page.name }, { open: false, button: t("draftSaveAuthor", page.name), onSave });
  }
  return draftForm({ url: tab?.url }, { open: false, button: t("draftByHand"), onSave });
}
