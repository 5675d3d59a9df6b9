"""Charts: the chart in the body above its caption and source line, with alt text that
reads its data."""

from __future__ import annotations

from .. import plan as p
from ..alttext import chart_alt, picture_alt
from ..deckplan import ChartFrame
from .captions import captions, fit_captions, source_text
from .setting import Page, Setting
from .sizing import Log
from .titles import own_title


def lay(sp: p.SlideSpec, c: p.Chart, st: Setting, log: Log) -> list[Page]:
    """A chart slide."""
    sizes = fit_captions((("caption", c.caption.text if c.caption else None),
                          ("source", source_text(c.source, st.language))), st, log)
    box, below = captions(st, c.caption, c.source, sizes)
    s = c.spec
    alt = picture_alt(c.alt, None) or chart_alt(
        s.type, s.labels, s.series, title=own_title(sp, st.language), unit=s.unit, log=s.log,
        source=c.source.text if c.source else None, language=st.language)
    return [Page(sp, (ChartFrame(f"Chart {s.name}", box.rect, s, alt, c.csv), *below))]
