"""Answer: pick the sentence that answers, cut the short span a factoid question asks for, or abstain."""
