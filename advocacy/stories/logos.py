"""The letterhead's logo: a PNG re-encoded from its pixels, or an SVG rebuilt from an
allow-list of shapes and attributes (no script, no links out, no entities, no styles).

What is stored is never the uploaded file itself: a PNG is decoded and written anew
(no metadata, no trailing bytes, at most 600 × 200 pixels); an SVG is parsed without
DTDs or entities and only known drawing elements with plain attribute values are kept.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ElementTree

from defusedxml import ElementTree as SafeElementTree
from defusedxml.common import DefusedXmlException

from ..errors import DomainError

MAX_BYTES = 512 * 1024
MAX_PIXELS = 4000 * 4000  # refuse larger images before decoding them (decompression bombs)
STORED_SIZE = (600, 200)
SVG = "{http://www.w3.org/2000/svg}"
SVG_ELEMENTS = {"svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
                "defs", "linearGradient", "radialGradient", "stop", "title", "desc"}
SVG_ATTRIBUTES = {
    "width", "height", "viewBox", "preserveAspectRatio", "version", "id", "d", "x", "y",
    "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "points", "transform", "fill",
    "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity",
    "stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "opacity", "offset",
    "stop-color", "stop-opacity", "gradientUnits", "gradientTransform", "fx", "fy", "clip-rule",
}
# A value is kept if it is numbers, names, colours, path data or a local url(#id).
SAFE_VALUE = re.compile(r"^(?:[-+.,#%()\w\s]*|url\(#[-\w]+\))$")
LOGO_TYPES = {"png": "image/png", "svg": "image/svg+xml"}


def clean_logo(data: bytes, filename: str) -> tuple[bytes, str]:
    """(stored bytes, media type) of an uploaded logo; DomainError at ``logo`` if it is
    not a PNG or SVG within the limits."""
    if len(data) > MAX_BYTES:
        raise DomainError(f"The logo is larger than {MAX_BYTES // 1024} KB.", "logo")
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return _clean_png(data), LOGO_TYPES["png"]
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if filename.lower().endswith(".svg") or head.startswith((b"<?xml", b"<svg")):
        return _clean_svg(data), LOGO_TYPES["svg"]
    raise DomainError("The logo must be a PNG or an SVG file.", "logo")


def _clean_png(data: bytes) -> bytes:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != "PNG":
                raise DomainError("The logo must be a PNG or an SVG file.", "logo")
            if image.width * image.height > MAX_PIXELS:
                raise DomainError("The logo has too many pixels (at most 4000 × 4000).",
                                  "logo")
            image.load()
            picture = image.convert("RGBA")
    except Image.DecompressionBombError as error:
        raise DomainError("The logo has too many pixels (at most 4000 × 4000).",
                          "logo") from error
    except (UnidentifiedImageError, OSError, ValueError) as error:
        raise DomainError("The PNG file cannot be read; save it again and upload it.",
                          "logo") from error
    picture.thumbnail(STORED_SIZE)
    out = io.BytesIO()
    picture.save(out, "PNG", optimize=True)
    return out.getvalue()


def _clean_svg(data: bytes) -> bytes:
    try:
        root = SafeElementTree.fromstring(data, forbid_dtd=True)
    except (DefusedXmlException, ElementTree.ParseError, ValueError) as error:
        raise DomainError("The SVG file cannot be read (or declares entities, which are "
                          "not allowed).", "logo") from error
    if root.tag != f"{SVG}svg":
        raise DomainError("The SVG file must start with an <svg> element.", "logo")
    try:
        clean = _copy(root)
    except RecursionError as error:
        raise DomainError("The SVG nests its shapes too deeply.", "logo") from error
    if not any(child.tag != f"{SVG}title" for child in clean.iter() if child is not clean):
        raise DomainError("The SVG has no shape that can be drawn safely.", "logo")
    ElementTree.register_namespace("", SVG[1:-1])
    rebuilt = ElementTree.tostring(clean, encoding="utf-8", xml_declaration=False)
    svg_pixels(rebuilt)  # what a PDF letter will draw: refused now, not at every export
    return rebuilt


def svg_pixels(data: bytes):
    """An SVG logo drawn to pixels (a Pillow RGBA image) for print: fitted into 600 × 200
    at its own proportions, whatever size or shape its viewBox claims (a very wide one
    would otherwise ask Cairo for an impossible canvas), then cut to what is drawn.
    DomainError at ``logo`` if it cannot be drawn."""
    from PIL import Image

    try:
        import cairosvg

        png = cairosvg.svg2png(bytestring=data, output_width=STORED_SIZE[0],
                               output_height=STORED_SIZE[1], unsafe=False)
    except OSError as error:  # the Cairo library itself is missing
        raise DomainError("SVG logos cannot be drawn on this server (the Cairo library "
                          "is missing): upload a PNG.", "logo") from error
    except Exception as error:  # noqa: BLE001 - CairoSVG raises many kinds on odd input
        raise DomainError("The SVG file cannot be drawn; save it again and upload it.",
                          "logo") from error
    with Image.open(io.BytesIO(png)) as image:
        picture = image.convert("RGBA")
    drawn = picture.getchannel("A").getbbox()
    if drawn is None:
        raise DomainError("The SVG has no shape that can be drawn safely.", "logo")
    return picture.crop(drawn)


def _copy(element: ElementTree.Element) -> ElementTree.Element:
    name = element.tag.removeprefix(SVG)
    copy = ElementTree.Element(f"{SVG}{name}")
    for key, value in element.attrib.items():
        if key in SVG_ATTRIBUTES and len(value) <= 20_000 and SAFE_VALUE.match(value):
            copy.set(key, value)
    if name in ("title", "desc"):
        copy.text = (element.text or "")[:200]
    for child in element:
        if isinstance(child.tag, str) and child.tag.startswith(SVG) and \
                child.tag.removeprefix(SVG) in SVG_ELEMENTS:
            copy.append(_copy(child))
    return copy
