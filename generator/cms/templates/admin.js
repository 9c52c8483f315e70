/* The web editor's own settings, run after Decap CMS (rendered by generator/cms/admin.py):
   previews use the portal's stylesheet, so an entry looks as it will on the site. */
CMS.registerPreviewStyle({{ preview_stylesheet | tojson }});
