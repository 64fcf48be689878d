"""Reading an uploaded zip without trusting it: sizes, ratios and paths are checked first.

Nothing is ever extracted to disk; members are read into memory with a hard cap, so a member
whose declared size lies still cannot grow past it.
"""

from __future__ import annotations

import io
import re
import zipfile

from .formats import BadImportFile, Limits

RATIO_FLOOR = 1 << 20  # members smaller than this may compress as well as they like
_READ = 1 << 16
_DRIVE = re.compile(r"^[A-Za-z]:")


def unsafe_path(name: str) -> bool:
    """True for names that could point outside the folder the zip would unpack into."""
    if name.startswith(("/", "\\")) or _DRIVE.match(name) or "\\" in name or "\x00" in name:
        return True
    return any(part == ".." for part in name.split("/"))


def open_zip(data: bytes, limits: Limits) -> tuple[zipfile.ZipFile, list[zipfile.ZipInfo]]:
    """The archive and its file members, after checking every entry's name and sizes."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise BadImportFile("This zip file is damaged and cannot be opened.") from None
    if len(infos) > limits.max_members:
        raise BadImportFile(f"The zip holds {len(infos):,} files; a Loop export of "
                            f"{limits.max_habits:,} habits has far fewer.")
    total = 0
    for info in infos:
        if unsafe_path(info.filename):
            raise BadImportFile(
                f"The zip contains an unsafe path (“{info.filename[:100]}”): Habitory refuses "
                "archives whose files would land outside their own folder."
            )
        if info.flag_bits & 0x1:
            raise BadImportFile("The zip is password-protected; export it again without a "
                                "password.")
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and ratio > limits.max_ratio:
            raise BadImportFile(
                f"The zip looks like a zip bomb: “{info.filename[:100]}” would grow "
                f"{ratio:,.0f} times when unpacked."
            )
    if total > limits.max_unzipped_bytes:
        raise BadImportFile(
            f"The zip would unpack to {total / 2**20:,.0f} MB; Habitory reads at most "
            f"{limits.max_unzipped_bytes // 2**20} MB."
        )
    return archive, [i for i in infos if not i.is_dir()]


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits) -> bytes:
    """A member's bytes, never more than it declared (and never more than the zip limit)."""
    cap = min(info.file_size, limits.max_unzipped_bytes)
    parts, size = [], 0
    try:
        with archive.open(info) as member:
            while True:
                chunk = member.read(_READ)
                if not chunk:
                    break
                size += len(chunk)
                if size > cap:
                    raise BadImportFile(f"“{info.filename[:100]}” in the zip is larger than it "
                                        "claims to be; the file is damaged or hostile.")
                parts.append(chunk)
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError) as error:
        raise BadImportFile(f"“{info.filename[:100]}” in the zip cannot be read ({error}).") \
            from None
    return b"".join(parts)


def decode(data: bytes) -> str:
    """Loop writes UTF-8; a spreadsheet may have re-saved it with a BOM or in Latin-1."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")
