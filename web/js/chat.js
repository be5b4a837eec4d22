// The chat panel over Rasa's socket.io channel (socket.io-client 4, polling transport: the
// websocket upgrade does not work with Rasa 3.6's python-socketio 5.8 stack).
// Bot texts are rendered with textContent; URLs become links checked to be http(s), shown by their
// host, and the website's own circuit links act on the page. A circuit arrives as a card.
import { circuitCard } from "./circuit.js";
import { el, externalLink, fill, safeUrl, splitUrls } from "./dom.js";
import { botLanguage, t } from "./i18n.js";

const SESSION_KEY = "memhisto.session_id";
const HISTORY_KEY = "memhisto.chat_history";
const HISTORY_LIMIT = 60;
const TYPING_TIMEOUT_MS = 30000;
// Decimals beyond the second (about 1 km) of any number kept in the browser's storage: the shared
// position stays in memory only (as bot/webapp.py's coarse() does for its logs).
const PRECISE_DECIMALS = /(\d\.\d{2})\d+/g;

const SOCKET_IO = "/vendor/socket.io/socket.io.min.js";

function loadScript(src) {
  return new Promise((resolve, reject) => {
    document.head.append(el("script", { src, onload: resolve, onerror: reject }));
  });
}

function newSessionId() {
  const id = crypto.randomUUID().replaceAll("-", "");
  localStorage.setItem(SESSION_KEY, id);
  return id;
}

// The circuit a bot message carries, whatever the wrapping: Rasa's socket.io channel emits a
// custom payload's "data" member, the REST channel keeps it under "custom".
export function circuitOf(message) {
  for (const candidate of [message, message.custom, message.data, message.custom?.data, message.circuit]) {
    if (candidate && Array.isArray(candidate.days)) return candidate;
  }
  return null;
}

export class Chat {
  constructor(root, config, { onCircuit, onShowCircuit, onOpenLink, onShareLocation, onShare }) {
    this.rootNode = root;
    this.log = root.querySelector("#chat-log");
    this.replies = root.querySelector("#chat-replies");
    this.typing = root.querySelector("#chat-typing");
    this.status = root.querySelector("#chat-status");
    this.offline = root.querySelector("#chat-offline");
    this.form = root.querySelector("#chat-form");
    this.input = root.querySelector("#chat-input");
    this.sendButton = root.querySelector("#chat-send");
    this.lengthNote = root.querySelector("#chat-length");
    this.config = config;
    this.maxChars = config.max_message_chars;
    this.siteOrigins = new Set([location.origin, safeUrl(config.website_url) && new URL(config.website_url).origin]);
    this.callbacks = { onCircuit, onShowCircuit, onOpenLink, onShareLocation, onShare };
    this.session = localStorage.getItem(SESSION_KEY) || newSessionId();
    this.history = JSON.parse(localStorage.getItem(HISTORY_KEY) || "[]");
    this.lastReplies = [];
    this.lastAsksLocation = false;
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = this.input.value.trim();
      if (!text || this.tooLong()) return;
      this.send(text);
      this.input.value = "";
    });
    this.input.addEventListener("input", () => this.tooLong());
    root.querySelector("#chat-retry").addEventListener("click", () => this.retry());
    root.querySelector("#chat-clear").addEventListener("click", () => this.clear());
    this.restoreHistory();
    this.connected = this.connect(config).catch(() => this.setOnline(false));
  }

  // socket.io's client is loaded here rather than by the page: the map and the list do not wait for it.
  async connect(config) {
    this.setStatus(t("chat.connecting"));
    await loadScript(SOCKET_IO);
    this.socket = io(config.rasa_url, {
      path: config.socket_path,
      transports: ["polling"],
      reconnection: true,
      reconnectionDelayMax: 5000,
    });
    // On every (re)connection, rejoin the same conversation: Rasa keeps it under our session id.
    this.socket.on("connect", () => this.socket.emit("session_request", { session_id: this.session }));
    this.socket.on("session_confirm", () => this.setOnline(true));
    this.socket.on("disconnect", () => this.setOnline(false));
    this.socket.on("connect_error", () => this.setOnline(false));
    this.socket.on("bot_uttered", (message) => this.receive(message));
  }

  // Offline: nothing can be sent (a message would be lost); the page says so and offers a retry.
  setOnline(online) {
    this.rootNode.dataset.connected = String(online);
    this.offline.hidden = online;
    this.input.disabled = !online;
    this.sendButton.disabled = !online;
    this.setStatus(online ? "" : t("chat.disconnected"));
    if (!online) this.showTyping(false);
  }

  retry() {
    this.setStatus(t("chat.connecting"));
    if (this.socket) this.socket.disconnect().connect();
    else this.connected = this.connect(this.config).catch(() => this.setOnline(false));
  }

  setStatus(text) {
    this.status.textContent = text;
    this.status.hidden = !text;
  }

  // The notice under the input when the message is longer than the assistant reads.
  tooLong() {
    const length = this.input.value.trim().length;
    const over = this.maxChars && length > this.maxChars;
    this.lengthNote.textContent = over ? t("chat.too_long", { n: length, max: this.maxChars }) : "";
    this.input.setAttribute("aria-invalid", over ? "true" : "false");
    return over;
  }

  welcome() {
    if (!this.log.children.length) this.log.append(this.bubble({ author: "bot", text: t("chat.welcome"), welcome: true }));
  }

  // Sends `payload` to the bot; the conversation shows `shown` (defaults to the payload itself).
  send(payload, shown = payload) {
    this.replies.replaceChildren();
    this.addMessage({ author: "user", text: shown });
    // The page's language is a hint for a message whose words say too little (a button, a location):
    // the words of a message still decide its language.
    const metadata = { platform_language: botLanguage() };
    this.connected.then(() => this.socket?.emit("user_uttered", { message: payload, session_id: this.session, metadata }));
    this.showTyping(true);
  }

  receive(message) {
    this.showTyping(false);
    const circuit = circuitOf(message);
    if (message.text || circuit) this.addMessage({ author: "bot", text: message.text || "", circuit });
    const buttons = message.quick_replies || message.buttons || [];
    const asksLocation = this.asksLocation(message.text);
    // Quick replies (and the location button) stay until the bot asks something else: a message it
    // did not understand keeps them.
    if (buttons.length || asksLocation) {
      this.lastReplies = buttons;
      this.lastAsksLocation = asksLocation;
    }
    this.showReplies(this.lastReplies, this.lastAsksLocation);
    if (circuit) this.callbacks.onCircuit(circuit);
  }

  asksLocation(text) {
    return Boolean(text) && text.toLowerCase().includes(t("bot.asks_location").toLowerCase());
  }

  addMessage(entry) {
    this.log.append(this.bubble(entry));
    this.history.push(entry);
    this.history = this.history.slice(-HISTORY_LIMIT);
    this.save();
    this.log.scrollTop = this.log.scrollHeight;
  }

  save() {
    localStorage.setItem(HISTORY_KEY, JSON.stringify(this.history).replace(PRECISE_DECIMALS, "$1"));
  }

  bubble({ author, text, circuit = null, welcome = false }) {
    const who = author === "user" ? t("chat.you") : t("chat.bot");
    const body = circuit
      ? circuitCard(circuit, text, {
          onShow: this.callbacks.onShowCircuit,
          onShare: this.callbacks.onShare,
          textNodes: (value) => this.textNodes(value),
        })
      : el("p", {}, this.textNodes(String(text)));
    return el(
      "li",
      { class: `message ${author}${welcome ? " welcome" : ""}` },
      el("span", { class: "visually-hidden" }, `${who} : `),
      body,
    );
  }

  // Text with its URLs as short links: the website's own circuit links open on this page.
  textNodes(text) {
    return splitUrls(text).map((part) => {
      if (!part.url) return part.text;
      const url = new URL(part.url);
      if (this.siteOrigins.has(url.origin) && url.searchParams.has("day")) {
        return el("button", { type: "button", class: "link-button", onclick: () => this.callbacks.onOpenLink(url.search.slice(1)) }, t("circuit.show_on_map"));
      }
      return externalLink(part.url, t("chat.link", { host: url.host }));
    });
  }

  restoreHistory() {
    for (const entry of this.history) this.log.append(this.bubble(entry));
    this.welcome();
  }

  // A new conversation: new session id, nothing kept in this browser.
  clear() {
    localStorage.removeItem(HISTORY_KEY);
    this.history = [];
    this.lastReplies = [];
    this.lastAsksLocation = false;
    this.log.replaceChildren();
    this.replies.replaceChildren();
    this.session = newSessionId();
    if (this.socket?.connected) this.socket.emit("session_request", { session_id: this.session });
    this.welcome();
  }

  showReplies(buttons, withLocation = false) {
    fill(
      this.replies,
      withLocation
        ? el("button", { type: "button", class: "button reply location", onclick: () => this.callbacks.onShareLocation() }, t("chat.share_location"))
        : null,
      ...buttons.map((button) =>
        el(
          "button",
          { type: "button", class: "button reply", onclick: () => this.send(button.payload, button.title) },
          button.title,
        ),
      ),
    );
  }

  showTyping(on) {
    this.typing.hidden = !on;
    clearTimeout(this.typingTimer);
    if (on) this.typingTimer = setTimeout(() => this.showTyping(false), TYPING_TIMEOUT_MS);
  }

  // Texts of the interface language (bot messages stay as the bot wrote them).
  relabel() {
    this.log.replaceChildren();
    this.restoreHistory();
    this.tooLong();
  }
}
