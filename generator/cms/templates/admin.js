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
