// How extension pages ask the service worker for something: one promise per request.

export async function ask(type, payload = {}) {
  const answer = await chrome.runtime.sendMessage({ type, ...payload });
  if (!answer?.ok) {
    const error = new Error(answer?.error?.code ?? "no_answer");
    Object.assign(error, answer?.error ?? { kind: "refused", code: "no_answer" });
    throw error;
  }
  return answer.result;
}
