// Building DOM nodes without innerHTML: every text from the bot or the knowledge base goes through
// textContent, and links are <a> elements whose href was checked to be http(s).

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") node.className = value;
    else if (name === "text") node.textContent = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// The URL when it is an absolute http(s) URL, else null (no javascript:, data:, relative tricks).
export function safeUrl(text) {
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

export function externalLink(href, text) {
  const url = safeUrl(href);
  if (!url) return document.createTextNode(text ?? href);
  return el("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, text ?? href);
}

const URL_PATTERN = /https?:\/\/[^\s<>"']+/g;
const TRAILING_PUNCTUATION = /[.,;:!?)\]]+$/;

// Text cut into parts: plain `{ text }` and `{ url }` for each http(s) URL it contains.
export function splitUrls(text) {
  const parts = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const url = match[0].replace(TRAILING_PUNCTUATION, "");
    if (match.index > last) parts.push({ text: text.slice(last, match.index) });
    parts.push(safeUrl(url) ? { url } : { text: url });
    last = match.index + url.length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

export function telLink(phone) {
  const digits = phone.replace(/[^+\d]/g, "");
  return digits ? el("a", { href: `tel:${digits}` }, phone) : document.createTextNode(phone);
}

// replaceChildren without the null/false placeholders of conditional children (it would print "null").
export function fill(container, ...children) {
  container.replaceChildren(...children.flat(Infinity).filter((child) => child !== null && child !== undefined && child !== false));
}
