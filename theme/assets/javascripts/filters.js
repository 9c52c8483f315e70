// Client-side filters of the projects index: no server, plain data attributes on each card.
(function () {
  document.querySelectorAll("form[data-filters]").forEach(function (form) {
    var list = form.nextElementSibling;
    var count = form.querySelector(".portal-filters__count");
    function matches(card, values) {
      if (values.sector && card.dataset.sector !== values.sector) return false;
      if (values.location && card.dataset.location !== values.location) return false;
      if (values.form && card.dataset.forms.split(" ").indexOf(values.form) < 0) return false;
      if (values.capital) {
        var range = values.capital.split("-");
        var capital = Number(card.dataset.capital);
        if (capital < Number(range[0]) || (range[1] && capital > Number(range[1]))) return false;
      }
      return true;
    }
    function apply() {
      var values = Object.fromEntries(new FormData(form).entries());
      var shown = 0;
      list.querySelectorAll("[data-sector]").forEach(function (card) {
        var ok = matches(card, values);
        card.hidden = !ok;
        if (ok) shown++;
      });
      count.textContent = count.dataset.countTemplate.replace("{count}", shown);
    }
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    apply();
  });
})();
