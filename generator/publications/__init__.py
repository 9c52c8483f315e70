"""The province's publications as PDFs in six languages, made from the portal's own data.

A publication item with a ``printed`` edition (:class:`~generator.content.models.PrintEdition`)
names its sections; :mod:`.selection` picks the items, figures and pages each section shows in
one language, :mod:`.document` renders them through ``theme/print/`` and WeasyPrint, and
:mod:`.editions` keeps every PDF in a cache under the hash of its inputs, so a build makes again
only the PDFs whose items, templates, fonts or catalog changed, then publishes them beside the
publication's page in each language.
"""
