"""Reading an uploaded zip without trusting it: sizes, ratios and paths are checked first.

Nothing is ever extracted to disk; members are read into memory with a hard cap, so a member
whose declared size lies still cannot grow past it.
"""

from __future__ import annotations

import io
import re
import zipfile

from habitory.locale_formats import grouped_later
from habitory.stats.phrases import N_

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
        raise BadImportFile(N_("This zip file is damaged and cannot be opened.")) from None
    if len(infos) > limits.max_members:
        raise BadImportFile(N_("The zip holds %(count)s files; a Loop export of "
                               "%(max_habits)s habits has far fewer.",
                               count=grouped_later(len(infos)),
                               max_habits=grouped_later(limits.max_habits)))
    total = 0
    for info in infos:
        if unsafe_path(info.filename):
            raise BadImportFile(
                N_("The zip contains an unsafe path (“%(filename)s”): Habitory refuses "
                   "archives whose files would land outside their own folder.",
                   filename=info.filename[:100])
            )
        if info.flag_bits & 0x1:
            raise BadImportFile(N_("The zip is password-protected; export it again without a "
                                   "password."))
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and ratio > limits.max_ratio:
            raise BadImportFile(
                N_("The zip looks like a zip bomb: “%(filename)s” would grow %(ratio)s times "
                   "when unpacked.", filename=info.filename[:100], ratio=grouped_later(ratio))
            )
    if total > limits.max_unzipped_bytes:
        raise BadImportFile(
            N_("The zip would unpack to %(size)s MB; Habitory reads at most %(size2)s MB.",
               size=grouped_later(total / 2**20),
               size2=grouped_later(limits.max_unzipped_bytes // 2**20))
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
                    raise BadImportFile(N_("“%(filename)s” in the zip is larger than it "
                                           "claims to be; the file is damaged or hostile.",
                                           filename=info.filename[:100]))
                parts.append(chunk)
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError) as error:
        raise BadImportFile(N_("“%(filename)s” in the zip cannot be read (%(error)s).",
                               filename=info.filename[:100], error=error)) \
            from None
    return b"".join(parts)


def decode(data: bytes) -> str:
    """Loop writes UTF-8; a spreadsheet may have re-saved it with a BOM or in Latin-1."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")
