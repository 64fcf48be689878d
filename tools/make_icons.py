"""Render the app icons (habitory/static/icons/) from habitory/static/favicon.svg: `make icons`.

"any" icons are the favicon as it is; the maskable icon fills the whole square with
its green and keep the tick inside the central 80 % circle, which launchers never crop.
"""

from __future__ import annotations

import re
from pathlib import Path

import cairosvg

STATIC = Path(__file__).resolve().parent.parent / "habitory" / "static"
OUT = STATIC / "icons"


def full_bleed(svg: str) -> str:
    """The favicon's tick at 80 % on a square of its background colour."""
    colour = re.search(r'<rect[^>]*fill="([^"]+)"', svg).group(1)
    tick = re.search(r"<path[^>]*/>", svg).group(0)
    return ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
            f'<rect width="32" height="32" fill="{colour}"/>'
            f'<g transform="translate(16 16) scale(0.8) translate(-16 -16.25)">{tick}</g></svg>')


def main() -> None:
    svg = (STATIC / "favicon.svg").read_text()
    OUT.mkdir(exist_ok=True)
    for size in (192, 512):
        cairosvg.svg2png(bytestring=svg.encode(), write_to=str(OUT / f"icon-{size}.png"),
                         output_width=size, output_height=size)
    square = full_bleed(svg).encode()
    cairosvg.svg2png(bytestring=square, write_to=str(OUT / "maskable-512.png"),
                     output_width=512, output_height=512)


if __name__ == "__main__":
    main()
