"""
PyTorch reference for Commonplace's character transformer: the same
architecture, optimiser, schedule, batches and evaluation as
pipeline/train/ (model.ts, layers.ts, optimizer.ts, data.ts, evaluate.ts),
so TF.js speed and quality can be judged against a known-good peer.

    python3 bench/reference/char_transformer.py CONFIG.json   # or the JSON on stdin

Config (JSON): layers, dModel, heads, context, batch, seed, learningRate,
warmupSteps, weightDecay, clipNorm; steps (optimiser steps run); totalSteps
(of the learning-rate schedule, default steps); timingWarmup (untimed first
steps, default 3); torchThreads, openblasThreads (default 1 each); evaluate
(default true); measurePeak (default false); and the texts: train and
validation (lists of normalized works) or textsPath (a JSON file holding them).
Prints one JSON object on stdout (progress goes to stderr): tokensPerSecond,
stepMs, validationLoss (nats per character), the thread settings and more.

Batches are the TF.js trainer's own: mulberry32 seeded per step, ported below,
so both trainers see the same windows in the same order.
"""
import json
import math
import os
import sys
import time

BOUNDARY = "\u0002"
UNKNOWN = "\ufffd"
MASK32 = 0xFFFFFFFF


def read_config():
    raw = open(sys.argv[1], encoding="utf-8").read() if len(sys.argv) > 1 else sys.stdin.read()
    config = json.loads(raw)
    if "textsPath" in config:
        with open(config["textsPath"], encoding="utf-8") as f:
            config.update(json.load(f))
    missing = [k for k in ("layers", "dModel", "heads", "context", "batch", "steps", "train") if k not in config]
    if missing:
        sys.exit(f"char_transformer.py: config lacks {', '.join(missing)}")
    return config


config = read_config()
# OpenBLAS reads its thread count when it loads, so set it before importing torch.
os.environ["OPENBLAS_NUM_THREADS"] = str(config.get("openblasThreads", os.environ.get("OPENBLAS_NUM_THREADS", 1)))

import ctypes  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402


# --- the trainer's seeded batches (pipeline/train/random.ts, data.ts) ---

def imul(a, b):
    return (a * b) & MASK32


def mulberry32(seed):
    state = [seed & MASK32]

    def draw():
        state[0] = (state[0] + 0x6D2B79F5) & MASK32
        t = state[0]
        t = imul(t ^ (t >> 15), t | 1)
        t ^= (t + imul(t ^ (t >> 7), t | 61)) & MASK32
        return ((t ^ (t >> 14)) & MASK32) / 4294967296

    return draw


def step_seed(seed, step):
    h = (seed ^ 0x9E3779B9) & MASK32
    h = imul(h ^ step, 0x85EBCA6B)
    h = imul(h ^ (h >> 13), 0xC2B2AE35)
    return (h ^ (h >> 16)) & MASK32


def batch_at(stream, context, batch, seed, step):
    span = len(stream) - context - 1
    if span < 1:
        sys.exit(f"char_transformer.py: the training text ({len(stream)} characters) is shorter than the context ({context}) plus one")
    draw = mulberry32(step_seed(seed, step))
    starts = [math.floor(draw() * span) for _ in range(batch)]
    windows = torch.stack([stream[s:s + context + 1] for s in starts])
    return windows[:, :-1], windows[:, 1:]


# --- vocabulary (pipeline/train/tokenizer.ts) ---

def vocabulary(texts):
    chars = set()
    for t in texts:
        chars.update(t)
    chars.discard(UNKNOWN)
    chars.discard(BOUNDARY)
    symbols = [UNKNOWN, BOUNDARY] + sorted(chars, key=ord)
    return {s: i for i, s in enumerate(symbols)}


def encode(text, ids):
    return torch.tensor([ids.get(c, 0) for c in text], dtype=torch.long)


# --- the model (pipeline/train/model.ts, layers.ts) ---

class Block(nn.Module):
    def __init__(self, d, heads):
        super().__init__()
        self.heads = heads
        self.ln1 = nn.LayerNorm(d, eps=1e-5)
        self.qkv = nn.Linear(d, 3 * d)
        self.proj = nn.Linear(d, d)
        self.ln2 = nn.LayerNorm(d, eps=1e-5)
        self.up = nn.Linear(d, 4 * d)
        self.down = nn.Linear(4 * d, d)

    def attention(self, x, mask):
        b, t, d = x.shape
        q, k, v = self.qkv(x).split(d, dim=2)
        q, k, v = (z.view(b, t, self.heads, d // self.heads).transpose(1, 2) for z in (q, k, v))
        scores = (q @ k.transpose(-2, -1)) / math.sqrt(d // self.heads)
        attn = F.softmax(scores.masked_fill(mask[:t, :t], float("-inf")), dim=-1)
        return self.proj((attn @ v).transpose(1, 2).reshape(b, t, d))

    def forward(self, x, mask):
        x = x + self.attention(self.ln1(x), mask)
        return x + self.down(F.gelu(self.up(self.ln2(x)), approximate="tanh"))


class CharTransformer(nn.Module):
    def __init__(self, vocab, layers, d, heads, context):
        super().__init__()
        self.tokens = nn.Embedding(vocab, d)
        self.positions = nn.Embedding(context, d)
        self.blocks = nn.ModuleList(Block(d, heads) for _ in range(layers))
        self.ln_f = nn.LayerNorm(d, eps=1e-5)
        self.head = nn.Linear(d, vocab)
        self.register_buffer("mask", torch.triu(torch.ones(context, context, dtype=torch.bool), diagonal=1))
        for name, p in self.named_parameters():
            if name.endswith("bias"):
                nn.init.zeros_(p)
            elif p.dim() >= 2:
                # GPT-2's scaling of residual projections, as buildModel does.
                scale = 1 / math.sqrt(2 * layers) if name.endswith(("proj.weight", "down.weight")) else 1.0
                nn.init.normal_(p, mean=0.0, std=0.02 * scale)
        # LayerNorm weights keep their ones.

    def forward(self, ids):
        t = ids.shape[1]
        x = self.tokens(ids) + self.positions.weight[:t]
        for block in self.blocks:
            x = block(x, self.mask)
        return self.head(self.ln_f(x))


# --- optimiser schedule (pipeline/train/optimizer.ts learningRateAt) ---

def learning_rate_at(c, step):
    peak, warmup, total = c["learningRate"], c["warmupSteps"], c["totalSteps"]
    if warmup > 0 and step < warmup:
        return peak * (step + 1) / warmup
    span = max(1, total - warmup)
    progress = min(1.0, (step - warmup) / span)
    low = peak * 0.1
    return low + 0.5 * (peak - low) * (1 + math.cos(math.pi * progress))


def clip_by_global_norm(params, clip):
    """As optimizer.ts: scale by clip/norm when norm exceeds clip (no epsilon)."""
    norm = torch.sqrt(sum(p.grad.pow(2).sum() for p in params)).item()
    if clip > 0 and norm > clip:
        for p in params:
            p.grad.mul_(clip / norm)
    return norm


# --- evaluation (pipeline/train/evaluate.ts) ---

@torch.no_grad()
def validation_loss(model, works, ids, context):
    """Mean cross-entropy (nats/char): each work as boundary+text+boundary, non-overlapping windows."""
    nats, count = 0.0, 0
    for text in works:
        seq = encode(f"{BOUNDARY}{text}{BOUNDARY}", ids)
        for start in range(0, len(seq) - 1, context):
            end = min(start + context, len(seq) - 1)
            logits = model(seq[start:end].unsqueeze(0))[0]
            nats += F.cross_entropy(logits, seq[start + 1:end + 1], reduction="sum").item()
        count += len(seq) - 1
    return nats / count if count else float("nan")


def blas_threads():
    """OpenBLAS's own thread count, or None when torch's BLAS is not OpenBLAS."""
    for name in ("libblas.so.3", "libopenblas.so.0"):
        try:
            return ctypes.CDLL(name).openblas_get_num_threads()
        except (OSError, AttributeError):
            continue
    return None


def peak_flops(size=1024, repeats=5):
    a, b = torch.randn(size, size), torch.randn(size, size)
    a @ b
    best = min(timed(lambda: a @ b) for _ in range(repeats))
    return 2 * size**3 / best


def timed(fn):
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main():
    c = {"totalSteps": config["steps"], "timingWarmup": 3, "seed": 1, "learningRate": 3e-3, "warmupSteps": 0,
         "weightDecay": 0.0, "clipNorm": 1.0, "torchThreads": 1, "evaluate": True, **config}
    torch.set_num_threads(int(c["torchThreads"]))
    torch.manual_seed(c["seed"])
    validation = c.get("validation", [])
    ids = vocabulary(c["train"] + validation)
    stream = encode("".join(f"{t}{BOUNDARY}" for t in c["train"]), ids)
    model = CharTransformer(len(ids), c["layers"], c["dModel"], c["heads"], c["context"])
    params = [p for p in model.parameters() if p.requires_grad]
    groups = [{"params": [p for p in params if p.dim() >= 2], "weight_decay": c["weightDecay"]},
              {"params": [p for p in params if p.dim() < 2], "weight_decay": 0.0}]
    opt = torch.optim.AdamW(groups, lr=c["learningRate"], betas=(0.9, 0.95), eps=1e-8)

    losses, started = [], None
    warm = min(c["timingWarmup"], c["steps"] - 1)
    for step in range(c["steps"]):
        if step == warm:
            started = time.perf_counter()
        for g in opt.param_groups:
            g["lr"] = learning_rate_at(c, step)
        x, y = batch_at(stream, c["context"], c["batch"], c["seed"], step)
        loss = F.cross_entropy(model(x).reshape(-1, len(ids)), y.reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        clip_by_global_norm(params, c["clipNorm"])
        opt.step()
        losses.append(loss.item())
        if (step + 1) % 50 == 0 or step + 1 == c["steps"]:
            print(f"  pytorch step {step + 1}/{c['steps']} loss {losses[-1]:.3f}", file=sys.stderr)
    seconds = time.perf_counter() - started
    timed_steps = c["steps"] - warm

    out = {
        "torch": torch.__version__,
        "threads": {"torch": torch.get_num_threads(), "openblasEnv": os.environ["OPENBLAS_NUM_THREADS"], "openblas": blas_threads()},
        "blas": "OpenBLAS" if blas_threads() is not None else "not OpenBLAS (likely the slow reference BLAS)",
        "parameters": sum(p.numel() for p in params),
        "vocabulary": len(ids),
        "steps": c["steps"],
        "timedSteps": timed_steps,
        "stepMs": 1000 * seconds / timed_steps,
        "tokensPerSecond": timed_steps * c["batch"] * c["context"] / seconds,
        "firstLoss": losses[0],
        "lastLoss": losses[-1],
    }
    if c["evaluate"] and validation:
        model.eval()
        out["validationLoss"] = validation_loss(model, validation, ids, c["context"])
    if c.get("measurePeak"):
        out["peakFlops"] = peak_flops()
        out["peakNote"] = f"best plain 1024x1024 float32 matmul with these threads ({blas_threads()} OpenBLAS)"
    print(json.dumps(out))


main()
