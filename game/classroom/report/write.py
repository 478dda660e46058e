"""Stage 6 of the report: every file written into a staging folder, then swapped in whole.

A reader of the report folder sees the old report or the new one, never a mix:
the files are written into a hidden folder beside it, which is renamed into
place once every file is on disk. A run that is stopped removes its staging
folder; one that is killed outright leaves it, and the next run clears it
(and puts back the previous report if the kill fell between the two renames).
Files get the mode any new file gets under the user's umask (0644 under 022).
"""
from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Sequence

from ...quiz.results import safe_name_part
from ...store import StoreError, fsync_dir
from .csv_out import completions_csv, questions_csv, summary_csv
from .html_out import certificate_html, report_html
from .model import ChartSpec, Report

SUMMARY_CSV = "summary.csv"
QUESTIONS_CSV = "questions.csv"
COMPLETIONS_CSV = "completions.csv"
REPORT_HTML = "report.html"
CERTIFICATES = "certificates"
MARK = ".replyall-report"  # says the folder is a report's, so a later report may replace it whole
_OURS = {SUMMARY_CSV, QUESTIONS_CSV, COMPLETIONS_CSV, REPORT_HTML, CERTIFICATES, MARK}


def unusable_out(out: Path) -> str | None:
    """Why `out` cannot take a report, or None. A folder holding anything but an earlier report is refused:
    the swap replaces the folder whole."""
    if out.exists() and not out.is_dir():
        return f"{out} is a file; give a folder after --out"
    if not out.is_dir():
        return None
    try:
        here = Path.cwd().resolve()
        if out.resolve() in (here, *here.parents):
            return f"{out} is the working folder or holds it; give a folder of the report's own after --out"
    except OSError:
        pass
    try:
        names = [p.name for p in out.iterdir()]
    except OSError as err:
        return f"cannot read the folder {out}: {err.strerror or err}"
    if MARK in names:
        return None
    others = sorted(n for n in names if n not in _OURS and not n.endswith(".png"))
    if others:
        return (f"{out} holds files that are not a report ({others[0]}{', ...' if len(others) > 1 else ''}); "
                "give a new folder after --out, or one an earlier report was written to")
    return None


def _leftovers(out: Path, kind: str) -> list[Path]:
    try:
        return sorted(out.parent.glob(f".{out.name}.{kind}-*"))
    except OSError:
        return []


def clear_leftovers(out: Path) -> None:
    """What a killed run left beside `out`: the previous report put back if it was moved away, the rest removed."""
    for old in _leftovers(out, "old"):
        if not out.exists():
            try:
                os.rename(old, out)
                continue
            except OSError:
                pass
        shutil.rmtree(old, ignore_errors=True)
    for new in _leftovers(out, "new"):
        shutil.rmtree(new, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# Past this many files (certificates for a whole organisation), one sync of the disk costs less than a
# flush per file.
_SYNC_EACH_UP_TO = 64


def _put(path: Path, data: bytes, flush: bool) -> None:
    # A plain new file: the staging folder is private until the swap, so no rename per file is needed.
    with open(path, "xb") as handle:
        handle.write(data)
        if flush:
            handle.flush()
            os.fsync(handle.fileno())


def certificate_name(learner: str, reference: str) -> str:
    return f"{CERTIFICATES}/{safe_name_part(learner, 'learner')}-{reference}.html"


def write_report(report: Report, out: Path, charts: Sequence[tuple[ChartSpec, bytes | None]],
                 chart_note: str = "") -> list[Path]:
    """Write every file of the report and swap them in as `out`; raises StoreError when that cannot be done.

    Returns the paths written, as they are once in place.
    """
    out = Path(os.path.abspath(out))
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise StoreError(f"cannot write the report in {out.parent}: {err.strerror or err} "
                         "(is the folder writable?)") from None
    with _one_writer(out.parent):
        return _write(report, out, charts, chart_note)


@contextmanager
def _one_writer(folder: Path):
    """Reports written into one folder take turns. Each clears what a killed run left beside its
    folder before it starts, and must not take another run's staging folder for a killed run's."""
    try:
        import fcntl
    except ImportError:  # Windows has no advisory lock on a folder: reports there run one at a time
        yield
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # the kernel lets go when the process ends, however it ends
        yield
    finally:
        os.close(fd)


def _write(report: Report, out: Path, charts: Sequence[tuple[ChartSpec, bytes | None]], chart_note: str) -> list[Path]:
    clear_leftovers(out)
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    except OSError as err:
        raise StoreError(f"cannot write the report in {out.parent}: {err.strerror or err} "
                         "(is the folder writable?)") from None
    names: list[str] = []
    try:
        os.chmod(staging, 0o777 & ~_umask())
        certificates = {c.reference: certificate_name(c.learner, c.reference) for c in report.certificates}
        files: list[tuple[str, bytes]] = [
            (SUMMARY_CSV, summary_csv(report).encode("utf-8")),
            (QUESTIONS_CSV, questions_csv(report).encode("utf-8")),
            (COMPLETIONS_CSV, completions_csv(report, certificates).encode("utf-8")),
        ]
        files += [(f"{spec.name}.png", png) for spec, png in charts if png is not None]
        files += [(certificates[c.reference], certificate_html(report, c).encode("utf-8"))
                  for c in report.certificates]
        files.append((REPORT_HTML, report_html(report, charts, chart_note).encode("utf-8")))
        files.append((MARK, b"A report made by replyall; the next report made here replaces this folder.\n"))
        if certificates:
            (staging / CERTIFICATES).mkdir()
        each = len(files) <= _SYNC_EACH_UP_TO or not hasattr(os, "sync")
        for name, data in files:
            _put(staging / name, data, each)
            if name != MARK:
                names.append(name)
        if not each:
            os.sync()  # every file on disk before the swap makes them the report
        fsync_dir(staging / CERTIFICATES)
        fsync_dir(staging)
        _swap(staging, out)
    except OSError as err:
        shutil.rmtree(staging, ignore_errors=True)
        raise StoreError(f"cannot write the report in {out}: {err.strerror or err}") from None
    except BaseException:
        # Stopped (Ctrl-C, SIGTERM): nothing half-made is left behind, the old report stays.
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [out / name for name in names]


def _swap(staging: Path, out: Path) -> None:
    if not out.exists():
        os.rename(staging, out)
    else:
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        os.rmdir(old)  # only its unique name is wanted: a folder cannot be renamed onto a non-empty one
        os.rename(out, old)
        try:
            os.rename(staging, out)
        except BaseException:
            os.rename(old, out)
            raise
        shutil.rmtree(old, ignore_errors=True)
    fsync_dir(out.parent)
