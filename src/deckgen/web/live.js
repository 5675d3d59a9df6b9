// The live deck: /api/deck fetched again whenever the server's event stream names a new
// version. Shared by the deck page (deck.js) and the presenter view (presenter.js).
"use strict";
(function () {
  const TEXTS = {
    en: {
      slide: "Slide", min: "min", live: "live", connecting: "connecting…",
      reconnecting: "reconnecting…", offline: "server not reachable", building: "building…",
      errorsHead: "The outline has errors; the slides shown are from the last good version.",
      timing: "Timing", presenter: "Presenter", chapter: "Chapter", slides: "Slides",
      minutes: "Minutes", total: "Total", against: "planned", warnings: "Warnings",
      none: "none", keys: "Keys", next: "Next", end: "End of the talk", notes: "Notes",
      start: "start (s)", pause: "pause (s)", reset: "reset (r)", ahead: "ahead",
      behind: "behind", onTime: "on time", window: "planned", presenterView: "presenter view (p)",
      click: "click", of: "of",
      keyHelp: [["↑ ↓  j k  PgUp PgDn", "previous / next slide"], ["Home End", "first / last"],
        ["3 Enter", "go to slide 3"], ["p", "presenter view"]],
    },
    zh: {
      slide: "第", min: "分钟", live: "实时", connecting: "正在连接…",
      reconnecting: "正在重新连接…", offline: "无法连接服务器", building: "正在生成…",
      errorsHead: "大纲有错误；下面是上一次正确版本的幻灯片。",
      timing: "时间", presenter: "汇报人", chapter: "章节", slides: "页数",
      minutes: "分钟", total: "合计", against: "计划", warnings: "提示",
      none: "无", keys: "快捷键", next: "下一页", end: "汇报结束", notes: "讲稿",
      start: "开始 (s)", pause: "暂停 (s)", reset: "重置 (r)", ahead: "提前",
      behind: "超时", onTime: "正常", window: "计划", presenterView: "演讲者视图 (p)",
      click: "单击", of: "/",
      keyHelp: [["↑ ↓  j k  PgUp PgDn", "上一页 / 下一页"], ["Home End", "第一页 / 最后一页"],
        ["3 Enter", "跳到第 3 页"], ["p", "演讲者视图"]],
    },
  };

  function labels(language) {
    return String(language || "").toLowerCase().startsWith("zh") ? TEXTS.zh : TEXTS.en;
  }

  function clock(seconds) {
    const s = Math.max(0, Math.round(seconds));
    return `${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
  }

  function setText(el, text) {
    const t = String(text);
    if (el.textContent !== t) el.textContent = t;
  }

  // The slide's picture: whole, or as the slide show shows it after `clicks` clicks of
  // its build (a slide with reveal steps).
  function slideSrc(slide, clicks) {
    const stages = slide.stages || [];
    if (clicks === undefined || clicks >= stages.length) return `${slide.svg}?h=${slide.hash}`;
    return `${slide.svg}?click=${clicks}&h=${stages[clicks]}`;
  }

  // onDeck(deck) on every new version; onStatus(key) when the connection changes.
  function live(onDeck, onStatus) {
    let version = -1;
    let busy = false;
    let again = false;
    async function refresh() {
      if (busy) { again = true; return; }
      busy = true;
      try {
        do {
          again = false;
          const response = await fetch("/api/deck", { cache: "no-store" });
          const deck = await response.json();
          if (deck.version !== version) {
            version = deck.version;
            onDeck(deck);
          }
        } while (again);
      } catch (e) {
        onStatus("offline");
      } finally {
        busy = false;
      }
    }
    const events = new EventSource("/api/events");
    events.addEventListener("deck", (e) => {
      onStatus("live");
      if (JSON.parse(e.data).version !== version) refresh();
    });
    events.onerror = () => onStatus("reconnecting");
    onStatus("connecting");
    refresh();
  }

  // The errors of the last build as a banner over the last good slides.
  function banner(errors, L) {
    const box = document.getElementById("banner");
    const list = document.getElementById("errors");
    box.hidden = !errors.length;
    setText(document.getElementById("banner-head"), L.errorsHead);
    list.replaceChildren(...errors.map((e) => {
      const li = document.createElement("li");
      const where = document.createElement("code");
      where.textContent = e.line ? `${e.file}:${e.line}:${e.column}` : e.file;
      li.append(where, ` ${e.key ? e.key + ": " : ""}${e.message}`);
      return li;
    }));
  }

  function status(key, L) {
    const el = document.getElementById("status");
    setText(el, L[key] || key);
    el.dataset.state = key;
  }

  const channel = "BroadcastChannel" in window ? new BroadcastChannel("deckgen") : null;

  window.Deckgen = { labels, clock, setText, slideSrc, live, banner, status, channel };
})();
