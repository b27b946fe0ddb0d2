import { applyI18n, loadLanguage, t } from "../lib/i18n.js";
import { ask } from "../lib/messages.js";
import { errorText, renderState } from "../lib/ui.js";

const $ = (id) => document.getElementById(id);

async function refresh() {
  const { state, settings } = await ask("state");
  await loadLanguage(settings.language);
  applyI18n();
  renderState($("state"), state);
  return settings;
}

async function start() {
  const settings = await refresh();
  $("port").value = settings.port;
  $("language").value = settings.language;
  $("cadence").value = settings.cadenceDays;

  $("pair").addEventListener("click", async () => {
    await ask("saveSettings", { port: Number($("port").value) });
    try {
      await ask("pair", { code: $("code").value });
      $("pair-result").textContent = t("optionsPaired");
      $("code").value = "";
    } catch (error) {
      $("pair-result").textContent = error.code === "pairing_code_invalid" || error.code === "validation_error"
        ? t("optionsPairFailed") : errorText(error);
    }
    await refresh();
  });

  $("save").addEventListener("click", async () => {
    await ask("saveSettings", {
      port: Number($("port").value), language: $("language").value, cadenceDays: Number($("cadence").value),
    });
    await refresh();
    $("save-result").textContent = t("optionsSaved");
  });
}

start();
