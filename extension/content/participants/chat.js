// Direct conversations: an X (Twitter) DM, a Mastodon (any instance) private mention, a WhatsApp Web
// chat. Each gives the counterpart(s) of the open conversation, never the signed-in account.

(() => {
  const { helpers: h, register } = globalThis.tendParticipants;

  // How WhatsApp names the user in a group's member list, in the languages of our users and a few more.
  const YOU = new Set(["you", "شما", "آپ", "আপনি", "tú", "vous", "du", "sie", "você", "tu", "sen", "anda", "вы"]);

  const handleUrl = (text, base) => {
    const handle = h.clean(text).match(/@([\w.-]+)(?:@([\w.-]+\.\w+))?/);
    if (!handle) return null;
    return handle[2] ? `https://${handle[2]}/@${handle[1]}` : h.profileUrl(`/@${handle[1]}`, base);
  };

  register({
    name: "x",
    kind: "message",
    detect: (doc, loc) => /(^|\.)(x|twitter)\.com$/.test(loc.hostname) && loc.pathname.startsWith("/messages")
      || Boolean(doc.querySelector("[data-testid='DmActivityContainer'], [data-testid='DMConversationBody'], [data-testid='DmScrollerContainer']")),
    read(doc) {
      const region = doc.querySelector("[data-testid='DmActivityContainer'], [data-testid='DMConversationBody'], [data-testid='DmScrollerContainer'], section[aria-label*='conversation' i]")
        ?? h.mainRegion(doc);
      const header = doc.querySelector("[data-testid='DMConversationHeader'], [data-testid='conversation-header']") ?? region;
      const participants = [];
      for (const a of header.querySelectorAll("a[href]")) {
        const url = h.profileUrl(a.getAttribute("href"), "https://x.com/");
        const name = h.name(a.querySelector("[dir='ltr'] span, span")?.textContent ?? a.textContent);
        if (url && name && !name.startsWith("@")) participants.push({ name, url });
      }
      const self = [];
      const account = doc.querySelector("[data-testid='SideNav_AccountSwitcher_Button'], [data-testid='AppTabBar_Profile_Link']");
      if (account) {
        const url = account.getAttribute("href") ? h.profileUrl(account.getAttribute("href"), "https://x.com/")
          : h.profileUrl(`https://x.com/${h.clean(account.textContent).match(/@(\w{1,15})/)?.[1] ?? ""}`);
        if (url) self.push({ url });
      }
      const times = [...region.querySelectorAll("time[datetime]")].map((time) => time.getAttribute("datetime"));
      return { participants, self, when: h.when(times.reverse()) };
    },
  });

  register({
    name: "mastodon",
    kind: "message",
    detect: (doc) => Boolean(doc.querySelector("#mastodon, .columns-area, .detailed-status"))
      && Boolean(doc.querySelector(".detailed-status, .conversation, .status")),
    read(doc, loc) {
      const thread = doc.querySelector(".detailed-status__wrapper, .detailed-status, .conversation--unread, .conversation")
        ?.closest(".scrollable, .column, [role='region'], .item-list") ?? doc.querySelector(".detailed-status") ?? h.mainRegion(doc);
      const participants = [];
      for (const author of thread.querySelectorAll("a.status__display-name, a.detailed-status__display-name, .conversation__content__names a, a.mention, a.u-url.mention")) {
        const url = h.profileUrl(author.getAttribute("href"), loc.href)
          ?? handleUrl(author.getAttribute("title") ?? author.querySelector(".display-name__account")?.textContent ?? "", loc.href);
        const name = h.name(author.querySelector(".display-name__html, bdi strong")?.textContent) ?? h.name(author.textContent);
        if (url) participants.push({ name: name && !name.startsWith("@") ? name : null, url });
      }
      const self = [];
      const me = doc.querySelector(".navigation-bar a[href], .compose-form__account a[href], .navigation-bar__profile-account");
      if (me) {
        const url = me.getAttribute("href") ? h.profileUrl(me.getAttribute("href"), loc.href) : handleUrl(me.textContent, loc.href);
        if (url) self.push({ url });
      }
      const times = [...thread.querySelectorAll("time[datetime]")].map((time) => time.getAttribute("datetime"));
      return { participants, self, when: h.when(times.reverse()) };
    },
  });

  register({
    name: "whatsapp",
    kind: "message",
    detect: (doc, loc) => loc.hostname === "web.whatsapp.com"
      || Boolean(doc.querySelector("#main header [data-testid='conversation-info-header'], #main [data-testid='conversation-panel-wrapper'], #pane-side")),
    read(doc) {
      const header = doc.querySelector("#main header");
      const participants = [];
      if (header) {
        const title = header.querySelector("[data-testid='conversation-info-header-chat-title'], span[title][dir='auto'], span[dir='auto']");
        const name = h.name(title?.getAttribute("title") ?? title?.textContent);
        // A group's subtitle lists its members; a one-to-one chat's is a status ("online"), left alone.
        const subtitle = header.querySelector("[data-testid='chat-subtitle'] span[title], span[title]:not([dir='auto'])");
        const members = (subtitle?.getAttribute("title") ?? "").split(/\s*[,،]\s*/).map(h.name).filter(Boolean)
          .filter((member) => !YOU.has(member.toLowerCase()));
        if (members.length >= 2) participants.push(...members.map((member) => ({ name: member })));
        else if (name) participants.push({ name });
      }
      // The messages carry their sender and time as "[3:04 PM, 11/26/2026] Leila Karimi: ".
      const stamps = [...doc.querySelectorAll("#main [data-pre-plain-text]")].map((el) => el.getAttribute("data-pre-plain-text"));
      const last = stamps.at(-1)?.match(/\[([^\]]+)\]/)?.[1] ?? "";
      const [time, day] = last.split(/,\s*/);
      return { participants, self: [], when: day && time ? h.when(`${day} ${time}`) : null };
    },
  });
})();
