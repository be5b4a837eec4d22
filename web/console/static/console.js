// The staff console: log in, then the counter mode (tourism offices) or the data mode (museums).
// Every word comes from i18n/<lang>.json; every change goes through the JSON API with the CSRF token.
"use strict";

const state = { words: {}, csrf: null, account: null, circuit: null, sites: [] };
const $ = (selector) => document.querySelector(selector);

function word(key, values = {}) {
  const text = state.words[key] || key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in values ? values[name] : `{${name}}`));
}

async function loadWords(lang) {
  const answer = await fetch(`i18n/${lang}.json`);
  state.words = await answer.json();
  document.documentElement.lang = lang;
  document.querySelectorAll("[data-i18n]").forEach((element) => {
    element.textContent = word(element.dataset.i18n);
  });
}

function say(text, isError = false) {
  const message = $("#message");
  message.textContent = text;
  message.className = isError ? "error" : "";
}

async function api(method, path, body) {
  const options = { method, headers: {}, credentials: "same-origin" };
  if (body !== undefined) {
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  if (state.csrf) options.headers["X-CSRF-Token"] = state.csrf;
  const answer = await fetch(path, options);
  const data = await answer.json().catch(() => ({}));
  if (!answer.ok) {
    // The page's words for the status; the problems as the knowledge files' checks word them.
    const known = state.words[`error.${answer.status}`];
    const summary = known || data.error || answer.statusText;
    const problems = (data.problems || []).join("\n");
    const error = new Error(problems ? `${summary}\n${problems}` : summary);
    error.status = answer.status;
    throw error;
  }
  return data;
}

// Session ------------------------------------------------------------------------------------------
function showAccount(account) {
  state.account = account;
  state.csrf = account.csrf;
  $("#login-form").hidden = true;
  $("#logout").hidden = false;
  $("#who").hidden = false;
  $("#who").textContent = word("console.logged_in_as", { name: account.username, role: word(`role.${account.role}`) });
  $("#modes").hidden = false;
  const counter = account.may_use_counter;
  const editor = account.role !== "counter";
  document.querySelector('[data-mode="counter"]').hidden = !counter;
  document.querySelector('[data-mode="data"]').hidden = !editor;
  showMode(counter ? "counter" : "data");
}

function showMode(mode) {
  $("#counter").hidden = mode !== "counter";
  $("#data").hidden = mode !== "data";
  if (mode === "counter") startCounter();
  else startData();
}

async function start() {
  const lang = localStorage.getItem("console-lang") || (navigator.language.startsWith("fr") ? "fr" : "en");
  $("#ui-lang").value = lang;
  await loadWords(lang);
  $("#ui-lang").addEventListener("change", async (event) => {
    localStorage.setItem("console-lang", event.target.value);
    await loadWords(event.target.value);
    if (state.account) showAccount(state.account);
  });
  $("#login-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      showAccount(await api("POST", "api/login", { username: $("#username").value, password: $("#password").value }));
      say("");
    } catch (error) {
      say(error.status === 429 ? word("console.too_many") : word("console.login_failed"), true);
    }
  });
  $("#logout").addEventListener("click", async () => {
    await api("POST", "api/logout").catch(() => null);
    location.reload();
  });
  document.querySelectorAll("#modes button").forEach((button) => {
    button.addEventListener("click", () => showMode(button.dataset.mode));
  });
  try {
    showAccount(await api("GET", "api/me"));
  } catch (error) {
    $("#login-form").hidden = false;
  }
  document.body.dataset.ready = "true";
}

// Counter mode ---------------------------------------------------------------------------------------
let counterReady = false;

async function startCounter() {
  if (counterReady) return;
  counterReady = true;
  const lang = document.documentElement.lang;
  const { themes, sites } = await api("GET", `api/themes?lang=${lang}`);
  state.sites = sites;
  const fieldset = $("#themes");
  for (const theme of themes) {
    const label = document.createElement("label");
    const box = document.createElement("input");
    Object.assign(box, { type: "checkbox", name: "theme", value: theme.id });
    label.append(box, ` ${theme.label}`);
    fieldset.append(label);
  }
  const select = $("#add-site");
  for (const site of sites) select.append(new Option(site.name, site.id));
  const tomorrow = new Date(Date.now() + 86400000).toISOString().slice(0, 10);
  $("#date").value = tomorrow;
  $("#counter-form").addEventListener("submit", planCircuit);
  $("#add-button").addEventListener("click", () => {
    const days = currentDays();
    const day = Math.min(Math.max(parseInt($("#add-day").value, 10) || 1, 1), days.length) - 1;
    days[day].push($("#add-site").value);
    retime(days);
  });
  $("#handout-lang").addEventListener("change", updateHandoutLink);
  $("#email-send").addEventListener("click", async () => {
    try {
      await api("POST", "api/counter/email", { ...visitor(), circuit: state.circuit.circuit, to: $("#email-to").value });
      say(word("counter.sent", { to: $("#email-to").value }));
    } catch (error) {
      say(error.message, true);
    }
  });
}

function visitor() {
  return {
    adults: $("#adults").value,
    children: $("#children").value,
    child_ages: $("#child-ages").value,
    lang: $("#handout-lang").value,
    budget: $("#budget").value,
  };
}

async function planCircuit(event) {
  event.preventDefault();
  const form = {
    ...visitor(),
    start: $("#start").value,
    date: $("#date").value,
    days: $("#days").value,
    themes: [...document.querySelectorAll('input[name="theme"]:checked')].map((box) => box.value),
    mode: $("#mode").value,
    wheelchair: $("#wheelchair").checked,
  };
  say(word("counter.planning"));
  try {
    const answer = await api("POST", "api/counter/plan", form);
    if (answer.problem) {
      say(answer.text, true);
      return;
    }
    say("");
    showCircuit(answer);
  } catch (error) {
    say(error.message, true);
  }
}

function currentDays() {
  return [...document.querySelectorAll("#circuit ol")].map((list) =>
    [...list.querySelectorAll("li")].map((item) => item.dataset.site),
  );
}

async function retime(days) {
  try {
    showCircuit(await api("POST", "api/counter/schedule", { ...visitor(), circuit: state.circuit.circuit, days }));
  } catch (error) {
    say(error.message, true);
  }
}

function amount(value) {
  if (value === null || value === undefined) return word("counter.price_unknown");
  return word("counter.amount", { amount: value });
}

function showCircuit(circuit) {
  state.circuit = circuit;
  const root = $("#circuit");
  root.replaceChildren();
  circuit.days.forEach((day, dayIndex) => {
    const title = document.createElement("h3");
    const when = new Date(`${day.date}T12:00:00`).toLocaleDateString(document.documentElement.lang, { dateStyle: "full" });
    title.textContent = word("counter.day", { number: dayIndex + 1, date: when });
    const list = document.createElement("ol");
    list.dataset.day = dayIndex;
    list.addEventListener("dragover", (event) => event.preventDefault());
    list.addEventListener("drop", (event) => {
      event.preventDefault();
      const [fromDay, fromIndex] = event.dataTransfer.getData("text/plain").split(":").map(Number);
      const days = currentDays();
      const [site] = days[fromDay].splice(fromIndex, 1);
      const target = event.target.closest("li");
      const toIndex = target ? Number(target.dataset.index) : days[dayIndex].length;
      days[dayIndex].splice(toIndex, 0, site);
      retime(days);
    });
    day.visits.forEach((visit, index) => {
      const item = document.createElement("li");
      Object.assign(item.dataset, { site: visit.site_id, index });
      item.className = "stop";
      item.draggable = true;
      item.addEventListener("dragstart", (event) => event.dataTransfer.setData("text/plain", `${dayIndex}:${index}`));
      const text = document.createElement("span");
      text.textContent = `${visit.start}–${visit.end} ${visit.name} · ${amount(visit.price_total)}`;
      item.append(text);
      for (const [key, move] of [["counter.up", -1], ["counter.down", 1], ["counter.remove", 0]]) {
        const button = document.createElement("button");
        button.type = "button";
        button.textContent = word(key);
        button.setAttribute("aria-label", word(`${key}_label`, { name: visit.name }));
        button.addEventListener("click", () => {
          const days = currentDays();
          const [site] = days[dayIndex].splice(index, 1);
          if (move) days[dayIndex].splice(Math.max(0, index + move), 0, site);
          retime(days);
        });
        item.append(" ", button);
      }
      for (const warning of visit.warnings) {
        const note = document.createElement("p");
        note.className = "warning";
        note.textContent = warning;
        item.append(note);
      }
      list.append(item);
    });
    root.append(title, list);
  });
  const total = document.createElement("p");
  total.id = "total";
  total.textContent = word(circuit.total.complete ? "counter.total" : "counter.total_partial", {
    amount: circuit.total.amount,
  });
  root.append(total);
  if (circuit.over_budget) {
    const over = document.createElement("p");
    over.className = "warning";
    over.textContent = word("counter.over_budget", { budget: circuit.budget });
    root.append(over);
  }
  for (const warning of circuit.warnings) {
    const note = document.createElement("p");
    note.className = "warning";
    note.textContent = warning;
    root.append(note);
  }
  $("#circuit-actions").hidden = false;
  updateHandoutLink();
}

function updateHandoutLink() {
  if (!state.circuit) return;
  const party = new URLSearchParams(visitor());
  $("#handout-link").href = `handout?${state.circuit.circuit}&${party}`;
}

// Data mode ------------------------------------------------------------------------------------------
let dataReady = false;

async function startData() {
  if (dataReady) return;
  dataReady = true;
  const sites = await api("GET", `api/sites?lang=${document.documentElement.lang}`);
  const select = $("#site-select");
  for (const site of sites) select.append(new Option(site.name, site.id));
  $("#preview-date").value = new Date().toISOString().slice(0, 10);
  select.addEventListener("change", loadSite);
  $("#block-select").addEventListener("change", showBlock);
  $("#block-text").addEventListener("input", () => ($("#save-button").disabled = true));
  $("#preview-button").addEventListener("click", () => previewEdit());
  $("#closure-add").addEventListener("click", () =>
    previewEdit({
      from: $("#closure-from").value,
      to: $("#closure-to").value,
      label_fr: $("#closure-label-fr").value,
      label_en: $("#closure-label-en").value,
    }),
  );
  $("#save-button").addEventListener("click", saveEdit);
  await loadSite();
}

let blocks = {};

async function loadSite() {
  const site = $("#site-select").value;
  blocks = (await api("GET", `api/sites/${encodeURIComponent(site)}`)).blocks;
  showBlock();
  await loadHistory();
}

function showBlock() {
  $("#block-text").value = blocks[$("#block-select").value];
  $("#closure-form").hidden = $("#block-select").value !== "hours";
  $("#save-button").disabled = true;
  $("#preview").replaceChildren();
}

function editBody() {
  return {
    block: $("#block-select").value,
    text: $("#block-text").value,
    source: $("#source").value,
    date: $("#preview-date").value,
    lang: document.documentElement.lang,
  };
}

// The closure form's closure is added to the hours by the server, which sends the block back.
async function previewEdit(closure) {
  const site = encodeURIComponent($("#site-select").value);
  const root = $("#preview");
  root.replaceChildren();
  try {
    const { preview, text } = await api("POST", `api/sites/${site}/preview`, { ...editBody(), closure });
    if (closure) $("#block-text").value = text;
    for (const answer of preview) {
      const block = document.createElement("div");
      block.className = "answer";
      const title = document.createElement("h4");
      title.textContent = word(`data.question.${answer.question}`);
      const before = document.createElement("pre");
      before.className = "before";
      before.textContent = `${word("data.now")}\n${answer.before}`;
      const after = document.createElement("pre");
      after.className = "after";
      after.textContent = `${word("data.after")}\n${answer.after}`;
      block.append(title, before, after);
      root.append(block);
    }
    $("#save-button").disabled = false;
    say("");
  } catch (error) {
    $("#save-button").disabled = true;
    say(error.message, true);
  }
}

async function saveEdit() {
  const site = encodeURIComponent($("#site-select").value);
  try {
    await api("POST", `api/sites/${site}/edits`, editBody());
    say(word("data.saved"));
    await loadSite();
  } catch (error) {
    say(error.message, true);
  }
}

async function loadHistory() {
  const site = encodeURIComponent($("#site-select").value);
  const body = $("#history tbody");
  body.replaceChildren();
  for (const edit of await api("GET", `api/sites/${site}/edits`)) {
    const row = document.createElement("tr");
    for (const value of [edit.at, edit.author, word(`data.${edit.block}`), edit.source]) {
      const cell = document.createElement("td");
      cell.textContent = value;
      row.append(cell);
    }
    body.append(row);
  }
}

start();
