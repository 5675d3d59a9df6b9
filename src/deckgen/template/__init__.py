"""The template (the outline's .pptx/.potx, or the shipped default theme), its one home.

Three names that are easy to mix up:

- a **template** is the PowerPoint file a talk is drawn on; this package finds it, reads
  and hashes it once (:mod:`.files`), opens it with python-pptx and repairs it
  (:mod:`.opening`, :mod:`.repair`), describes it (:mod:`.describe` with :mod:`.scheme`,
  :mod:`.shapes`, :mod:`.art`, :mod:`.geometry`) and serves its pictures to the renderers
  (:func:`.files.media`);
- the template's **description** (:mod:`.info`, once ``templateinfo``) is the frozen data
  layout and the renderers read: no python-pptx, cached as JSON by the file's hash;
- the **theme** is the template's colour scheme and fonts (a part of the file, read in
  :mod:`.scheme`; the deck's own fonts and palette are written into it by
  :func:`.opening.apply_theme`); the shipped default *theme* is the template used when the
  outline names none. Which layout serves which role is :mod:`.roles` (once ``theme.py``);
  where a box stays clear of the template's art is :mod:`.clearance` (once ``room.py``).

Nothing is imported here: each stage imports the module it needs, so reading a cached
description never loads python-pptx."""
