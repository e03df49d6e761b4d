"""A streaming PDF writer for long text documents in an embedded Unicode TrueType font.

fpdf2 and ReportLab keep a whole document in memory until it is saved and lay text
out in pure Python a character at a time (17 ms a story; 741 MB for 20,000 stories).
Letters are plain text on pages, so this writer does only that, quickly and in
flat memory: each page is written to the file as soon as it is made; what stays in
memory is an offset per object and the set of glyphs used. At the end the fonts are
subset (fontTools, glyph ids kept) and embedded as CID fonts with a ToUnicode map, so
text can be searched, copied and extracted.
"""

from __future__ import annotations

import io
import re
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import BinaryIO

from fontTools import subset as font_subset
from fontTools.ttLib import TTFont

PAGE_WIDTH, PAGE_HEIGHT = 612.0, 792.0  # US Letter, in points
LAYOUT_TABLES = ("GSUB", "GPOS", "GDEF", "kern", "MATH", "BASE", "JSTF")


@lru_cache(maxsize=4)
def _font_tables(path: str) -> tuple:
    """What laying text out reads from a font file (read once a process; never changed)."""
    font = TTFont(path, lazy=True)
    units = font["head"].unitsPerEm
    tables = (units, font.getBestCmap(), font["hmtx"].metrics,
              {name: gid for gid, name in enumerate(font.getGlyphOrder())},
              font["hhea"].ascent / units)
    font.close()
    return tables


class Font:
    """One TrueType font: widths and glyph ids by character, and the glyphs used."""

    def __init__(self, path: str, resource: str):
        self.path, self.resource = path, resource
        self.units, self.cmap, self.metrics, self.gid_of, self.ascent = _font_tables(path)
        self.used: dict[int, str] = {}  # glyph id -> the text it stands for
        self.hex: dict[str, str] = {}
        self.width: dict[str, float] = {}  # in 1/1000 of the font size

    def _learn(self, char: str) -> None:
        name = self.cmap.get(ord(char))
        gid = self.gid_of.get(name, 0) if name else 0
        advance = self.metrics[name][0] if name else self.metrics[".notdef"][0]
        self.hex[char] = f"{gid:04X}"
        self.width[char] = advance * 1000 / self.units
        if gid:
            self.used.setdefault(gid, char)

    def encode(self, text: str) -> str:
        """The text as a hex string of glyph ids (for ``Tj``)."""
        hexes = self.hex
        try:
            return "".join([hexes[c] for c in text])
        except KeyError:
            for char in text:
                if char not in hexes:
                    self._learn(char)
            return "".join([hexes[c] for c in text])

    def measure(self, text: str, size: float) -> float:
        """The width of ``text`` at ``size`` points."""
        widths = self.width
        try:
            return sum([widths[c] for c in text]) * size / 1000
        except KeyError:
            self.encode(text)
            return sum([widths[c] for c in text]) * size / 1000


@dataclass
class Info:
    title: str
    author: str
    subject: str = ""
    created: datetime = field(default_factory=lambda: datetime.now(UTC))


def _pdf_string(text: str) -> bytes:
    """A PDF text string (UTF-16BE with a byte-order mark), for the document info."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


class PdfWriter:
    """Write pages of text to ``handle`` as they come; ``close()`` finishes the file."""

    def __init__(self, handle: BinaryIO, fonts: dict[str, str], info: Info):
        self.handle, self.info = handle, info
        self.offsets: list[int] = [0, 0, 0]  # objects 1 (catalog) and 2 (pages) come last
        self.pages: list[int] = []
        self.fonts = {key: Font(path, f"F{n}") for n, (key, path) in enumerate(fonts.items())}
        self.font_ids = {key: self._reserve() for key in self.fonts}
        self.images: dict[str, int] = {}
        self.position = 0
        self._write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")

    def _write(self, data: bytes) -> None:
        self.handle.write(data)
        self.position += len(data)

    def _reserve(self) -> int:
        self.offsets.append(0)
        return len(self.offsets) - 1

    def _object(self, number: int, body: bytes, stream: bytes | None = None) -> None:
        self.offsets[number] = self.position
        if stream is None:
            self._write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
        else:
            self._write(b"%d 0 obj\n%s\nstream\n%s\nendstream\nendobj\n"
                        % (number, body, stream))

    def reserve(self) -> int:
        """A number for an object written later (a page's footer once its letter's page
        count is known)."""
        return self._reserve()

    def _stream(self, data: bytes, extra: bytes = b"", compress: bool = True,
                number: int | None = None) -> int:
        number = number or self._reserve()
        if compress:
            data = zlib.compress(data, 6)
            extra += b"/Filter/FlateDecode"
        self._object(number, b"<</Length %d%s>>" % (len(data), extra), data)
        return number

    def add_image(self, name: str, width: int, height: int, rgb: bytes,
                  alpha: bytes | None = None) -> None:
        """An RGB image (8 bits a channel, with an optional 8-bit alpha) that pages can
        draw as ``/<name> Do``."""
        mask = b""
        if alpha is not None:
            mask_id = self._stream(alpha, b"/Type/XObject/Subtype/Image/Width %d/Height %d"
                                   b"/ColorSpace/DeviceGray/BitsPerComponent 8"
                                   % (width, height))
            mask = b"/SMask %d 0 R" % mask_id
        self.images[name] = self._stream(rgb, b"/Type/XObject/Subtype/Image/Width %d/Height %d"
                                         b"/ColorSpace/DeviceRGB/BitsPerComponent 8%s"
                                         % (width, height, mask))

    def write_content(self, number: int, content: str) -> None:
        """The content stream reserved as ``number``."""
        self._stream(content.encode("latin-1"), number=number)

    def add_page(self, content: str, later: tuple[int, ...] = ()) -> None:
        """One page from its content stream (PDF operators), drawn before the reserved
        streams ``later`` (written with ``write_content``)."""
        content_id = self._stream(content.encode("latin-1"))
        page_id = self._reserve()
        contents = b"[%s]" % b" ".join(b"%d 0 R" % n for n in (content_id, *later))
        fonts = b"".join(b"/%s %d 0 R" % (font.resource.encode(), self.font_ids[key])
                         for key, font in self.fonts.items())
        images = b"".join(b"/%s %d 0 R" % (name.encode(), number)
                          for name, number in self.images.items())
        self._object(page_id, b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 %d %d]"
                     b"/Resources<</Font<<%s>>/XObject<<%s>>>>/Contents %s>>"
                     % (PAGE_WIDTH, PAGE_HEIGHT, fonts, images, contents))
        self.pages.append(page_id)

    def _embed_font(self, key: str) -> None:
        font = self.fonts[key]
        options = font_subset.Options()
        options.retain_gids = True
        options.notdef_outline = True
        options.name_IDs = ["*"]
        options.layout_features = []
        options.hinting = False
        options.glyph_names = False
        source = TTFont(font.path)
        # Text is laid out here, glyph by glyph: no shaping tables in the PDF. Taken out
        # before subsetting, which would otherwise read them whole (0.1 s a font).
        for tag in (*LAYOUT_TABLES, "FFTM"):
            if tag in source:
                del source[tag]
        subsetter = font_subset.Subsetter(options)
        subsetter.populate(gids=sorted({0, *font.used}))
        subsetter.subset(source)
        buffer = io.BytesIO()
        source.save(buffer)
        program = buffer.getvalue()
        file_id = self._stream(program, b"/Length1 %d" % len(program))
        # A subset's name starts with six capitals and "+" (ISO 32000-1, 9.6.4).
        tag = "ADVOC" + chr(ord("A") + list(self.fonts).index(key) % 26)
        base = tag + "+" + re.sub(r"[^A-Za-z0-9-]", "", source["name"].getDebugName(6) or "Font")
        head, hhea = source["head"], source["hhea"]
        scale = 1000 / font.units
        descriptor = self._reserve()
        bbox = " ".join(str(round(v * scale)) for v in (head.xMin, head.yMin, head.xMax,
                                                         head.yMax))
        self._object(descriptor, (
            f"<</Type/FontDescriptor/FontName/{base}/Flags 32/FontBBox[{bbox}]/ItalicAngle 0"
            f"/Ascent {round(hhea.ascent * scale)}/Descent {round(hhea.descent * scale)}"
            f"/CapHeight {round(hhea.ascent * scale)}/StemV 80/FontFile2 {file_id} 0 R>>"
        ).encode())
        widths = " ".join(f"{gid}[{round(font.width[char])}]"
                          for gid, char in sorted(font.used.items()))
        cid = self._reserve()
        self._object(cid, (
            f"<</Type/Font/Subtype/CIDFontType2/BaseFont/{base}/CIDSystemInfo<</Registry"
            f"(Adobe)/Ordering(Identity)/Supplement 0>>/FontDescriptor {descriptor} 0 R"
            f"/DW {round(font.width.get(' ', 500))}/W[{widths}]/CIDToGIDMap/Identity>>"
        ).encode())
        to_unicode = self._stream(_to_unicode(font.used).encode())
        self._object(self.font_ids[key], (
            f"<</Type/Font/Subtype/Type0/BaseFont/{base}/Encoding/Identity-H"
            f"/DescendantFonts[{cid} 0 R]/ToUnicode {to_unicode} 0 R>>").encode())
        source.close()

    def close(self) -> None:
        """Embed the fonts, write the page tree, the document info and the cross-reference
        table."""
        for key in self.fonts:
            self._embed_font(key)
        if not self.pages:
            self.add_page("")
        kids = b" ".join(b"%d 0 R" % number for number in self.pages)
        self._object(2, b"<</Type/Pages/Count %d/Kids[%s]>>" % (len(self.pages), kids))
        self._object(1, b"<</Type/Catalog/Pages 2 0 R>>")
        info = self._reserve()
        stamp = self.info.created.astimezone(UTC).strftime("D:%Y%m%d%H%M%SZ").encode()
        self._object(info, b"<</Title %s/Author %s/Subject %s/Producer %s/CreationDate (%s)>>"
                     % (_pdf_string(self.info.title), _pdf_string(self.info.author),
                        _pdf_string(self.info.subject), _pdf_string("Advocacy"), stamp))
        xref = self.position
        rows = [b"xref\n0 %d\n0000000000 65535 f \n" % len(self.offsets)]
        rows += [b"%010d 00000 n \n" % offset for offset in self.offsets[1:]]
        self._write(b"".join(rows))
        self._write(b"trailer\n<</Size %d/Root 1 0 R/Info %d 0 R>>\nstartxref\n%d\n%%%%EOF\n"
                    % (len(self.offsets), info, xref))


def _to_unicode(used: dict[int, str]) -> str:
    lines = ["/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
             "/CIDSystemInfo<</Registry(Adobe)/Ordering(UCS)/Supplement 0>>def",
             "/CMapName/Adobe-Identity-UCS def/CMapType 2 def",
             "1 begincodespacerange <0000><FFFF> endcodespacerange"]
    items = sorted(used.items())
    for start in range(0, len(items), 100):
        chunk = items[start:start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines += [f"<{gid:04X}><{char.encode('utf-16-be').hex().upper()}>"
                  for gid, char in chunk]
        lines.append("endbfchar")
    lines += ["endcmap CMapName currentdict /CMap defineresource pop end end"]
    return "\n".join(lines)
