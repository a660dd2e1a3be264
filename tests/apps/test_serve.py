"""vnews serve: articles posted over HTTP answered with their tables, added to --out when given."""

import concurrent.futures
import socket
import subprocess
import sys
import time

import httpx
import pytest
from fastapi.testclient import TestClient

from pipeline import load
from pipeline.apps.serve import create_app
from tests.conftest import REFERENCE, ctrl_c

TEXT = "Sáng 5/3, Thủ tướng Phạm Minh Chính tiếp Đại sứ Hoa Kỳ tại Hà Nội."


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    out = tmp_path_factory.mktemp("served")
    with TestClient(create_app(workers=1, out=out, max_bytes=2_000)) as c:
        c.out = out
        yield c


def test_post_answers_the_tables_and_adds_the_article_once(client):
    first = client.post("/articles", json={"text": TEXT, "published": "05/03/2024", "id": "tt"})
    assert first.status_code == 200, first.text
    body = first.json()
    assert body["stored"] == "added"
    assert body["articles"][0]["article_id"] == "tt" and body["articles"][0]["published"] == "2024-03-05"
    assert {"Phạm Minh Chính", "Hà Nội"} <= {e["text"] for e in body["entities"]}
    assert [e["trigger"] for e in body["events"]] == ["tiếp"]
    assert body["dates"][0]["value"] == "2024-03-05TMO"  # sáng: the morning of that day
    again = client.post("/articles", json={"text": TEXT, "id": "other"})
    assert again.json()["stored"] == "already there"
    # a new text under an id the output holds: kept under a suffixed id, in the answer too
    taken = client.post("/articles", json={"text": TEXT.replace("Hà Nội", "Đà Nẵng"), "id": "tt"}).json()
    assert taken["stored"] == "added" and {r["article_id"] for r in taken["entities"]} == {"tt-2"}
    tables = load(client.out)
    assert list(tables.articles["article_id"]) == ["tt", "tt-2"]
    assert tables.articles["story_id"].notna().all() and len(tables.stories) >= 1  # stories kept up to date
    assert len(tables.entities) == len(body["entities"]) + len(taken["entities"])


def test_article_without_id_gets_one_from_its_text(client):
    body = client.post("/articles", json={"text": "Hôm qua, 3 người bị thương tại Huế."}).json()
    assert body["articles"][0]["article_id"].startswith("post-")
    assert body["quantities"][0]["value"] == 3.0


@pytest.mark.parametrize("payload, status, reason", [
    ({"text": "   "}, 422, "E002"),
    ({"text": TEXT, "published": "32/13/2020"}, 422, "E012"),
    ({"title": "no text"}, 422, "text"),
    ({"text": "Hà Nội " * 400}, 413, "E004"),  # 2,800 bytes of text, the limit 2,000
])
def test_bad_input_is_a_clear_4xx(client, payload, status, reason):
    answer = client.post("/articles", json=payload)
    assert answer.status_code == status
    assert reason in str(answer.json()["detail"])


def test_body_over_the_limit_is_refused_before_it_is_read(client):
    answer = client.post("/articles", content=b"{" + b" " * 20_000_000 + b"}",
                         headers={"content-type": "application/json"})
    assert answer.status_code == 413
    assert client.post("/articles", content=b"{not json", headers={"content-type": "application/json"}
                       ).status_code == 422


def test_health_and_api_page(client):
    assert client.get("/health").json()["status"] == "ok"
    spec = client.get("/openapi.json").json()
    assert "/articles" in spec["paths"] and "entities" in spec["components"]["schemas"]["TablesOut"]["properties"]
    assert client.get("/docs").status_code == 200


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_server_on_localhost_answers_50_concurrent_posts_each_with_its_own_tables(tmp_path):
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-W", "ignore", "-m", "pipeline", "serve", "--port", str(port),
                             "--workers", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 120
        while time.time() < deadline and proc.poll() is None:
            try:
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        reference = REFERENCE.read_text(encoding="utf-8").split("---", 2)[2]
        body = httpx.post(f"{url}/articles", json={"text": reference, "published": "2020-09-27"}, timeout=60).json()
        assert {"ARM", "AZE"} <= {e["actor1_code"] for e in body["events"]}
        assert "Nagorno-Karabakh" in {e["canonical"] for e in body["entities"]}

        def post(n: int):
            text = f"Sáng {n % 28 + 1}/3, {n + 100} người bị thương trong vụ cháy tại Hà Nội, Bộ Y tế cho biết."
            return n, httpx.post(f"{url}/articles", json={"text": text, "id": f"n{n}"}, timeout=120)

        started = time.time()
        with concurrent.futures.ThreadPoolExecutor(50) as pool:
            answers = list(pool.map(post, range(50)))
        took = time.time() - started
        for n, answer in answers:
            assert answer.status_code == 200, answer.text
            got = answer.json()
            assert {r["article_id"] for r in got["articles"] + got["quantities"]} == {f"n{n}"}
            assert [q["value"] for q in got["quantities"] if q["unit"] == "người"] == [n + 100]
        assert took < 90, f"50 posts took {took:.0f} s"
    finally:
        err = ctrl_c(proc, "vnews serve")
    assert b"Traceback" not in err, err.decode()
