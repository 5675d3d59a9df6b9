"""Stage 3b, layout: the talk as positioned slides. Every size, box, line break, line
position and colour is decided here, once; renderers only draw the result
(:mod:`deckgen.deckplan`). Pure: font metrics (through :mod:`deckgen.fit`) and the
template's description only.

Every box is measured with the typefaces it is drawn in (titles with the deck's heading
fonts, the rest with its body fonts). Every box keeps its starting size when its text fits;
otherwise the size shrinks step by step down to a floor for its role, and text that still
does not fit continues on a new slide ("<title>（续）"), split between bullets (tables
between rows, with the header repeated). A size at which a word, number or name would break
between letters does not fit: text shrinks first. Titles and subtitles stay inside their
placeholders: at the floor they are cut with an ellipsis. Lines under a cover title with no
placeholder for them get a text box in free room near the title. Boxes that cannot continue
(quotes, stat cards, captions) go below their floor as a last resort. Each of these is
reported as a warning.

How the package is laid out:

- ``deck``: the deck pass. Each outline slide goes to the module of its kind (one
  ``match``); the deck pass adds the footer and slide number, chooses readable text colours
  (``ink``), places every line (``lines``) and makes the deck-wide decisions.
- One module per slide kind, each fitting its text once and returning the positioned
  shapes of the slide and its continuations: ``cover`` (title, section and closing slides),
  ``bullets`` (bullets, agenda, sources), ``columns``, ``stats``, ``quote``, ``table``,
  ``chart``, ``image``; ``titles`` gives content slides their titles, ``captions`` the
  lines under charts and pictures, ``footer`` the furniture.
- Shared: ``frames`` (the template's boxes, clear of its art), ``areas`` (boxes in points
  and measuring text in them), ``sizing`` (choosing sizes, the log of what changed),
  ``setting`` (the deck-wide facts a slide is laid out with, and the paragraphs and text
  boxes made with them), ``lines`` (baselines and line starts), ``ink`` (text colours
  against what is behind them).
"""

from .deck import lay_out
from .frames import Frames, frames_of
from .lines import placed

__all__ = ["Frames", "frames_of", "lay_out", "placed"]
