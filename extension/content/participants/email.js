// An open e-mail in a web mail (Gmail, Outlook on the web, Fastmail, and any page that shows a message
// with mailto: or address-carrying participants): its sender and recipients, without the signed-in user.

(() => {
  const { helpers: h, register } = globalThis.tendParticipants;
  // The open message(s), most specific first: Gmail, Outlook's reading pane, Fastmail, then any
  // landmark or article that carries message headers.
  const MESSAGE = ".adn, [data-message-id], [aria-label='Reading Pane' i], .v-Message, .v-MessageCard, article[data-message], [itemtype$='EmailMessage']";
  const MAIL_HOSTS = /(^|\.)(mail\.google\.com|outlook\.live\.com|outlook\.office\.com|outlook\.office365\.com|fastmail\.com|mail\.yahoo\.com|proton\.me)$/;

  function messages(doc) {
    const found = [...doc.querySelectorAll(MESSAGE)].filter((el) => !el.parentElement?.closest(MESSAGE));
    return found.length ? found : [h.mainRegion(doc)];
  }

  register({
    name: "email",
    kind: "email",
    detect(doc, loc) {
      if (MAIL_HOSTS.test(loc.hostname) || doc.querySelector(MESSAGE)) return true;
      // Any page whose main region names its people by address, as a message header does.
      const region = h.mainRegion(doc);
      return region ? region.querySelectorAll("a[href^='mailto:' i], [email], [data-email]").length >= 2 : false;
    },
    read(doc) {
      const participants = messages(doc).flatMap((message) => [...h.addressed(message), ...h.written(message)]);
      const self = h.accountHints(doc);
      // Gmail marks the user's own address in "to me"; the header's own "me" words are no name.
      for (const el of doc.querySelectorAll("[data-self-email], [data-user-email]")) {
        const address = h.email(el.getAttribute("data-self-email") ?? el.getAttribute("data-user-email"));
        if (address) self.push({ email: address });
      }
      const times = messages(doc).reverse().flatMap((message) => [ // the latest message first
        ...[...message.querySelectorAll("time[datetime]")].map((time) => time.getAttribute("datetime")),
        ...[...message.querySelectorAll(".g3[title], [data-testid*='time' i][title], [title]")]
          .map((el) => el.getAttribute("title")),
        ...h.shortTexts(message),
      ]);
      return { participants, self, when: h.when(times) };
    },
  });
})();
