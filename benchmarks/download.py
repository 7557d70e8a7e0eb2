"""Fetch the public files of the ``mknap`` and ``psplib`` benchmark families from their original
sites into ``benchmarks/data/<family>/`` (or ``--into FOLDER``), in their original formats.

    python -m benchmarks.download            # both families
    python -m benchmarks.download mknap      # one

The families are read from :func:`benchmarks.public.family_dir`: ``$SQ_OPT_BENCHMARK_DATA``,
else ``../shared/benchmarks``, else the folder this command fills. Files already there are kept.
Sources: OR-Library (J. E. Beasley: ``mknap1.txt``, ``mknap2.txt``, the Chu-Beasley set
``mknapcb4.txt`` and its best values ``mkcbres.txt``) and PSPLIB (Kolisch & Sprecher: the j30
single-mode instances and their optimal makespans ``j30opt.sm``).
"""

from __future__ import annotations

import argparse
import io
import logging
import sys
import urllib.request
import zipfile
from pathlib import Path

from benchmarks.public import DOWNLOADED

logger = logging.getLogger(__name__)

ORLIB = "https://people.brunel.ac.uk/~mastjjb/jeb/orlib/files/"
PSPLIB = "https://www.om-db.wi.tum.de/psplib/files/"
FILES: dict[str, list[tuple[str, str]]] = {
    "mknap": [
        (ORLIB + name, name) for name in ("mknap1.txt", "mknap2.txt", "mknapcb4.txt", "mkcbres.txt")
    ],
    "psplib": [(PSPLIB + "j30opt.sm", "j30opt.sm"), (PSPLIB + "j30.sm.zip", "j30")],
}
TIMEOUT = 60


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=TIMEOUT) as answer:
        data: bytes = answer.read()
        return data


def fetch_family(family: str, into: Path) -> list[Path]:
    """Download one family's missing files into ``into/<family>``; returns what was written."""
    folder = into / family
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for url, name in FILES[family]:
        target = folder / name
        if target.exists():
            continue
        data = _get(url)
        if url.endswith(".zip"):  # the j30 instances: *.sm files in the archive
            target.mkdir()
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                for member in archive.namelist():
                    if member.endswith(".sm"):
                        (target / Path(member).name).write_bytes(archive.read(member))
        else:
            target.write_bytes(data)
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.download", description=__doc__)
    parser.add_argument("families", nargs="*", help=f"among {', '.join(FILES)} (default: all)")
    parser.add_argument("--into", type=Path, default=DOWNLOADED, help="folder of the families")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.families) - set(FILES))
    if unknown:
        parser.error(f"unknown family {', '.join(unknown)} (known: {', '.join(FILES)})")
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    for family in args.families or list(FILES):
        try:
            written = fetch_family(family, args.into)
        except OSError as error:  # no network, a site down, a disk full
            logger.error("%s: not downloaded (%s)", family, error)
            return 1
        logger.info("%s: %d file(s) written in %s", family, len(written), args.into / family)
    return 0


if __name__ == "__main__":
    sys.exit(main())
