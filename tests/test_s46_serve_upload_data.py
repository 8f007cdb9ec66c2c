"""An uploaded scenario may name the server's ``--data`` parts, as ``tigris plan FILE
--data DATA`` reads it (serve user test s46 #3): ``tigris serve --data
docs/examples/neuromorphic-npu.yaml`` refused docs/examples/neuromorphic-plan.yaml with
``<text>:18: products.1.name: unknown accelerator 'neuro-npu'``: the upload's check had
the overlay in force, the session's base (parsed again from the page's copy) did not.
"""

from __future__ import annotations

import base64
from pathlib import Path

from tests.test_s46_serve_poll import _Jobs
from tests.test_serve_app import DashClient
from tigris.serve.app import create_app

EXAMPLES = Path(__file__).resolve().parents[1] / "docs" / "examples"


def test_an_upload_naming_the_servers_data_parts_is_the_sessions_base() -> None:
    app = create_app(data=EXAMPLES / "neuromorphic-npu.yaml", jobs=_Jobs())  # type: ignore[arg-type]
    page = DashClient(app)
    page.fire("url", "search", "")
    text = (EXAMPLES / "neuromorphic-plan.yaml").read_bytes()
    page.props["upload"]["filename"] = "neuromorphic-plan.yaml"
    page.fire("upload", "contents", "data:;base64," + base64.b64encode(text).decode())
    assert page.text("error") == "", page.text("error")
    assert page.text("base-name") == "neuromorphic-greenfield"
    assert "neuro-npu" in page.props["base"]["data"]
    # a what-if on it is asked (its request made with the overlay), not refused
    cid = next(iter(page.controls))
    page.change(cid, page.controls[cid])
    assert page.text("error") == "", page.text("error")
    assert page.props["job"]["data"]["id"]
