// Offer the reader's browser language on Vietnamese pages; never redirect. A dismissal is kept.
(function () {
  var box = document.querySelector("[data-offer]");
  if (!box) return;
  try { if (localStorage.getItem("portal-offer-dismissed")) return; } catch (e) { /* private mode */ }
  var wanted = (navigator.languages || [navigator.language || ""]).map(function (tag) {
    return tag.toLowerCase().split("-")[0];
  });
  for (var i = 0; i < wanted.length; i++) {
    if (wanted[i] === "vi") return;
    var item = box.querySelector('[data-offer-lang="' + wanted[i] + '"]');
    if (item) {
      item.hidden = false;
      box.hidden = false;
      item.querySelector("[data-offer-dismiss]").addEventListener("click", function () {
        box.hidden = true;
        try { localStorage.setItem("portal-offer-dismissed", "1"); } catch (e) { /* ignore */ }
      });
      return;
    }
  }
})();
