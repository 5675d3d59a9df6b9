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

CT_XML = "application/xml"
CT_OPC_RELATIONSHIPS = "application/vnd.openxmlformats-package.relationships+xml"
CT_SLIDE = "application/vnd.openxmlformats-officedocument.presentationml.slide+xml"
CT_NOTES_SLIDE = "application/vnd.openxmlformats-officedocument.presentationml.notesSlide+xml"
CT_NOTES_MASTER = "application/vnd.openxmlformats-officedocument.presentationml.notesMaster+xml"
CT_THEME = "application/vnd.openxmlformats-officedocument.theme+xml"
CT_CORE = "application/vnd.openxmlformats-package.core-properties+xml"
CT_CUSTOM = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
CT_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMAGE_TYPES = {"bmp": "image/bmp", "gif": "image/gif", "jpg": "image/jpeg",
               "png": "image/png", "tiff": "image/tiff", "emf": "image/x-emf",
               "wmf": "image/x-wmf"}
"""The content type of each picture format by python-pptx's file extension for it."""
DEFAULT_EXTENSIONS = frozenset({
    ("bin", "application/vnd.openxmlformats-officedocument.presentationml.printerSettings"),
    ("bin", "application/vnd.openxmlformats-officedocument.spreadsheetml.printerSettings"),
    ("bin", "application/vnd.openxmlformats-officedocument.wordprocessingml.printerSettings"),
    ("bmp", "image/bmp"), ("emf", "image/x-emf"), ("fntdata", "application/x-fontdata"),
    ("gif", "image/gif"), ("jpe", "image/jpeg"), ("jpeg", "image/jpeg"),
    ("jpg", "image/jpeg"), ("mov", "video/quicktime"), ("mp4", "video/mp4"),
    ("mpg", "video/mpeg"), ("png", "image/png"), ("rels", CT_OPC_RELATIONSHIPS),
    ("tif", "image/tiff"), ("tiff", "image/tiff"), ("vid", "video/unknown"),
    ("wdp", "image/vnd.ms-photo"), ("wmf", "image/x-wmf"), ("wmv", "video/x-ms-wmv"),
    ("xlsx", CT_XLSX), ("xml", CT_XML)})
"""(extension, content type) pairs python-pptx lists as a Default, not an Override."""

_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
RT_SLIDE = _R + "slide"
RT_SLIDE_LAYOUT = _R + "slideLayout"
RT_SLIDE_MASTER = _R + "slideMaster"
RT_NOTES_SLIDE = _R + "notesSlide"
RT_NOTES_MASTER = _R + "notesMaster"
RT_THEME = _R + "theme"
RT_IMAGE = _R + "image"
RT_CHART = _R + "chart"
RT_PACKAGE = _R + "package"
RT_OFFICE_DOCUMENT = _R + "officeDocument"
RT_CUSTOM = _R + "custom-properties"
RT_CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
