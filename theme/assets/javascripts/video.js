// Click to load: the <video> lives in a <template> and is created only when the reader asks.
(function () {
  document.querySelectorAll("[data-video]").forEach(function (figure) {
    var button = figure.querySelector(".portal-video__play");
    var template = figure.querySelector("template");
    if (!button || !template) return;
    button.addEventListener("click", function () {
      var video = template.content.firstElementChild.cloneNode(true);
      button.replaceWith(video);
      video.play().catch(function () { /* autoplay refused: the controls are there */ });
      video.focus();
    });
  });
})();
