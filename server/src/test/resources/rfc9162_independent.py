#!/usr/bin/env python3
"""An independent RFC 9162 section 2.1.1 Merkle tree hash, written from the RFC text only (no shared code
with the Java implementation). Reads a Sunlight log export (JSON) and prints, for every checkpoint in it,
"size root_base64 OK|MISMATCH" comparing the root it recomputes from the entries with the checkpoint's."""
import base64, hashlib, json, sys

def mth(leaves):
    # MTH({}) = SHA-256(); MTH({d0}) = SHA-256(0x00 || d0); otherwise split at the largest power of two < n.
    # A leaf is given either as its entry (bytes) or, when withheld until the opening, as its leaf hash (("hash", h)).
    n = len(leaves)
    if n == 0:
        return hashlib.sha256(b"").digest()
    if n == 1:
        if isinstance(leaves[0], tuple):
            return leaves[0][1]
        return hashlib.sha256(b"\x00" + leaves[0]).digest()
    k = 1
    while k * 2 < n:
        k *= 2
    return hashlib.sha256(b"\x01" + mth(leaves[:k]) + mth(leaves[k:])).digest()

export = json.load(open(sys.argv[1], encoding="utf-8"))
entries = [e["entry"].encode("utf-8") if e.get("entry") is not None else ("hash", base64.b64decode(e["leafHash"]))
           for e in sorted(export["entries"], key=lambda e: e["index"])]
sys.setrecursionlimit(10000)
bad = 0
for note in export["checkpoints"]:
    body = note.split("\n\n")[0].split("\n")
    size, root = int(body[1]), body[2]
    mine = base64.b64encode(mth(entries[:size])).decode()
    ok = mine == root
    bad += 0 if ok else 1
    print(size, root, "OK" if ok else "MISMATCH " + mine)
sys.exit(1 if bad else 0)
