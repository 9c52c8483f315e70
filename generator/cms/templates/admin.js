/* The web editor's own settings, run after Decap CMS (rendered by generator/cms/admin.py):
   previews use the portal's stylesheet, so an entry looks as it will on the site, and the
   phrases Decap's own locale lacks come from the portal's 'cms' catalog. Decap reads its
   phrases when it renders, after config.yml is loaded, so registering them here is in time. */
CMS.registerPreviewStyle({{ preview_stylesheet | tojson }});

(function (lang, phrases) {
  function merge(into, from) {
    Object.keys(from).forEach(function (key) {
      var value = from[key];
      if (value && typeof value === "object") {
        into[key] = merge(into[key] && typeof into[key] === "object" ? into[key] : {}, value);
      } else {
        into[key] = value;
      }
    });
    return into;
  }
  CMS.registerLocale(lang, merge(merge({}, CMS.getLocale(lang) || {}), phrases));
})({{ lang | tojson }}, {{ phrases | tojson }});

/* Decap writes a file for every language of a page, blank for the languages left empty
   (decaporg/decap-cms#6932). A blank page file fails 'portal check', while a missing one is a
   translation not yet made (its readers get the Vietnamese with a notice), so the backend
   writing the files leaves the blank ones out. */
(function (name) {
  var backend = CMS.getBackend(name);
  var init = backend.init;
  backend.init = function () {
    var implementation = init.apply(this, arguments);
    var persist = implementation.persistEntry.bind(implementation);
    implementation.persistEntry = function (entry, options) {
      var written = entry.dataFiles.filter(function (file) { return file.raw.trim() !== ""; });
      return persist(Object.assign({}, entry, { dataFiles: written }), options);
    };
    return implementation;
  };
})({{ backend | tojson }});
