"""The names of Open Packaging (OPC) that several stages share: PowerPoint's main content
types and the file suffixes a template may have (validating an outline, watching files,
opening a template), and the content types, relationship types and extension URIs of the
parts deckgen edits. A leaf module: it imports nothing of deckgen."""

from __future__ import annotations

PPTX_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
POTX_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
PPSX_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml"
PPTM_MAIN = "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml"
POTM_MAIN = "application/vnd.ms-powerpoint.template.macroEnabled.main+xml"
PPSM_MAIN = "application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml"
MAIN_TYPES = frozenset({PPTX_MAIN, POTX_MAIN, PPSX_MAIN, PPTM_MAIN, POTM_MAIN, PPSM_MAIN})
"""The main part's content type of a .pptx, .potx, .ppsx, .pptm, .potm and .ppsm."""
TEMPLATE_SUFFIXES = frozenset({".pptx", ".potx", ".ppsx", ".pptm", ".potm", ".ppsm"})
"""The files a template may be: every kind of PowerPoint package."""

VBA_TYPE = "application/vnd.ms-office.vbaProject"
VBA_REL = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
CT_APP = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
CT_PRES_PROPS = "application/vnd.openxmlformats-officedocument.presentationml.presProps+xml"

SECTION_EXT_URI = "{521415D9-36F7-43E2-AB2F-B90AF26B5E84}"
"""The extension of the presentation part that lists PowerPoint sections."""
