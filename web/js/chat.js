// The chat panel over Rasa's socket.io channel (socket.io-client 4, polling transport: the
// websocket upgrade does not work with Rasa 3.6's python-socketio 5.8 stack).
// Bot texts are rendered with textContent; URLs become <a> elements checked to be http(s).
import { el, linkify } from "./dom.js";
import { t } from "./i18n.js";

const SESSION_KEY = "memhisto.session_id";
const HISTORY_KEY = "memhisto.chat_history";
const HISTORY_LIMIT = 60;
const TYPING_TIMEOUT_MS = 30000;

function sessionId() {
  let id = localStorage.getItem(SESSION_KEY);
  if (!id) {
    id = crypto.randomUUID().replaceAll("-", "");
    localStorage.setItem(SESSION_KEY, id);
  }
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
  constructor(root, config, { onCircuit }) {
    this.log = root.querySelector("#chat-log");
    this.replies = root.querySelector("#chat-replies");
    this.typing = root.querySelector("#chat-typing");
    this.status = root.querySelector("#chat-status");
    this.form = root.querySelector("#chat-form");
    this.input = root.querySelector("#chat-input");
    this.onCircuit = onCircuit;
    this.session = sessionId();
    this.history = JSON.parse(localStorage.getItem(HISTORY_KEY) || "[]");
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = this.input.value.trim();
      if (text) this.send(text);
      this.input.value = "";
    });
    this.restoreHistory();
    this.connect(config);
  }

  connect(config) {
    this.setStatus(t("chat.connecting"));
    this.socket = io(config.rasa_url, {
      path: config.socket_path,
      transports: ["polling"],
      reconnection: true,
      reconnectionDelayMax: 5000,
    });
    // On every (re)connection, rejoin the same conversation: Rasa keeps it under our session id.
    this.socket.on("connect", () => this.socket.emit("session_request", { session_id: this.session }));
    this.socket.on("session_confirm", () => {
      this.setStatus("");
      this.root().dataset.connected = "true";
    });
    this.socket.on("disconnect", () => {
      this.root().dataset.connected = "false";
      this.setStatus(t("chat.disconnected"));
    });
    this.socket.on("connect_error", () => this.setStatus(t("chat.disconnected")));
    this.socket.on("bot_uttered", (message) => this.receive(message));
  }

  root() {
    return this.log.closest(".chat");
  }

  setStatus(text) {
    this.status.textContent = text;
    this.status.hidden = !text;
  }

  welcome() {
    if (!this.log.children.length) this.log.append(this.bubble("bot", t("chat.welcome"), { welcome: true }));
  }

  // Sends `payload` to the bot; the conversation shows `shown` (defaults to the payload itself).
  send(payload, shown = payload) {
    this.clearReplies();
    this.addMessage("user", shown);
    this.socket.emit("user_uttered", { message: payload, session_id: this.session });
    this.showTyping(true);
  }

  receive(message) {
    this.showTyping(false);
    const circuit = circuitOf(message);
    if (message.text) this.addMessage("bot", message.text);
    const buttons = message.quick_replies || message.buttons || [];
    if (buttons.length) this.showReplies(buttons);
    if (circuit) {
      this.addMessage("bot", t("chat.circuit_received"), { note: true });
      this.onCircuit(circuit);
    }
  }

  addMessage(author, text, { note = false } = {}) {
    this.log.append(this.bubble(author, text, { note }));
    this.history.push({ author, text, note });
    this.history = this.history.slice(-HISTORY_LIMIT);
    localStorage.setItem(HISTORY_KEY, JSON.stringify(this.history));
    this.log.scrollTop = this.log.scrollHeight;
  }

  bubble(author, text, { note = false, welcome = false } = {}) {
    const who = author === "user" ? t("chat.you") : t("chat.bot");
    return el(
      "li",
      { class: `message ${author}${note ? " note" : ""}${welcome ? " welcome" : ""}` },
      el("span", { class: "visually-hidden" }, `${who} : `),
      el("p", {}, linkify(String(text))),
    );
  }

  restoreHistory() {
    for (const { author, text, note } of this.history) this.log.append(this.bubble(author, text, { note }));
    this.welcome();
  }

  showReplies(buttons) {
    this.replies.replaceChildren(
      ...buttons.map((button) =>
        el(
          "button",
          { type: "button", class: "button reply", onclick: () => this.send(button.payload, button.title) },
          button.title,
        ),
      ),
    );
  }

  clearReplies() {
    this.replies.replaceChildren();
  }

  showTyping(on) {
    this.typing.hidden = !on;
    clearTimeout(this.typingTimer);
    if (on) this.typingTimer = setTimeout(() => this.showTyping(false), TYPING_TIMEOUT_MS);
  }

  // Texts of the interface language (bot messages stay as the bot wrote them).
  relabel() {
    const welcome = this.log.querySelector(".welcome p");
    if (welcome) welcome.textContent = t("chat.welcome");
    for (const hidden of this.log.querySelectorAll(".message .visually-hidden")) {
      const author = hidden.parentElement.classList.contains("user") ? t("chat.you") : t("chat.bot");
      hidden.textContent = `${author} : `;
    }
  }
}
