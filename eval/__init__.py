"""Eval: question–answer sets, pure metric functions and a runner that fails on regressions."""
