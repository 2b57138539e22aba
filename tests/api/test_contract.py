"""The API against its own OpenAPI schema: schemathesis generates requests (valid and not) for every route and
checks every response (status documented, body conforming, no 500, schema-valid requests accepted)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from citeqa.api.app import create_app
from citeqa.core.config import load_settings
from tests.api.conftest import live_server

pytestmark = pytest.mark.slow
SCHEMATHESIS = shutil.which("schemathesis") or str(Path(sys.executable).parent / "schemathesis")


@pytest.mark.parametrize("key", [None, "s3cret"])
def test_every_route_keeps_its_schema(assistant, key: str | None) -> None:
    settings = load_settings(data_dir=assistant.settings.data_dir, api_key=key)
    with live_server(create_app(settings, assistant)) as url:
        auth = ["-H", f"Authorization: Bearer {key}"] if key else []
        done = subprocess.run([SCHEMATHESIS, "run", f"{url}/openapi.json", "--checks", "all", "--max-examples",
                               "25", "--seed", "1", *auth], capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout[-3000:]
