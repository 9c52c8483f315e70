"""``portal import plan``: a Vietnamese plan or official letter, as a draft plan item.

A pipeline of plain-Python steps, one module each, none of which knows MkDocs:

- :mod:`.reading`: a ``.txt``, ``.docx`` or ``.pdf`` (with a text layer) as numbered lines;
- :mod:`.normalise`: OCR text without diacritics recognised, headings and bodies' names restored
  to their standard spelling (the registry's names first, then :file:`vocabulary.yml`);
- :mod:`.structure`: the lines as a document: number, date, issuer, signer, recipients, title,
  legal bases, purposes and requirements, and every task with its addressee as written;
- :mod:`.draft`: the parsed document as a plan item of ``content/data/plans/``;
- :mod:`.report`: the parsed plan as JSON and what the editor must look at (lines that were not
  placed, agencies not matched, text that needs its diacritics).

Import never uses the network.
"""
