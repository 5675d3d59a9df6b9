// The deck page: every slide with its notes, the timing table and warnings; keyboard
// navigation; updated in place (only changed slides are fetched) when the outline changes.
"use strict";
(function () {
  const D = window.Deckgen;
  const list = document.getElementById("slides");
  let deck = null;
  let L = D.labels(document.documentElement.lang);
  let current = 1;
  let typed = "";
  let lastStatus = "connecting";

  function make(tag, cls, parent) {
    const el = document.createElement(tag);
    if (cls) el.className = cls;
    if (parent) parent.append(el);
    return el;
  }

  function newRow() {
    const row = make("article", "slide");
    row.tabIndex = -1;
    const frame = make("div", "frame", row);
    make("img", "", frame).decoding = "async";
    const info = make("div", "info", row);
    const head = make("h3", "", info);
    make("span", "num", head);
    make("span", "title", head);
    const meta = make("p", "meta", info);
    make("span", "presenter", meta);
    make("span", "minutes", meta);
    make("span", "chapter", meta);
    make("p", "notes", info);
    row.addEventListener("click", () => go(Number(row.dataset.number), false));
    return row;
  }

  function update(row, s) {
    row.id = `slide-${s.number}`;
    row.dataset.number = s.number;
    row.dataset.hash = s.hash;
    row.querySelector(".frame").style.aspectRatio = `${deck.width} / ${deck.height}`;
    const img = row.querySelector("img");
    const src = D.slideSrc(s);
    if (img.getAttribute("src") !== src) img.setAttribute("src", src);
    img.alt = `${L.slide} ${s.number}: ${s.title}`;
    D.setText(row.querySelector(".num"), s.number);
    D.setText(row.querySelector(".title"), s.title);
    D.setText(row.querySelector(".presenter"), s.presenter);
    D.setText(row.querySelector(".minutes"), `${s.minutes.toFixed(1)} ${L.min}`);
    D.setText(row.querySelector(".chapter"), s.chapter);
    D.setText(row.querySelector(".notes"), s.notes);
  }

  function cell(tr, tag, text, cls) {
    const c = make(tag, cls || "", tr);
    c.textContent = text;
    return c;
  }

  function timing(t) {
    const table = document.getElementById("timing");
    const head = table.tHead.rows[0].cells;
    [L.presenter, L.chapter, L.slides, L.minutes].forEach((x, i) => D.setText(head[i], x));
    const body = (t.rows || []).map((r) => {
      const tr = document.createElement("tr");
      cell(tr, "td", r.presenter);
      cell(tr, "td", r.chapter);
      cell(tr, "td", r.slides, "num");
      cell(tr, "td", r.minutes.toFixed(1), "num");
      return tr;
    });
    table.tBodies[0].replaceChildren(...body);
    const foot = (t.presenters || []).map((p) => {
      const tr = document.createElement("tr");
      cell(tr, "th", p.presenter);
      cell(tr, "td", L.total);
      cell(tr, "td", p.slides, "num");
      cell(tr, "td", p.minutes.toFixed(1), "num");
      return tr;
    });
    table.tFoot.replaceChildren(...foot);
    const total = document.getElementById("total");
    const planned = t.duration ? ` / ${L.against} ${t.duration} ${L.min}` : "";
    D.setText(total, t.total_minutes === undefined ? "" :
      `${L.total} ${t.total_minutes.toFixed(1)} ${L.min}${planned}${t.warning ? " — " + t.warning : ""}`);
    total.classList.toggle("off", Boolean(t.warning));
  }

  function texts() {
    document.documentElement.lang = deck.language || "en";
    D.setText(document.getElementById("timing-head"), L.timing);
    D.setText(document.getElementById("warnings-head"), L.warnings);
    D.setText(document.getElementById("keys-head"), L.keys);
    D.setText(document.getElementById("presenter-link"), L.presenterView);
    const keys = document.getElementById("keys");
    keys.replaceChildren(...L.keyHelp.flatMap(([k, v]) => {
      const dt = document.createElement("dt");
      dt.textContent = k;
      const dd = document.createElement("dd");
      dd.textContent = v;
      return [dt, dd];
    }));
  }

  function render(d) {
    deck = d;
    L = D.labels(d.language);
    texts();
    document.title = d.title ? `${d.title} · deckgen` : "deckgen";
    D.setText(document.getElementById("title"), d.title || "deckgen");
    D.banner(d.errors, L);
    D.status(lastStatus, L);
    const warnings = document.getElementById("warnings");
    warnings.replaceChildren(...(d.warnings.length ? d.warnings : [L.none]).map((w) => {
      const li = document.createElement("li");
      li.textContent = w;
      return li;
    }));
    timing(d.timing || {});
    while (list.children.length < d.slides.length) list.append(newRow());
    while (list.children.length > d.slides.length) list.lastElementChild.remove();
    d.slides.forEach((s, i) => update(list.children[i], s));
    current = Math.min(Math.max(1, current), Math.max(1, d.slides.length));
    mark();
    document.body.dataset.version = d.version;
  }

  function mark() {
    for (const row of list.querySelectorAll(".slide.current")) row.classList.remove("current");
    const row = document.getElementById(`slide-${current}`);
    if (row) row.classList.add("current");
    document.body.dataset.current = current;
  }

  // The slide at the top of the window, when the reader scrolled away from the current one.
  function inView() {
    const top = document.querySelector(".bar").getBoundingClientRect().bottom;
    for (const row of list.children) {
      if (row.getBoundingClientRect().bottom > top + 40) return Number(row.dataset.number);
    }
    return current;
  }

  function go(n, scroll = true, tell = true) {
    if (!deck || !deck.slides.length) return;
    current = Math.min(Math.max(1, n), deck.slides.length);
    mark();
    const row = document.getElementById(`slide-${current}`);
    if (scroll && row) {
      row.scrollIntoView({ block: "start" });
      row.focus({ preventScroll: true });
    }
    if (tell && D.channel) D.channel.postMessage({ slide: current, from: "deck" });
  }

  function shown(n) {
    const row = document.getElementById(`slide-${n}`);
    if (!row) return false;
    const r = row.getBoundingClientRect();
    return r.bottom > 0 && r.top < window.innerHeight;
  }

  function jumpBox() {
    const box = document.getElementById("jump");
    box.hidden = !typed;
    D.setText(box, `→ ${typed}`);
  }

  document.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.target instanceof HTMLElement && e.target.closest("input, textarea, select")) return;
    const base = shown(current) ? current : inView();
    let handled = true;
    switch (e.key) {
      case "ArrowDown": case "j": case "PageDown": go(base + 1); break;
      case "ArrowUp": case "k": case "PageUp": go(base - 1); break;
      case "Home": go(1); break;
      case "End": go(deck ? deck.slides.length : 1); break;
      case "Enter":
        if (!typed) { handled = false; break; }
        go(Number(typed)); typed = ""; jumpBox(); break;
      case "Escape": typed = ""; jumpBox(); break;
      case "Backspace": typed = typed.slice(0, -1); jumpBox(); break;
      case "p": window.open(`/presenter#${current}`, "deckgen-presenter"); break;
      default:
        if (/^[0-9]$/.test(e.key) && typed.length < 4) { typed += e.key; jumpBox(); }
        else handled = false;
    }
    if (handled) e.preventDefault();
  });

  if (D.channel) {
    D.channel.onmessage = (e) => {
      if (e.data && e.data.from === "presenter") go(e.data.slide, true, false);
    };
  }

  D.live(render, (key) => { lastStatus = key; D.status(key, L); });
})();
