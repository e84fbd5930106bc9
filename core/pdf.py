"""PDF rendering shared by every PDF export (WeasyPrint on Pango and fontconfig).

Fonts: templates name ``CJK_FONT_STACK``; WeasyPrint embeds (subsets of) the fonts actually used.
WenQuanYi Micro Hei covers the common characters but not CJK Extension A/B (䶮 U+4DAE, 𠮷
U+20BB7), which then fall back to Noto Sans/Serif CJK (Debian fonts-noto-cjk: Ext A and the Ext B
characters of the regional standards) and HanaMin A/B (Debian fonts-hanazono: all of Ext B).
``make system-deps`` installs them with the Pango libraries WeasyPrint needs.
"""

CJK_FONT_STACK = '"WenQuanYi Micro Hei", "Noto Sans CJK SC", "Noto Serif CJK SC", "HanaMinA", "HanaMinB", sans-serif'


def render(html: str, base_url: str | None = None):
    """(pdf bytes, the WeasyPrint document that wrote them)."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=base_url).render()
    return document.write_pdf(), document


def pdf_bytes(html: str, base_url: str | None = None) -> bytes:
    return render(html, base_url)[0]


def missing_glyphs(html: str, characters: str) -> list[str]:
    """The ``characters`` (present in ``html``'s text) that no font embedded in the PDF draws with
    a real glyph: what a reader would see as an empty box."""
    _pdf, document = render(html)
    drawn, boxed = set(), set()
    for font in document.fonts.values():
        # WeasyPrint lists the code points a font lacks (drawn as boxes) in ``missing``.
        boxed.update(chr(code) for code in (getattr(font, "missing", None) or {}))
        for glyph, text in (font.to_unicode or {}).items():
            if glyph and text:
                drawn.update(text)
    return [ch for ch in characters if ch in boxed or ch not in drawn]
