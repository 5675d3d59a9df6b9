// The presenter view: the current and the next slide, the notes, and a timer against the
// current slide's planned window (its start and end in the talk, from the timing estimate).
// A slide that reveals its bullets, columns or cards one by one (its "steps") is stepped
// through as a slide show does: → shows the next part before the next slide, ← hides it.
"use strict";
(function () {
  const D = window.Deckgen;
  let deck = null;
  let L = D.labels("en");
  let current = Math.max(1, parseInt(location.hash.slice(1), 10) || 1);
  let shown = 0; // clicks of the current slide's build shown so far
  let elapsed = 0; // seconds of talk before the timer last started
  let since = null; // performance.now() when it started, null while paused
  let lastStatus = "connecting";

  const $ = (id) => document.getElementById(id);

  function talkTime() {
    return elapsed + (since === null ? 0 : (performance.now() - since) / 1000);
  }

  function show() {
    if (!deck) return;
    const n = deck.slides.length;
    current = Math.min(Math.max(1, current), Math.max(1, n));
    const s = deck.slides[current - 1];
    const steps = s ? s.steps || 0 : 0;
    shown = Math.min(Math.max(0, shown), steps);
    // the next picture: this slide one part further, else the next slide as it opens
    const building = shown < steps;
    const next = building ? s : deck.slides[current];
    const nextSrc = next && D.slideSrc(next, building ? shown + 1 : 0);
    document.body.dataset.current = current;
    document.body.dataset.shown = shown;
    document.body.dataset.steps = steps;
    const step = steps ? ` · ${L.click} ${shown} ${L.of} ${steps}` : "";
    D.setText($("position"), n ? `${current} / ${n}${step}` : "");
    if (s) {
      const src = D.slideSrc(s, shown);
      if ($("now").getAttribute("src") !== src) $("now").setAttribute("src", src);
      $("now").alt = `${L.slide} ${s.number}: ${s.title}`;
      D.setText($("notes"), s.notes);
    }
    $("next").hidden = !next;
    if (next) {
      if ($("next").getAttribute("src") !== nextSrc) $("next").setAttribute("src", nextSrc);
      $("next").alt = `${L.next}: ${next.title}`;
    }
    const nextHead = building ? `${L.next}: ${L.click} ${shown + 1} ${L.of} ${steps}`
      : next ? `${L.next}: ${next.title}` : L.end;
    D.setText($("next-head"), nextHead);
    if (history.replaceState) history.replaceState(null, "", `#${current}`);
    tick();
  }

  function tick() {
    const t = talkTime();
    D.setText($("elapsed"), D.clock(t));
    D.setText($("timer"), since === null ? L.start : L.pause);
    D.setText($("reset"), L.reset);
    const s = deck && deck.slides[current - 1];
    if (!s) return;
    D.setText($("window"), `${L.window} ${D.clock(s.start)}–${D.clock(s.end)}`);
    const state = $("state");
    let key = "onTime";
    if (t > s.end) key = "behind";
    else if (t < s.start) key = "ahead";
    const by = key === "behind" ? t - s.end : key === "ahead" ? s.start - t : 0;
    D.setText(state, key === "onTime" ? L.onTime : `${L[key]} ${D.clock(by)}`);
    state.dataset.state = key;
    const span = Math.max(1, s.end - s.start);
    $("progress").style.width = `${Math.min(100, Math.max(0, (t - s.start) / span * 100))}%`;
  }

  function go(n, tell = true, clicks = 0) {
    current = n;
    shown = clicks;
    show();
    if (tell && D.channel) D.channel.postMessage({ slide: current, from: "presenter" });
  }

  function steps(n) {
    const s = deck && deck.slides[n - 1];
    return s ? s.steps || 0 : 0;
  }

  // the next part of the slide's build, else the next slide
  function forward() {
    if (shown < steps(current)) { shown += 1; show(); } else go(current + 1);
  }

  // the last part shown hidden again, else the previous slide, fully built
  function back() {
    if (shown > 0) { shown -= 1; show(); } else if (current > 1) go(current - 1, true, steps(current - 1));
  }

  function toggle() {
    if (since === null) since = performance.now();
    else { elapsed = talkTime(); since = null; }
    tick();
  }

  function reset() {
    elapsed = 0;
    since = since === null ? null : performance.now();
    tick();
  }

  document.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    let handled = true;
    switch (e.key) {
      case "ArrowRight": case "ArrowDown": case "PageDown": case " ": case "j": case "n":
        if (since === null && elapsed === 0) toggle(); // the talk starts with the first move
        forward(); break;
      case "ArrowLeft": case "ArrowUp": case "PageUp": case "k": case "Backspace":
        back(); break;
      case "Home": go(1); break;
      case "End": go(deck ? deck.slides.length : 1); break;
      case "s": toggle(); break;
      case "r": reset(); break;
      default: handled = false;
    }
    if (handled) e.preventDefault();
  });
  $("timer").addEventListener("click", toggle);
  $("reset").addEventListener("click", reset);
  window.addEventListener("hashchange", () => go(parseInt(location.hash.slice(1), 10) || current));
  if (D.channel) {
    D.channel.onmessage = (e) => {
      if (e.data && e.data.from === "deck") go(e.data.slide, false);
    };
  }
  setInterval(tick, 500);

  D.live((d) => {
    deck = d;
    L = D.labels(d.language);
    document.documentElement.lang = d.language || "en";
    document.title = `${d.title} · deckgen presenter`;
    D.setText($("title"), d.title || "deckgen");
    D.setText($("notes-head"), L.notes);
    D.banner(d.errors, L);
    D.status(lastStatus, L);
    document.body.dataset.version = d.version;
    show();
  }, (key) => { lastStatus = key; D.status(key, L); });
})();
