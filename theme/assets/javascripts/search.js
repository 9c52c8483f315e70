// Search with Pagefind, entirely on this site: the index of the page's language is loaded only
// when the reader starts typing. Lao queries are split into words first (as the index was).
(function () {
  var box = document.querySelector("[data-search]");
  if (!box) return;
  var input = box.querySelector("input");
  var out = box.querySelector(".portal-search__results");
  var root = box.dataset.root;
  var pagefind = null;
  var timer = null;

  function load() {
    if (!pagefind) {
      pagefind = import(new URL(root + "pagefind/pagefind.js", document.baseURI).href).then(function (pf) {
        return pf.options({ basePath: new URL(root + "pagefind/", document.baseURI).pathname }).then(function () { return pf; });
      });
    }
    return pagefind;
  }

  function prepare(query) {
    if (box.dataset.lang === "lo" && window.Intl && Intl.Segmenter) {
      var seg = new Intl.Segmenter("lo", { granularity: "word" });
      return Array.from(seg.segment(query)).filter(function (s) { return s.isWordLike; })
        .map(function (s) { return s.segment; }).join(" ");
    }
    return query;
  }

  function count(n) {
    if (n === 0) return box.dataset.none;
    if (n === 1) return box.dataset.one;
    return box.dataset.other.replace("#", n);
  }

  function render(results) {
    out.textContent = "";
    var summary = document.createElement("p");
    summary.className = "portal-search__count";
    summary.textContent = count(results.length);
    out.appendChild(summary);
    var list = document.createElement("ul");
    results.forEach(function (r) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = new URL(root + r.url.replace(/^\//, ""), document.baseURI).href;
      a.textContent = (r.meta && r.meta.title) || r.url;
      var p = document.createElement("p");
      p.innerHTML = r.excerpt; // Pagefind's excerpt: text with <mark> only
      li.appendChild(a);
      li.appendChild(p);
      list.appendChild(li);
    });
    out.appendChild(list);
    out.hidden = false;
  }

  function run() {
    var query = input.value.trim();
    if (!query) { out.hidden = true; return; }
    load().then(function (pf) { return pf.search(prepare(query)); }).then(function (search) {
      return Promise.all(search.results.slice(0, 10).map(function (r) { return r.data(); }));
    }).then(render);
  }

  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 200); });
  box.querySelector("form").addEventListener("submit", function (e) { e.preventDefault(); run(); });
})();
