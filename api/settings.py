"""Server settings, from environment variables (``SQ_OPT_*``) or a ``.env`` file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every knob of the service; defaults suit one machine with the embedded SQLite store."""

    model_config = SettingsConfigDict(env_prefix="SQ_OPT_", env_file=".env", extra="ignore")

    data_dir: Path = Field(
        default=Path(".sq-opt"), description="Folder of the embedded SQLite store."
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL (e.g. postgresql+psycopg://...); default: SQLite in data_dir.",
    )
    max_body_bytes: int = Field(
        default=2_000_000, ge=1_000, description="Largest request body (413)."
    )
    max_problems: int = Field(default=500, ge=1, description="Largest problem list (422).")
    max_solutions: int = Field(default=3_000, ge=1, description="Largest solution list (422).")
    max_relations: int = Field(default=50_000, ge=0, description="Most relations (422).")
    max_periods: int = Field(default=52, ge=1, le=52, description="Longest horizon (422).")
    max_time_limit: float = Field(
        default=60.0, gt=0, description="Cap on a request's time limit (s)."
    )
    solve_workers: int = Field(default=2, ge=1, description="Solves running at once.")
    solve_queue: int = Field(default=4, ge=0, description="Solves waiting beyond those (then 503).")
    retry_after: int = Field(default=5, ge=1, description="Retry-After (s) sent with 503.")
    cpsat_workers: int | None = Field(
        default=None,
        ge=1,
        description="CP-SAT workers per solve (default: the CPUs this process may use, affinity "
        "and cgroup quota, / solve_workers).",
    )

    @property
    def url(self) -> str:
        """The database URL, SQLite in ``data_dir`` unless ``database_url`` is set."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'sq-opt.db').resolve()}"


@lru_cache
def get_settings() -> Settings:
    return Settings()
