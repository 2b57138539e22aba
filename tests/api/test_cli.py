from __future__ import annotations

import json
import socket
import time
from pathlib import Path

import pytest

from citeqa.api.cli import main

pytestmark = pytest.mark.slow


def test_ask_builds_the_default_index_and_answers(capsys) -> None:
    assert main(["ask", "Kapan Kim Jong Un bertemu dengan Vladimir Putin?"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Jawaban: September 2023")
    assert "000_9a73aa4c586333e4.txt [713:994]" in out


def test_ask_json_has_the_http_shape(capsys) -> None:
    assert main(["ask", "Di mana markas besar NATO berada?", "--json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["answer"] is None and set(body) >= {"question", "confidence", "citations", "passages"}


def test_ingest_and_ask_own_documents(tmp_path: Path, capsys) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "kota.md").write_text("Ibu kota Jawa Barat adalah Bandung. Bandung dijuluki Kota Kembang.")
    (docs / "rusak.txt").write_bytes(b"\xff\xfe\xfa")
    index = tmp_path / "idx"
    assert main(["ingest", str(docs), "--index", str(index)]) == 0
    captured = capsys.readouterr()
    assert "indexed 1 document(s)" in captured.out
    assert "skipped rusak.txt" in captured.err
    assert main(["ask", "Apa ibu kota Jawa Barat?", "--index", str(index)]) == 0
    assert "Bandung" in capsys.readouterr().out


def test_errors_become_exit_messages(tmp_path: Path, capsys) -> None:
    assert main(["ask", "Apa?", "--index", str(tmp_path / "none")]) == 2
    assert "no index at" in capsys.readouterr().err
    assert main(["ask", "   "]) == 2
    assert "question is empty" in capsys.readouterr().err
    assert main(["ingest", str(tmp_path / "missing.txt"), "--index", str(tmp_path / "i")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_eval_passes_its_thresholds(tmp_path: Path, capsys) -> None:
    out = tmp_path / "metrics.json"
    assert main(["eval", "--output", str(out)]) == 0
    metrics = json.loads(out.read_text())
    assert metrics["faithfulness"] == 1.0 and 0.0 <= metrics["cited_right"] <= 1.0
    assert "cited_right" in capsys.readouterr().out


def test_bad_input_fails_in_one_line_before_any_model_loads(tmp_path: Path, capsys) -> None:
    started = time.perf_counter()
    assert main(["ask", "-v", "   "]) == 2  # a global flag after the subcommand
    assert capsys.readouterr().err == "citeqa: error: question is empty\n"
    assert main(["serve", "--index", str(tmp_path / "none")]) == 2
    assert capsys.readouterr().err.startswith("citeqa: error: no index at")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"citeqa: error: cannot listen on 127.0.0.1:{port}") and err.count("\n") == 1
    assert time.perf_counter() - started < 5  # no model was loaded


def test_ask_a_file_of_questions_loading_once(tmp_path: Path, capsys) -> None:
    questions = tmp_path / "questions.txt"
    questions.write_text("Kapan Kim Jong Un bertemu dengan Vladimir Putin?\n\nDi mana markas besar NATO berada?\n",
                         encoding="utf-8")
    assert main(["ask", "--file", str(questions), "--json"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line)["question"] for line in lines] == [
        "Kapan Kim Jong Un bertemu dengan Vladimir Putin?", "Di mana markas besar NATO berada?"]
    questions.write_text("Siapa?\n" + "x" * 3000 + "\n", encoding="utf-8")
    assert main(["ask", "--file", str(questions)]) == 2
    assert "questions.txt:2: question is 3000 characters" in capsys.readouterr().err
    assert main(["ask"]) == 2
    assert "give a question, or --file" in capsys.readouterr().err
    assert main(["ask", "--file", str(tmp_path / "missing.txt")]) == 2
    assert "cannot read questions from" in capsys.readouterr().err


def test_a_bad_question_or_index_is_refused_without_importing_the_models(tmp_path: Path) -> None:
    import subprocess
    import sys

    probe = ("import sys; from citeqa.api.cli import main; "
             "codes = [main(['ask', '   ']), main(['ask', 'Apa?', '--index', sys.argv[1]])]; "
             "heavy = sorted(m for m in ('torch', 'lightgbm', 'onnxruntime', 'sentence_transformers', 'faiss', "
             "'bm25s') if m in sys.modules); "
             "print(codes, heavy)")
    done = subprocess.run([sys.executable, "-c", probe, str(tmp_path / "none")], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.stdout.strip() == "[2, 2] []", done.stdout + done.stderr
    assert "question is empty" in done.stderr and "no index at" in done.stderr


def test_a_new_process_prints_the_answer_and_nothing_else(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from citeqa.answer.compiled_trees import CompiledTrees
    from citeqa.answer.extractor import MODEL
    from citeqa.core.config import BUNDLED_CORPUS, load_settings
    from citeqa.index.embedder import load_embedder

    index = tmp_path / "idx"
    assert main(["ingest", str(BUNDLED_CORPUS), "--index", str(index)]) == 0
    load_embedder(load_settings())  # the question encoder exported: the new process will not load the torch model
    CompiledTrees.prepare(MODEL, load_settings().data_dir / "models")  # and the extractor's trees compiled
    # what a cold answer imports: not transformers (the readers' tokenizer and BERT are read without it), not
    # scikit-learn (LightGBM's estimators are left out), not sentence-transformers (the question encoder is ONNX)
    probe = ("import sys; from citeqa.api.cli import main; code = main(sys.argv[1:], own_process=True); "
             "print('imported', sorted(m for m in ('transformers', 'sklearn', 'sentence_transformers') "
             "if m in sys.modules)); sys.exit(code)")
    done = subprocess.run([sys.executable, "-c", probe, "ask", "Kapan Kim Jong Un bertemu dengan Vladimir Putin?",
                           "--index", str(index)], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "OMP_NUM_THREADS": "1"})
    assert done.returncode == 0 and done.stdout.startswith("Jawaban: September 2023"), done.stderr
    assert done.stdout.splitlines()[-1] == "imported []", done.stdout
    assert done.stderr == ""  # no model-loading progress bars, no warnings
    # called in a process that may train afterwards (a test run), it keeps LightGBM's estimators
    shared = ("import sys; from citeqa.api.cli import main; code = main(sys.argv[1:]); import lightgbm; "
              "print('estimators', lightgbm.compat.SKLEARN_INSTALLED); sys.exit(code)")
    done = subprocess.run([sys.executable, "-c", shared, "ask", "Siapa?", "--index", str(index)], capture_output=True,
                          text=True, timeout=300, env={**os.environ, "OMP_NUM_THREADS": "1"})
    assert done.returncode == 0 and done.stdout.splitlines()[-1] == "estimators True", done.stdout + done.stderr
