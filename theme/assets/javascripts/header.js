// The compact header of small screens: the search, the languages and the menu each open from a
// button (a disclosure: aria-expanded on the button, data-open on what it controls). portal.css
// folds them only under the "js" class this file sets, so without scripts they stay shown.
// Escape closes the open one and gives the focus back to its button.
(function () {
  document.documentElement.classList.add("js");
  var buttons = Array.prototype.slice.call(document.querySelectorAll("[data-disclosure]"));

  function target(button) {
    return document.getElementById(button.getAttribute("aria-controls"));
  }

  function isOpen(button) {
    return button.getAttribute("aria-expanded") === "true";
  }

  function setOpen(button, open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    target(button).toggleAttribute("data-open", open);
  }

  function closeOthers(button) {
    buttons.forEach(function (other) { if (other !== button && isOpen(other)) setOpen(other, false); });
  }

  buttons.forEach(function (button) {
    button.addEventListener("click", function () {
      var open = !isOpen(button);
      closeOthers(button);
      setOpen(button, open);
      var field = open && button.dataset.disclosureFocus;
      if (field) document.querySelector(field).focus();
    });
  });

  // An address with a query (?q=, which search.js runs) opens the field with its results.
  var search = document.querySelector("[data-disclosure-focus]");
  if (search && new URLSearchParams(window.location.search).get("q")) setOpen(search, true);

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    buttons.forEach(function (button) {
      if (!isOpen(button)) return;
      var inside = target(button).contains(document.activeElement);
      setOpen(button, false);
      if (inside || document.activeElement === document.body || document.activeElement === button) {
        button.focus();
      }
    });
  });

  // A tap or click outside the header and the menu closes what is open there.
  document.addEventListener("click", function (event) {
    buttons.forEach(function (button) {
      if (isOpen(button) && !button.contains(event.target) && !target(button).contains(event.target)) {
        setOpen(button, false);
      }
    });
  });
})();
