"""Train the confidence calibrator and the support model on the train sides (never on a dev side or the gate).

Usage (after the extractor, reranker and span reader are trained)::

    python -m citeqa.eval.train_confidence --set /tmp/bench/{facqa,tydi,squad}-train.jsonl \
        --index /tmp/bench/idx-train --parts 3/4 --per-set 700 [--models confidence] [--answerable-share 0.8]

Every training question is answered in the open corpus with abstention off, once with every document and once
with the documents holding its answer left out (a document that is silent), every third also with its whole
domain left out; the signals behind each answer (``citeqa.answer.confidence.SIGNALS``) and whether it was right
(token F1 >= 0.5; for the support model: whether the cited sentence holds the answer) train a logistic regression,
written as JSON. As collected, more than half of the asks have no answer to find; ``--answerable-share`` weights
the asks with every document to a share closer to what people ask, which moves the calibration of the answers
given (README, "Confidence"). ``--signals`` keeps the collected rows, to fit again without asking again;
``--without`` leaves signals out of the fit (the shipped support: ``--without rerank_score span_agreement``).
``--extend SIGNAL`` keeps the shipped weights and fits only a new signal's (every answer with that signal at 0 is
unchanged); ``--questions REGEX`` asks only the questions matching it (``defined``: the abbreviation questions,
``answer.acronyms``). Report: cross-validated log loss and the reliability of the fitted probabilities.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
from collections import Counter
from pathlib import Path

import numpy as np

from citeqa.answer.assistant import Assistant
from citeqa.answer.confidence import SIGNALS, WEIGHTS, Calibrator
from citeqa.core.config import load_settings
from citeqa.eval.runner import EvalItem
from citeqa.eval.signal_rows import Collected, Rows, load_rows, save_rows, with_more
from citeqa.eval.training import load_sets, report, start, training_parser, write_meta

log = logging.getLogger(__name__)
ASKS = ("whole", "left_out", "domain_left_out")  # every document; the answer's left out; its domain's left out
ANSWERABLE = ("whole", "small_whole")  # the asks whose folder holds the answer (``citeqa.eval.small_folders``)


# The direction each signal may push the probability: more evidence never makes an answer less likely to be
# right, more of the question's names unknown to the index never makes it more likely. Without these bounds the
# correlated signals trade weight between them from one training run to the next (a weight of +0.47 on the share
# of unknown question terms, once), and the abstention of a document's silence rests on that accident.
# 0: either way.
DIRECTIONS = {"reader": 1, "coverage": 1, "window_coverage": 1, "names_found": 1, "rarest_found": 1,
              "unknown_names": -1, "typed": 0, "type_found": 1, "answer_window": 1, "answer_score": 1,
              "rank_margin": 1, "span_margin": 1, "span_agreement": 1,
              "rerank_score": 1, "defined": 1, "unknown_words": -1, "ruled": 0}


def fit_calibrator(x: np.ndarray, y: np.ndarray, c: float = 1.0, weights: np.ndarray | None = None) -> Calibrator:
    """L2-regularised logistic regression on standardised signals (sklearn's objective for ``C=c``, each row's
    loss times its ``weights``), each weight bounded to its signal's direction in ``DIRECTIONS``, folded back into
    raw-signal weights."""
    from scipy.optimize import minimize

    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    z = (x - mean) / scale
    sign = 2.0 * y - 1.0
    w = np.ones(len(y)) if weights is None else np.asarray(weights, dtype=np.float64)

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        margin = sign * (z @ theta[:-1] + theta[-1])
        p_wrong = 0.5 * (1.0 - np.tanh(0.5 * margin))  # sigmoid(-margin), stable
        value = c * float(np.sum(w * np.logaddexp(0.0, -margin))) + 0.5 * float(theta[:-1] @ theta[:-1])
        grad_margin = -c * w * p_wrong * sign
        grad = np.append(z.T @ grad_margin + theta[:-1], grad_margin.sum())
        return value, grad

    bounds = [(0.0, None) if DIRECTIONS[n] > 0 else (None, 0.0) if DIRECTIONS[n] < 0 else (None, None)
              for n in SIGNALS] + [(None, None)]
    theta = minimize(loss, np.zeros(len(SIGNALS) + 1), jac=True, method="L-BFGS-B", bounds=bounds).x
    weights = theta[:-1] / scale
    return Calibrator(weights, float(theta[-1] - np.sum(theta[:-1] * mean / scale)))


def kept_model(shipped: dict[str, object], signal: str) -> Calibrator:
    """The ``shipped`` model (its JSON) over ``SIGNALS``, ``signal`` (and any signal it lacks) at weight 0."""
    old = dict(zip(shipped["signals"], shipped["weights"], strict=True))  # type: ignore[call-overload]
    weights = np.array([float(old.get(name, 0.0)) if name != signal else 0.0 for name in SIGNALS])
    return Calibrator(weights, float(shipped["bias"]))  # type: ignore[arg-type]


def fit_extension(
    x: np.ndarray, y: np.ndarray, shipped: dict[str, object], signal: str, weights: np.ndarray | None = None,
    c: float = 1.0,
) -> Calibrator:
    """The ``shipped`` model (its JSON) with ``signal`` added: every other weight and the bias kept, the new
    weight fitted by L2-regularised maximum likelihood (``c`` as in ``fit_calibrator``), bounded to its direction
    in ``DIRECTIONS``, with the shipped model's logit as a fixed offset."""
    from scipy.optimize import minimize_scalar

    kept = kept_model(shipped, signal)
    base, bias = kept.weights.copy(), kept.bias
    offset, column, sign = x @ base + bias, x[:, SIGNALS.index(signal)], 2.0 * y - 1.0
    w = np.ones(len(y)) if weights is None else weights

    def loss(value: float) -> float:
        return c * float(np.sum(w * np.logaddexp(0.0, -sign * (offset + value * column)))) + 0.5 * value * value

    low, high = (0.0, 20.0) if DIRECTIONS[signal] > 0 else (-20.0, 0.0) if DIRECTIONS[signal] < 0 else (-20.0, 20.0)
    base[SIGNALS.index(signal)] = float(minimize_scalar(loss, bounds=(low, high), method="bounded").x)
    return Calibrator(base, bias)


def domain_of(source: str) -> str:
    """The benchmark a document comes from: the prefix of its name ("tydi-…", "squad-…", "facqa-…")."""
    return source.split("-")[0]


def collect(assistant: Assistant, items: list[EvalItem], foreign_every: int = 3) -> Collected:
    """Signals, right/wrong labels, supported labels (the cited sentence holds a gold answer in the gold document)
    and gold documents: each item asked with every document, and with its answer's left out; every
    ``foreign_every``-th item also with every document of its own domain left out, as a question from another
    domain is asked of a folder about something else (its names are then unknown to the index); and which of the
    three asks each row is (``ASKS``)."""
    holding: dict[str, set[str]] = {}
    for source in assistant.store.sources():
        holding.setdefault(assistant.store.document(source).text, set()).add(source)
    by_domain: dict[str, set[str]] = {}
    for source in assistant.store.sources():
        by_domain.setdefault(domain_of(source), set()).add(source)
    domains = {d: frozenset(sources) for d, sources in by_domain.items()}
    domain_terms = {d: assistant.excluded_terms(sources) for d, sources in domains.items()}
    rows = Rows()
    for number, item in enumerate(items):
        if not item.answers:
            continue
        answering = frozenset(s for text, sources in holding.items() if any(a in text for a in item.answers)
                              for s in sources) | ({item.source} if item.source else set())
        asks: list[tuple[str, frozenset[str], Counter[str] | None]] = [
            (ASKS[0], frozenset(), None), (ASKS[1], answering, None)]
        domain = domain_of(item.source or "")
        if number % foreign_every == 0 and domain in domains and len(domains) > 1:
            asks.append((ASKS[2], domains[domain], domain_terms[domain]))
        for kind, exclude, terms in asks:
            rows.ask(assistant, item, kind, answering, exclude, terms)
    return rows.arrays()


def without(x: np.ndarray, names: list[str]) -> np.ndarray:
    """``x`` with the columns of the signals ``names`` set to 0: a constant signal gets weight 0 from
    ``fit_calibrator`` (its standardised column is 0 and the penalty pulls its weight to 0)."""
    x = x.copy()
    x[:, [SIGNALS.index(name) for name in names]] = 0.0
    return x


def share_weights(kinds: np.ndarray, answerable_share: float | None) -> np.ndarray | None:
    """Row weights that give the asks whose folder holds the answer (``ANSWERABLE``) ``answerable_share`` of the
    total weight and the asks with the answer left out the rest (``None``: every row 1, about 43% / 57% as
    collected)."""
    if answerable_share is None:
        return None
    whole = np.isin(kinds, ANSWERABLE)
    if not 0.0 < answerable_share < 1.0 or whole.all() or not whole.any():
        raise ValueError(f"--answerable-share must be in (0, 1) with both kinds of asks, got {answerable_share}")
    weights = np.where(whole, answerable_share / whole.mean(), (1.0 - answerable_share) / (~whole).mean())
    return weights / weights.mean()


def signals_of(args: argparse.Namespace) -> Collected:
    """The collected rows: read from ``--signals`` when that file exists (made by an earlier run with the same
    signals), else collected by asking the questions and saved there when given."""
    cache: Path | None = args.signals
    if cache is not None and cache.is_file():
        return load_rows(cache, "delete it")
    assistant = Assistant.load(load_settings(index_dir=args.index, calibrate=False, abstain_threshold=0.0))
    items = load_sets(args.set, args.per_set, parts=args.parts)
    if args.questions:
        items = [item for item in items if re.search(args.questions, item.question, re.IGNORECASE)]
    rows = collect(assistant, items)
    if cache is not None:
        save_rows(cache, rows)
    return rows


def reliability(p: np.ndarray, y: np.ndarray) -> dict[str, list[float]]:
    """Per 0.2-wide probability bucket: [answers, share right]."""
    buckets = {}
    for lo in (0.0, 0.2, 0.4, 0.6, 0.8):
        inside = (p >= lo) & ((p < lo + 0.2) if lo < 0.8 else (p <= 1.0))
        buckets[f"{lo:.1f}-{lo + 0.2:.1f}"] = [int(inside.sum()), float(y[inside].mean()) if inside.any() else 0.0]
    return buckets


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = training_parser(__doc__, WEIGHTS)
    parser.add_argument("--models", nargs="+", choices=("confidence", "support"), default=["confidence", "support"],
                        help="which models to fit and write (default both)")
    parser.add_argument("--answerable-share", type=float, default=None,
                        help="weight the asks with every document to this share of the fit (the rest: the asks "
                             "with the answer left out); default: as collected")
    parser.add_argument("--without", nargs="+", choices=SIGNALS, default=[], metavar="SIGNAL",
                        help="signals to leave out of the fit (their weight is 0)")
    parser.add_argument("--extend", choices=SIGNALS, default=None, metavar="SIGNAL",
                        help="keep the shipped weights and fit only this signal's weight")
    parser.add_argument("--questions", default=None, metavar="REGEX",
                        help="ask only the questions matching this regular expression (case-insensitive)")
    parser.add_argument("--signals", type=Path, default=None,
                        help="an .npz file of collected signals: read if it exists, else written after collecting")
    parser.add_argument("--more-signals", type=Path, nargs="+", default=[], metavar="NPZ",
                        help="rows collected elsewhere to fit on as well (``citeqa.eval.small_folders``)")
    args = start(parser, argv)
    x, right, supported, sources, kinds = with_more(signals_of(args), args.more_signals)
    x = without(x, args.without)
    weights = share_weights(kinds, args.answerable_share)
    results: dict[str, object] = {"answers": len(right), "answerable_share": args.answerable_share}
    extends: dict[str, object] = {}
    for name, y, out in (("confidence", right, args.out), ("support", supported, args.out.with_name("support.json"))):
        if name not in args.models:
            continue
        if args.extend:
            meta = out.with_name(out.name + ".meta.json")
            if meta.is_file():  # the metadata of the model extended, kept inside the new one's
                extends[name] = json.loads(meta.read_text(encoding="utf-8"))
            model, results[name] = _extended(x, y, json.loads(out.read_text(encoding="utf-8")), args.extend,
                                             weights)
        else:
            model, results[name] = _fitted(x, y, weights, sources, kinds)
        out.write_text(json.dumps(model.to_json(), indent=1) + "\n", encoding="utf-8")
    for name in args.models:  # each model's metadata beside it: what this run fitted (both models when both were)
        write_meta(results, args.out if name == "confidence" else args.out.with_name("support.json"),
                   extends.get(name))
    return report(results)


def _extended(x: np.ndarray, y: np.ndarray, shipped: dict[str, object], signal: str,
              weights: np.ndarray | None) -> tuple[Calibrator, dict[str, object]]:
    """The ``shipped`` model with only ``signal``'s weight fitted (``fit_extension``), and what to report of it."""
    extended = fit_extension(x, y, shipped, signal, weights)
    on = x[:, SIGNALS.index(signal)] != 0
    before = kept_model(shipped, signal)
    return extended, {
        "extended_with": signal, "weight": float(extended.weights[SIGNALS.index(signal)]),
        "rows_with_signal": int(on.sum()), "right_share_with_signal": float(y[on].mean()) if on.any() else 0.0,
        "mean_probability_with_signal": [float(np.mean(m_.probabilities_of(x[on]))) if on.any() else 0.0
                                         for m_ in (before, extended)],
    }


def _fitted(x: np.ndarray, y: np.ndarray, weights: np.ndarray | None, sources: list[str],
            kinds: np.ndarray) -> tuple[Calibrator, dict[str, object]]:
    """A model fitted on every row, and its figures cross-validated by passage (no passage on both sides)."""
    from sklearn.metrics import log_loss
    from sklearn.model_selection import GroupKFold

    losses = []
    held_out = np.zeros(len(y))  # each answer's probability from the fold that did not train on its passage
    for train, test in GroupKFold(n_splits=5).split(x, y, sources):
        fold = fit_calibrator(x[train], y[train], weights=None if weights is None else weights[train])
        held_out[test] = fold.probabilities_of(x[test])
        losses.append(log_loss(y[test], held_out[test], labels=[0, 1]))
    domains = np.array([domain_of(s) for s in sources])
    whole = np.isin(kinds, ANSWERABLE)
    calibrator = fit_calibrator(x, y, weights=weights)
    return calibrator, {
        "positive_rate": float(y.mean()), "cv_log_loss": float(np.mean(losses)),
        "cv_reliability_n_and_accuracy": reliability(held_out, y),
        "cv_reliability_by_domain": {d: reliability(held_out[domains == d], y[domains == d])
                                     for d in sorted(set(domains))},
        "cv_reliability_asked_with_every_document": reliability(held_out[whole], y[whole]),
        "weights": dict(zip(SIGNALS, np.round(calibrator.weights, 3).tolist(), strict=True)),
    }


if __name__ == "__main__":
    raise SystemExit(main())
