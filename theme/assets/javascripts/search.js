// Search with Pagefind, entirely on this site: the index of the page's language is loaded only
// when the reader starts typing (or opens an address with ?q=).
//
// Pagefind finds candidates; each is then checked against its own text, because Pagefind matches
// loosely: a term found nowhere falls back to a shorter word that prefixes it ("大象" → "大"),
// Chinese and Japanese terms may match as scattered characters, and a Vietnamese syllable typed
// without diacritics matches every syllable that differs only by its marks ("voi" → "với").
// A candidate is kept when the query is really in it:
//   vi      the phrase as typed, or its syllables in runs of two or more (at most one syllable
//           alone), or the phrase without diacritics: "dau tu" finds "đầu tư", while "con voi"
//           finds no "con ... với", nor "cà phê" a "cà" and a "phê duyệt" apart;
//   en, ko  every word (the last may be unfinished), as typed or without diacritics;
//   zh, ja, lo  each space-separated part as one unbroken string.
// Only the last word typed matches by its beginning: the others are whole words.
// Lao queries are split into the words of the Lao index (pagefind/lo-words.json, written by
// generator/search.py with ICU): index and query follow one segmenter's rules; a part that is
// not made of the index's words (or their beginnings) is on no page, and finds nothing.
// Chinese and Japanese queries are also asked word by word (the browser's segmenter), because
// Pagefind's index may have cut the same text elsewhere; the check above joins them again.
// Kept results are ordered: the query in the title first (at its start before inside it), then
// an exact match before a looser one, then Pagefind's order (headings weigh more than text).
(function () {
  var box = document.querySelector("[data-search]");
  if (!box) return;
  var input = box.querySelector("input");
  var out = box.querySelector(".portal-search__results");
  var none = box.querySelector("[data-search-none]");
  var root = box.dataset.root;
  var lang = box.dataset.lang;
  var UNSPACED = { zh: true, ja: true, lo: true };
  var CHECKED = 40; // candidates checked against their text, at most
  var SHOWN = 10;
  var engine = null;
  var timer = null;
  var latest = 0;

  function url(path) {
    return new URL(root + path, document.baseURI).href;
  }

  function load() {
    if (!engine) {
      var words = lang === "lo"
        ? fetch(url("pagefind/lo-words.json")).then(function (r) { return r.json(); })
        : Promise.resolve([]);
      engine = import(url("pagefind/pagefind.js")).then(function (pf) {
        return pf.options({ basePath: new URL(url("pagefind/")).pathname }).then(function () { return pf; });
      }).then(function (pf) {
        return words.then(function (list) { return { pf: pf, vocabulary: vocabulary(list) }; });
      });
    }
    return engine;
  }

  function vocabulary(list) {
    var beginnings = new Set();
    list.forEach(function (w) { for (var i = 1; i < w.length; i++) beginnings.add(w.slice(0, i)); });
    var longest = list.reduce(function (n, w) { return Math.max(n, w.length); }, 0);
    return { words: new Set(list), beginnings: beginnings, longest: longest };
  }

  // --- text as it is compared -------------------------------------------------------------
  function lower(text) {
    return text.replace(/[\s\u200b]+/g, " ").trim().toLocaleLowerCase().normalize("NFC");
  }

  function fold(text) {
    return lower(text).normalize("NFD").replace(/\p{M}/gu, "").replace(/đ/g, "d");
  }

  function squeeze(text) {
    return text.replace(/[\s\u200b]+/g, "");
  }

  function escape(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  function found(text, words, unfinished) {
    // The words, one after the other, as whole words (the last may be a beginning).
    var end = unfinished ? "" : "(?![\\p{L}\\p{N}])";
    return new RegExp("(^|[^\\p{L}\\p{N}])" + words.map(escape).join(" ") + end, "u").test(text);
  }

  function wordIn(text, word, unfinished) {
    if (found(text, [word], unfinished || lang === "ko")) return true; // Korean: particles follow
    if (lang !== "en") return false;
    // English is indexed by stems ("relics" → "relic"): the stem with a usual ending, whole.
    var stem = word.replace(/(ies|es|s|ed|ing)$/, "");
    var ending = "(s|es|ed|ing|e|y|ies|ied)?(?![\\p{L}\\p{N}])";
    return stem.length > 2 && new RegExp("(^|[^\\p{L}\\p{N}])" + escape(stem) + ending, "u").test(text);
  }

  function inRuns(text, syllables) {
    // Cut the syllables into the longest runs found together; how many stand alone (-1: missing).
    var alone = 0;
    for (var i = 0, j; i < syllables.length; i = j) {
      for (j = syllables.length; j > i && !found(text, syllables.slice(i, j), j === syllables.length); j--);
      if (j === i) return -1;
      if (j - i === 1) alone++;
    }
    return alone;
  }

  // --- the query as Pagefind is asked -------------------------------------------------------
  function laoWords(run, vocab) {
    // Fewest words of the index (or beginnings of them, which Pagefind matches too, at a higher
    // cost) that make up the run exactly; null when there are none.
    var best = [{ words: [], cost: 0 }];
    for (var end = 1; end <= run.length; end++) {
      for (var start = Math.max(0, end - vocab.longest); start < end; start++) {
        var piece = run.slice(start, end);
        var cost = vocab.words.has(piece) ? 1 : vocab.beginnings.has(piece) ? 1.5 : 0;
        if (!best[start] || !cost) continue;
        if (!best[end] || best[start].cost + cost < best[end].cost) {
          best[end] = { words: best[start].words.concat([piece]), cost: best[start].cost + cost };
        }
      }
    }
    return best[run.length] ? best[run.length].words : null;
  }

  function prepare(query, vocab) {
    if (lang !== "lo") return query;
    var parts = [];
    var chunks = query.split(/[\s\u200b]+/);
    for (var i = 0; i < chunks.length; i++) {
      var pieces = chunks[i].split(/([\u0e80-\u0eff]+)/);
      for (var j = 0; j < pieces.length; j++) {
        if (!/[\u0e80-\u0eff]/.test(pieces[j])) { if (pieces[j]) parts.push(pieces[j]); continue; }
        var found = laoWords(pieces[j], vocab);
        if (!found) return null;
        parts.push.apply(parts, found);
      }
    }
    return parts.join(" ");
  }

  function variants(query) {
    // The forms Pagefind is asked. Chinese, Japanese: the query, then each of its words.
    // Elsewhere: Pagefind ignores diacritics but not the letter đ, so "dau" is also asked as
    // "đau" (in every language: "Dong Tao" is Đông Tảo on the English page too).
    var forms = [query];
    if (lang === "zh" || lang === "ja") {
      var segmenter = new Intl.Segmenter(lang, { granularity: "word" });
      Array.from(segmenter.segment(query)).forEach(function (s) {
        if (s.isWordLike && s.segment !== query) forms.push(s.segment);
      });
      return forms;
    }
    var syllables = query.split(" ");
    syllables.forEach(function (syllable, i) {
      if (!/^d/i.test(syllable) || forms.length >= 8) return;
      forms = forms.concat(forms.map(function (form) {
        var parts = form.split(" ");
        parts[i] = "đ" + syllable.slice(1);
        return parts.join(" ");
      }));
    });
    return forms;
  }

  function candidates(pf, forms) {
    return Promise.all(forms.map(function (form) { return pf.search(form); })).then(function (searches) {
      var byId = {};
      searches.forEach(function (search) {
        search.results.forEach(function (r) {
          if (!byId[r.id] || byId[r.id].score < r.score) byId[r.id] = r;
        });
      });
      return Object.keys(byId).map(function (id) { return byId[id]; })
        .sort(function (a, b) { return b.score - a.score; });
    });
  }

  // --- is the query really in this page? ---------------------------------------------------
  function match(query, text) {
    // 0: as typed; 1: looser (every word, or without diacritics); -1: not in the text.
    var q = lower(query);
    var t = lower(text);
    var words = q.split(" ");
    if (UNSPACED[lang]) {
      t = squeeze(t);
      return q.split(" ").every(function (part) { return t.indexOf(squeeze(part)) >= 0; }) ? 0 : -1;
    }
    if (lang === "vi") {
      if (found(t, words, true)) return 0;
      var alone = inRuns(t, words);
      if (alone >= 0 && (alone <= 1 || words.length === 1)) return 1;
      return found(fold(t), fold(q).split(" "), true) ? 1 : -1;
    }
    var last = words.length - 1;
    if (words.every(function (w, i) { return wordIn(t, w, i === last); })) return 0;
    var folded = fold(t);
    return words.every(function (w, i) { return wordIn(folded, fold(w), i === last); }) ? 1 : -1;
  }

  function inTitle(query, title) {
    var q = fold(query);
    var t = fold(title || "");
    if (UNSPACED[lang]) { q = squeeze(q); t = squeeze(t); }
    return t.indexOf(q) === 0 ? 0 : t.indexOf(q) > 0 ? 1 : 2;
  }

  function check(query, results) {
    var kept = [];
    var batch = results.slice(0, CHECKED);
    return Promise.all(batch.map(function (r) { return r.data(); })).then(function (pages) {
      pages.forEach(function (page, i) {
        var how = match(query, page.content || "");
        if (how < 0) return;
        kept.push({ page: page, order: [inTitle(query, page.meta && page.meta.title), how, i] });
      });
      kept.sort(function (a, b) {
        for (var k = 0; k < 3; k++) if (a.order[k] !== b.order[k]) return a.order[k] - b.order[k];
        return 0;
      });
      // Candidates beyond those checked are counted as found when some checked ones were.
      var total = kept.length ? kept.length + Math.max(0, results.length - CHECKED) : 0;
      return { pages: kept.map(function (k) { return k.page; }), total: total };
    });
  }

  // --- what the reader sees ----------------------------------------------------------------
  function count(n) {
    if (n === 0) return box.dataset.none;
    if (n === 1) return box.dataset.one;
    return box.dataset.other.replace("#", n);
  }

  function sectionOf(page) {
    return (page.meta && page.meta.section) || "";
  }

  function render(query, found) {
    out.textContent = "";
    out.dataset.query = query;
    var summary = document.createElement("p");
    summary.className = "portal-search__count";
    summary.textContent = count(found.total);
    out.appendChild(summary);
    if (!found.pages.length) {
      var help = none.cloneNode(true);
      help.hidden = false;
      out.appendChild(help);
    } else {
      var list = document.createElement("ul");
      list.className = "portal-search__list";
      found.pages.slice(0, SHOWN).forEach(function (page) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = url(page.url.replace(/^\//, ""));
        a.textContent = (page.meta && page.meta.title) || page.url;
        li.appendChild(a);
        if (page.meta && page.meta.sample) {
          // A sample item: its label in the page's language (generator/search.py), as on cards.
          var sample = document.createElement("span");
          sample.className = "portal-sample-badge";
          sample.textContent = page.meta.sample;
          li.appendChild(document.createTextNode(" "));
          li.appendChild(sample);
        }
        if (sectionOf(page)) {
          var section = document.createElement("span");
          section.className = "portal-search__section";
          section.textContent = sectionOf(page);
          li.appendChild(section);
        }
        var excerpt = document.createElement("p");
        excerpt.innerHTML = page.excerpt; // Pagefind's excerpt: the page's text with <mark> only
        li.appendChild(excerpt);
        list.appendChild(li);
      });
      out.appendChild(list);
    }
    out.hidden = false;
  }

  function keepInAddress(query, push) {
    var address = new URL(location.href);
    if (query) address.searchParams.set("q", query); else address.searchParams.delete("q");
    if (address.href === location.href) return;
    history[push ? "pushState" : "replaceState"](null, "", address.href);
  }

  function run(push) {
    var query = input.value.trim().replace(/\s+/g, " ");
    var mine = ++latest;
    keepInAddress(query, push);
    if (!query) { out.hidden = true; out.textContent = ""; return; }
    load().then(function (engine) {
      var asked = prepare(query, engine.vocabulary);
      if (asked === null) return { pages: [], total: 0 };
      return candidates(engine.pf, variants(asked)).then(function (results) { return check(query, results); });
    }).then(function (found) {
      if (mine === latest) render(query, found);
    });
  }

  function fromAddress() {
    var query = new URL(location.href).searchParams.get("q") || "";
    input.value = query;
    if (!query) { out.hidden = true; return; }
    var toggle = document.querySelector('[aria-controls="' + box.id + '"][aria-expanded="false"]');
    if (box.id && toggle && toggle.offsetParent !== null) toggle.click(); // phones: open the field
    run(false);
  }

  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(function () { run(false); }, 200); });
  box.querySelector("form").addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(timer); run(true); });
  window.addEventListener("popstate", fromAddress);
  fromAddress();
})();
