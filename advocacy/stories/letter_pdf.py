"""Letters laid out on US Letter pages: letterhead, date, address, subject, ragged-right
text, the recipient's name in a running header and "Page 2 of 3" in the footer.

Each page goes to the file as soon as it is full; its footer is a second content
stream written when the letter ends and its page count is known, so even a letter
quoting 20,000 stories is never held in memory.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .letters import Letter, attribution
from .logos import svg_pixels
from .pdf_writer import PAGE_HEIGHT, PAGE_WIDTH, Info, PdfWriter

MARGIN = 72.0
TOP = PAGE_HEIGHT - MARGIN
BOTTOM = MARGIN
WIDTH = PAGE_WIDTH - 2 * MARGIN
BODY, SMALL, HEAD = 11.0, 8.5, 16.0
LEADING = 1.4
LOGO_HEIGHT = 40.0


@dataclass(frozen=True)
class Logo:
    """A raster logo: 8-bit RGB and alpha planes, and its size in pixels."""

    width: int
    height: int
    rgb: bytes
    alpha: bytes | None

    @classmethod
    def from_png(cls, data: bytes) -> Logo:
        from PIL import Image

        with Image.open(io.BytesIO(data)) as image:
            return cls.from_image(image.convert("RGBA"))

    @classmethod
    def from_svg(cls, data: bytes) -> Logo:
        """An uploaded SVG (rebuilt from its drawable elements) drawn to pixels."""
        return cls.from_image(svg_pixels(data))

    @classmethod
    def from_image(cls, rgba) -> Logo:
        """From a Pillow RGBA image (the alpha plane left out when all opaque)."""
        alpha = rgba.getchannel("A")
        opaque = alpha.getextrema() == (255, 255)
        return cls(rgba.width, rgba.height, rgba.convert("RGB").tobytes(),
                   None if opaque else alpha.tobytes())


def _escape_free(text: str) -> str:
    return text.replace("\t", "    ").replace("\r", "")


class LetterLayout:
    """Lays letters out on pages of ``writer``."""

    def __init__(self, writer: PdfWriter, logo: Logo | None):
        self.writer = writer
        self.regular, self.bold = writer.fonts["regular"], writer.fonts["bold"]
        self.logo = logo
        if logo is not None:
            writer.add_image("Logo", logo.width, logo.height, logo.rgb, logo.alpha)

    # -- one page at a time ------------------------------------------------------------
    def _start_page(self, letter: Letter, first: bool) -> None:
        self.ops: list[str] = []
        self.footer = self.writer.reserve()
        self.footers.append(self.footer)
        header = f"To {letter.recipient.full_name} ({letter.recipient.place})"
        self._text(self.regular, SMALL, header, MARGIN, PAGE_HEIGHT - 40, grey=True)
        self.y = TOP
        if first:
            self._letterhead(letter)

    def _end_page(self) -> None:
        self.writer.add_page("\n".join(self.ops), (self.footer,))

    def _letterhead(self, letter: Letter) -> None:
        x = MARGIN
        if self.logo is not None:
            width = self.logo.width * LOGO_HEIGHT / self.logo.height
            width = min(width, WIDTH / 3)
            height = width * self.logo.height / self.logo.width
            self.ops.append(f"q {width:.2f} 0 0 {height:.2f} {x:.2f} {self.y - height:.2f} cm "
                            "/Logo Do Q")
            x += width + 12
            self.y -= max(height, HEAD) - HEAD
        for line in self._wrap(self.bold, HEAD, letter.letterhead, WIDTH - (x - MARGIN))[:2]:
            self.y -= HEAD
            self._text(self.bold, HEAD, line, x, self.y)
        self.y -= 10
        self.ops.append(f"0.6 G 0.5 w {MARGIN} {self.y:.2f} m {MARGIN + WIDTH} {self.y:.2f} l "
                        "S 0 G")
        self.y -= 18

    def _text(self, font, size: float, text: str, x: float, y: float,
              grey: bool = False) -> None:
        line = f"BT /{font.resource} {size:g} Tf {x:.2f} {y:.2f} Td <{font.encode(text)}> Tj ET"
        self.ops.append(f"q 0.35 g {line} Q" if grey else line)

    # -- text ------------------------------------------------------------------------
    def _wrap(self, font, size: float, text: str, width: float) -> list[str]:
        """Ragged-right lines of one paragraph (a word longer than a line is cut)."""
        lines: list[str] = []
        space = font.measure(" ", size)
        current, used = [], 0.0
        for word in text.split():
            w = font.measure(word, size)
            while w > width:  # cut an over-long word where it fills the line
                cut = len(word)
                while cut > 1 and font.measure(word[:cut], size) > width:
                    cut = max(1, cut * 3 // 4)
                if current:
                    lines.append(" ".join(current))
                    current, used = [], 0.0
                lines.append(word[:cut])
                word = word[cut:]
                w = font.measure(word, size)
            if current and used + space + w > width:
                lines.append(" ".join(current))
                current, used = [], 0.0
            used += (space if current else 0) + w
            current.append(word)
        if current:
            lines.append(" ".join(current))
        return lines

    def _paragraph(self, letter: Letter, text: str, font=None, size: float = BODY,
                   indent: float = 0.0, after: float = 6.0) -> None:
        font = font or self.regular
        step = size * LEADING
        for source_line in _escape_free(text).split("\n"):
            lines = self._wrap(font, size, source_line, WIDTH - indent) or [""]
            for line in lines:
                if self.y - step < BOTTOM:
                    self._end_page()
                    self._start_page(letter, first=False)
                self.y -= step
                if line:
                    self._text(font, size, line, MARGIN + indent, self.y)
        self.y -= after

    def letter(self, letter: Letter) -> None:
        """Every page of ``letter``, then its footers ("Page n of N")."""
        self.footers: list[int] = []
        self._start_page(letter, first=True)
        self._paragraph(letter, letter.date_line, after=12)
        self._paragraph(letter, "\n".join(letter.recipient.address), after=12)
        self._paragraph(letter, letter.subject, font=self.bold, after=12)
        if letter.salutation:
            self._paragraph(letter, letter.salutation, after=8)
        for paragraph in letter.intro.split("\n\n"):
            self._paragraph(letter, paragraph.strip(), after=8)
        for quote in letter.quotes:
            self._paragraph(letter, f"“{quote.title}”", font=self.bold, after=3)
            for paragraph in quote.body.strip().split("\n\n"):
                self._paragraph(letter, paragraph.strip(), indent=14, after=4)
            self._paragraph(letter, attribution(quote), indent=14, after=10)
        for paragraph in letter.closing.split("\n\n"):
            self._paragraph(letter, paragraph.strip(), after=8)
        self._end_page()
        total = len(self.footers)
        for number, footer in enumerate(self.footers, 1):
            label = f"Page {number} of {total}"
            x = (PAGE_WIDTH - self.regular.measure(label, SMALL)) / 2
            self.ops = []
            self._text(self.regular, SMALL, label, x, 40, grey=True)
            self.writer.write_content(footer, "\n".join(self.ops))


def write_letters(handle: BinaryIO, letters: Iterable[Letter], fonts: Path, title: str,
                  author: str, logo: Logo | None = None, empty_text: str = "",
                  progress=None) -> int:
    """Write ``letters`` as one PDF to ``handle``; the number of letters written.
    ``progress(n)`` is called after each letter."""
    writer = PdfWriter(handle, {"regular": str(fonts / "DejaVuSans.ttf"),
                                "bold": str(fonts / "DejaVuSans-Bold.ttf")},
                       Info(title=title, author=author, subject="Letters to legislators"))
    layout = LetterLayout(writer, logo)
    count = 0
    for letter in letters:
        layout.letter(letter)
        count += 1
        if progress is not None:
            progress(count)
    if not count and empty_text:
        layout.ops = []
        layout._text(layout.regular, BODY, empty_text, MARGIN, TOP)
        writer.add_page("\n".join(layout.ops))
    writer.close()
    return count
