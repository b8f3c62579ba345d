#!/usr/bin/env python3
"""Train the name-span classifier that src/analysis/ner.rs runs (averaged perceptron).

It decides, for a run of capitalised words the rules could not place (no gazetteer entry,
no title, no reporting verb after it), whether it names a person, an organization, a place,
something else (MISC: events, works, nationalities) or nothing. It learns from the English
CoNLL-2003 training set (Tjong Kim Sang & De Meulder 2003, Reuters news 1996-97; the copy in
github.com/ZihanWangKi/CrossWeigh data/conllpp_train.txt): every such run in a prose sentence,
labelled with the gold entity that covers most of it.

Candidates and features are made exactly as the Rust side makes them: the same word
tokenizer (letters and digits with inner hyphens, apostrophes and initialism dots), the same
growth of a run over capitalised words and "of"/"for"/"and"/name particles, the same feature
strings, hashed with 64-bit FNV-1a into BUCKETS rows of one weight per class.

  python3 train.py --train conllpp_train.txt --dev conllpp_dev.txt --out ../names.bin

Output format (little-endian): magic b"BRFNER01", u32 buckets, u32 classes, f32 scale,
then buckets*classes i16 weights (row-major: bucket, then class).
"""
import argparse
import os
import random
import re
import struct
import tomllib

CLASSES = ["O", "PER", "ORG", "LOC", "MISC"]
BUCKETS = 1 << 18

NAME_PARTICLES = {"bin", "ibn", "bint", "abu", "de", "da", "di", "du", "del", "della", "van",
                  "von", "der", "den", "la", "le", "al", "el", "y", "dos", "das"}
ABBREV = {"Mr", "Mrs", "Ms", "Dr", "Gen", "Lt", "Col", "Sgt", "Capt", "Adm", "Gov", "Sen",
          "Rep", "Prof", "St", "Jr", "Sr", "Maj"}
GLUED = {",", ".", ";", ":", "!", "?", ")", "%", "'s", "n't", "'"}

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "..", "..", "gazetteer", "given_names.toml"), "rb") as fh:
    GIVEN = set(tomllib.load(fh)["names"])

WORD = re.compile(r"[^\W_]+(?:(?:[-'.]|’)[^\W_]+)*")


def fnv1a(s):
    h = 0xcbf29ce484222325
    for b in s.encode("utf-8"):
        h ^= b
        h = (h * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h


def tokens(text):
    out = []
    for m in WORD.finditer(text):
        s, e = m.start(), m.end()
        if text[e:e + 1] == ".":
            w = text[s:e]
            parts = w.split(".")
            initialism = all(len(p) == 1 and p.isupper() for p in parts) or (
                "." in w and all(len(p) == 1 for p in parts))
            if initialism or w in ABBREV:
                e += 1
        out.append((s, e))
    return out


def is_cap(w):
    return w[:1].isupper()


def strip_possessive(w):
    for suf in ("’s", "'s"):
        if w.endswith(suf):
            return w[: -len(suf)]
    return w


def shape(w):
    out = []
    for c in w:
        k = "X" if c.isupper() else "x" if c.islower() else "d" if c.isdigit() else c
        if not out or out[-1] != k:
            out.append(k)
    return "".join(out)


def runs(text, toks):
    """Maximal runs of capitalised words, as the Rust recogniser grows them."""
    i = 0
    while i < len(toks):
        w = text[toks[i][0]:toks[i][1]]
        if not is_cap(w):
            i += 1
            continue
        j = i + 1
        while j < len(toks):
            wj = text[toks[j][0]:toks[j][1]]
            prev = text[toks[j - 1][0]:toks[j - 1][1]]
            gap = text[toks[j - 1][1]:toks[j][0]]
            if not all(c in " \u00a0" for c in gap):
                break
            if prev != strip_possessive(prev) and not is_cap(wj):
                break
            if is_cap(wj):
                j += 1
            elif (wj in NAME_PARTICLES or wj in ("of", "for", "and")) and j + 1 < len(toks) and \
                    is_cap(text[toks[j + 1][0]:toks[j + 1][1]]) and \
                    all(c in " \u00a0" for c in text[toks[j][1]:toks[j + 1][0]]):
                j += 2
            else:
                break
        yield i, j
        i = j


def features(text, toks, i, j):
    """Feature strings for the run toks[i:j] (a leading "The" already taken off)."""
    words = [strip_possessive(text[s:e]) for s, e in toks[i:j]]
    lower = [w.lower() for w in words]
    f = ["bias", f"len={min(len(words), 4)}", f"first={lower[0]}", f"last={lower[-1]}",
         f"suf3={lower[-1][-3:]}", f"pre3={lower[0][:3]}", f"shape1={shape(words[0])}",
         f"shapes={' '.join(shape(w) for w in words)[:24]}",
         f"given={words[0] in GIVEN}", f"init={i == 0}"]
    for w in lower:
        f.append(f"w={w}")
    p1 = text[toks[i - 1][0]:toks[i - 1][1]].lower() if i > 0 else "<s>"
    p2 = text[toks[i - 2][0]:toks[i - 2][1]].lower() if i > 1 else "<s>"
    n1 = text[toks[j][0]:toks[j][1]].lower() if j < len(toks) else "</s>"
    n2 = text[toks[j + 1][0]:toks[j + 1][1]].lower() if j + 1 < len(toks) else "</s>"
    gb = text[toks[i - 1][1]:toks[i][0]].strip() if i > 0 else ""
    ga = text[toks[j - 1][1]:toks[j][0]].strip() if j < len(toks) else \
        text[toks[j - 1][1]:].strip()
    poss = text[toks[j - 1][0]:toks[j - 1][1]] != words[-1]
    f += [f"p1={p1}", f"p2={p2} {p1}", f"n1={n1}", f"n2={n1} {n2}", f"gb={gb[:3]}",
          f"ga={ga[:3]}", f"poss={poss}", f"p1w={p1}|{lower[-1]}", f"n1g={ga[:1]}|{n1}"]
    return f


def detokenize(tokens_, tags):
    text, spans = "", []
    for k, tok in enumerate(tokens_):
        if k > 0 and tok not in GLUED and not text.endswith("("):
            text += " "
        s = len(text)
        text += tok
        spans.append((s, len(text), tags[k]))
    return text, spans


def gold_entities(spans):
    ents, cur = [], None
    for s, e, tag in spans:
        ty = tag[2:] if tag != "O" else None
        if tag.startswith("I-") and cur and cur[2] == ty:
            cur[1] = e
            continue
        if cur:
            ents.append(tuple(cur))
            cur = None
        if ty:
            cur = [s, e, ty]
    if cur:
        ents.append(tuple(cur))
    return ents


def is_prose(toks):
    n = len(toks)
    tail = [t for t in toks if t not in ('"', "'", ")")]
    words = [t for t in toks if t[:1].isalpha()]
    lower = sum(1 for t in words if t[:1].islower())
    return n >= 6 and tail and tail[-1] in (".", "?", "!") and lower * 2 >= len(words)


def examples(path):
    sent_t, sent_g = [], []
    out = []

    def flush():
        if sent_t and is_prose(sent_t):
            text, spans = detokenize(sent_t, sent_g)
            ents = gold_entities(spans)
            toks = tokens(text)
            for i, j in runs(text, toks):
                if text[toks[i][0]:toks[i][1]] == "The":
                    i += 1
                if i >= j:
                    continue
                s, e = toks[i][0], toks[j - 1][1]
                best, label = 0, "O"
                for gs, ge, ty in ents:
                    ov = min(e, ge) - max(s, gs)
                    if ov > best and ov * 2 >= (e - s):
                        best, label = ov, ty
                out.append((features(text, toks, i, j), CLASSES.index(label)))
        sent_t.clear()
        sent_g.clear()

    with open(path, encoding="utf-8") as fh:
        for line in fh:
            cols = line.split()
            if not cols or cols[0] == "-DOCSTART-":
                flush()
                continue
            sent_t.append(cols[0])
            sent_g.append(cols[-1])
    flush()
    return out


def hashed(examples_):
    return [([fnv1a(x) % BUCKETS for x in f], y) for f, y in examples_]


def train(data, epochs):
    k = len(CLASSES)
    w = [0.0] * (BUCKETS * k)
    acc = [0.0] * (BUCKETS * k)
    stamp = [0] * (BUCKETS * k)
    t = 0
    rng = random.Random(7)
    for _ in range(epochs):
        rng.shuffle(data)
        for feats, y in data:
            t += 1
            scores = [sum(w[b * k + c] for b in feats) for c in range(k)]
            guess = max(range(k), key=lambda c: scores[c])
            if guess != y:
                for b in feats:
                    for c, d in ((y, 1.0), (guess, -1.0)):
                        i = b * k + c
                        acc[i] += (t - stamp[i]) * w[i]
                        stamp[i] = t
                        w[i] += d
    for i in range(len(w)):
        acc[i] += (t - stamp[i]) * w[i]
    return [a / t for a in acc]


def evaluate(w, data):
    k = len(CLASSES)
    tp = fp = fn = 0
    for feats, y in data:
        scores = [sum(w[b * k + c] for b in feats) for c in range(k)]
        g = max(range(k), key=lambda c: scores[c])
        if g == y and g != 0:
            tp += 1
        else:
            if g != 0:
                fp += 1
            if y != 0:
                fn += 1
    p = tp / max(tp + fp, 1)
    r = tp / max(tp + fn, 1)
    return p, r


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", required=True)
    ap.add_argument("--dev")
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    data = hashed(examples(a.train))
    print(f"{len(data)} training runs", flush=True)
    w = train(data, a.epochs)
    if a.dev:
        dev = hashed(examples(a.dev))
        p, r = evaluate(w, dev)
        print(f"dev runs {len(dev)}: typed P {p:.3f} R {r:.3f}")
    top = max(abs(x) for x in w) or 1.0
    scale = top / 32767.0
    with open(a.out, "wb") as fh:
        fh.write(b"BRFNER01")
        fh.write(struct.pack("<IIf", BUCKETS, len(CLASSES), scale))
        fh.write(struct.pack(f"<{len(w)}h", *(int(round(x / scale)) for x in w)))
    print(f"wrote {a.out}: scale {scale:.6g}")


if __name__ == "__main__":
    main()
