"""The outcome of an ingest run: counts, rejections, and the text printed at the end."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.ingest.types import Rejection


@dataclass(slots=True)
class IngestReport:
    """Counts of one run; ``ok`` is False when anything was rejected or the run failed."""

    run_id: int | None = None
    inputs: tuple[str, ...] = ()
    status: str = "running"  # running | completed | failed (| interrupted, set by a later run)
    added: int = 0
    skipped: int = 0
    entities_added: int = 0
    quotes_added: int = 0
    related_linked: int = 0
    seconds: float = 0.0
    rejections: list[Rejection] = field(default_factory=list)
    interrupted_runs: tuple[int, ...] = ()  # earlier runs found dead at the start and marked interrupted

    @property
    def rejected(self) -> int:
        """How many records (or whole files) were refused."""
        return len(self.rejections)

    @property
    def ok(self) -> bool:
        """True when the run completed and refused nothing: the CLI exits 0."""
        return self.status == "completed" and not self.rejections


def status_line(report: IngestReport) -> str:
    """The short running count shown next to the progress bar."""
    return f"{report.added} added, {report.skipped} skipped, {report.rejected} rejected"


def summary_line(report: IngestReport) -> str:
    """One line: the counts and the time."""
    rate = report.added / report.seconds if report.seconds > 0 else 0.0
    return (
        f"ingest {report.status}: {report.added} articles added, {report.skipped} skipped, "
        f"{report.rejected} rejected; {report.entities_added} new entities, {report.quotes_added} quotes; "
        f"{report.seconds:.1f}s ({rate:.1f} articles/s)"
    )


def interrupted_line(report: IngestReport) -> str | None:
    """The earlier runs this one found dead and marked "interrupted", if any."""
    if not report.interrupted_runs:
        return None
    ids = ", ".join(str(run_id) for run_id in report.interrupted_runs)
    return f"earlier ingest run(s) {ids} had stopped without finishing (process gone): marked interrupted"


def format_report(report: IngestReport) -> str:
    """Any interrupted earlier runs, each rejection as "FILE:POSITION: reason", then the summary line."""
    lines = [interrupted_line(report), *(str(rejection) for rejection in report.rejections)]
    return "\n".join([*filter(None, lines), summary_line(report)])
