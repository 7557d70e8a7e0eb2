"""Server settings, from environment variables (``SQ_OPT_*``) or a ``.env`` file.

The embedded store's folder does not depend on the folder the server (or ``sq-opt api-key``) is
started from: by default ``$XDG_DATA_HOME/sq-opt`` (``~/.local/share/sq-opt``); a relative
``SQ_OPT_DATA_DIR`` is made absolute once, from the folder of the start.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every knob of the service; defaults suit one machine with the embedded SQLite store."""

    model_config = SettingsConfigDict(env_prefix="SQ_OPT_", env_file=".env", extra="ignore")

    data_dir: Path = Field(
        default_factory=lambda: default_data_dir(),
        description="Folder of the embedded SQLite store (absolute; default "
        "$XDG_DATA_HOME/sq-opt, i.e. ~/.local/share/sq-opt).",
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
    max_model_size: int = Field(
        default=250_000,
        ge=1,
        description="Largest model, in estimated terms (sq_opt.model.size; 422 beyond).",
    )
    max_time_limit: float = Field(
        default=60.0, gt=0, description="Cap on a request's time limit (s)."
    )
    solve_workers: int = Field(default=2, ge=1, description="Solves running at once.")
    solve_queue: int = Field(default=4, ge=0, description="Solves waiting beyond those (then 503).")
    solve_processes: bool = Field(
        default=True, description="Solves in worker processes (memory returned); else threads."
    )
    solve_tasks_per_child: int = Field(
        default=20, ge=1, description="Tasks a worker process runs before it is replaced."
    )
    retry_after: int = Field(default=5, ge=1, description="Retry-After (s) sent with 503.")
    cpsat_workers: int | None = Field(
        default=None,
        ge=1,
        description="CP-SAT workers per solve (default: the CPUs this process may use, affinity "
        "and cgroup quota, / solve_workers).",
    )
    session_secret: SecretStr | None = Field(
        default=None,
        description="Key signing the web pages' session cookies (default: a random one, created "
        "once and kept in data_dir/web-session-secret).",
    )
    session_max_age: int = Field(
        default=8 * 3600, ge=60, description="Web session lifetime in seconds (then sign in again)."
    )

    @field_validator("data_dir")
    @classmethod
    def _absolute(cls, value: Path) -> Path:
        return value.expanduser().resolve()

    dask_scheduler: str = Field(
        default="local",
        description="Where batch jobs run: 'local' (a local Dask cluster of processes, created on "
        "first use and closed at shutdown), 'serial' (in the job's thread, no Dask) or a Dask "
        "scheduler address (tcp://host:8786).",
    )
    dask_workers: int | None = Field(
        default=None, ge=1, description="Processes of the local Dask cluster (default: CPU count)."
    )
    batch_max_tasks: int = Field(
        default=2_000,
        ge=1,
        description="Most solves in one batch job: samples, scenarios or grid points (422).",
    )

    @property
    def url(self) -> str:
        """The database URL, SQLite in ``data_dir`` unless ``database_url`` is set."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'sq-opt.db'}"

    @property
    def shown_url(self) -> str:
        """The database URL as said on start-up: a password is never shown."""
        from sqlalchemy.engine import make_url

        try:
            return make_url(self.url).render_as_string(hide_password=True)
        except Exception:  # an unreadable URL: say only its scheme
            return self.url.split(":", 1)[0] + ":…"


def default_data_dir() -> Path:
    """``$XDG_DATA_HOME/sq-opt``, else ``~/.local/share/sq-opt``: the same whatever the folder
    the server is started from."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "sq-opt"


@lru_cache
def get_settings() -> Settings:
    return Settings()
