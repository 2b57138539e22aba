"""Index: embed passages into FAISS, beside a BM25 lexical index, and retrieve by fusing the two."""
