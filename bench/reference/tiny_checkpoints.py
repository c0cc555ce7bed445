"""
Tiny, randomly initialised checkpoints in Hugging Face's layout, with the
logits PyTorch computes for them, for the TF.js loader's tests
(pipeline/checkpoints/). No download, no `transformers`: each family's forward
pass is written out below in plain PyTorch, after Hugging Face's
modeling_gpt2.py and modeling_llama.py, and the files are written in the
formats those libraries read (config.json, model.safetensors, tokenizer.json).

    python3 bench/reference/tiny_checkpoints.py [OUT_DIR]

OUT_DIR defaults to pipeline/checkpoints/fixtures/. For each family it writes
OUT_DIR/<name>/{config.json, model.safetensors, tokenizer.json,
tokenizer_config.json, reference.json}; reference.json holds the input ids and
the logits (float32, row by row). Deterministic: the same files every run.
"""
import json
import math
import os
import struct
import sys

import torch

torch.manual_seed(20261204)
torch.set_num_threads(1)

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "pipeline", "checkpoints", "fixtures")

# A character tokenizer with a few merges, as SentencePiece-style BPE (Metaspace): spaces become "▁".
CHARS = list("▁abcdefghijklmnopqrstuvwxyzTRW.,'")
MERGES = [("t", "h"), ("th", "e"), ("▁", "the"), ("e", "r"), ("i", "v"), ("r", "iv"), ("riv", "er")]


def tokenizer_files():
    vocab = {"<unk>": 0, "<s>": 1, "</s>": 2}
    for c in CHARS:
        vocab.setdefault(c, len(vocab))
    for a, b in MERGES:
        vocab.setdefault(a + b, len(vocab))
    tokenizer = {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [
            {"id": i, "content": t, "single_word": False, "lstrip": False, "rstrip": False, "normalized": False, "special": True}
            for t, i in (("<unk>", 0), ("<s>", 1), ("</s>", 2))
        ],
        "normalizer": None,
        "pre_tokenizer": {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "first", "split": False},
        "post_processor": None,
        "decoder": {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "first", "split": False},
        "model": {
            "type": "BPE",
            "dropout": None,
            "unk_token": "<unk>",
            "continuing_subword_prefix": None,
            "end_of_word_suffix": None,
            "fuse_unk": False,
            "byte_fallback": False,
            "ignore_merges": False,
            "vocab": vocab,
            "merges": [f"{a} {b}" for a, b in MERGES],
        },
    }
    config = {"bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>", "add_bos_token": False, "add_eos_token": False, "model_max_length": 32, "tokenizer_class": "PreTrainedTokenizerFast"}
    return tokenizer, config, len(vocab)


def write_safetensors(path, tensors):
    """The safetensors format: u64 little-endian header length, JSON header, then the raw tensors."""
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        data = tensors[name].detach().contiguous().to(torch.float32).numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    header["__metadata__"] = {"format": "pt"}
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def rand(*shape, scale=0.2):
    return torch.randn(*shape) * scale


def causal_softmax(scores):
    t = scores.shape[-1]
    mask = torch.triu(torch.ones(t, t, dtype=torch.bool), diagonal=1)
    return torch.softmax(scores.masked_fill(mask, float("-inf")), dim=-1)


# ---- GPT-2 (modeling_gpt2.py: Conv1D weights are [in, out]; gelu_new; tied output) ----

def gpt2(vocab):
    c = {"model_type": "gpt2", "architectures": ["GPT2LMHeadModel"], "vocab_size": vocab, "n_positions": 32, "n_embd": 32, "n_layer": 2, "n_head": 4,
         "n_inner": None, "activation_function": "gelu_new", "layer_norm_epsilon": 1e-5, "tie_word_embeddings": True, "bos_token_id": 1, "eos_token_id": 2}
    d, L = c["n_embd"], c["n_layer"]
    w = {"transformer.wte.weight": rand(vocab, d), "transformer.wpe.weight": rand(c["n_positions"], d),
         "transformer.ln_f.weight": 1 + rand(d, scale=0.1), "transformer.ln_f.bias": rand(d, scale=0.1)}
    for i in range(L):
        p = f"transformer.h.{i}."
        w.update({p + "ln_1.weight": 1 + rand(d, scale=0.1), p + "ln_1.bias": rand(d, scale=0.1),
                  p + "attn.c_attn.weight": rand(d, 3 * d), p + "attn.c_attn.bias": rand(3 * d, scale=0.05),
                  p + "attn.c_proj.weight": rand(d, d), p + "attn.c_proj.bias": rand(d, scale=0.05),
                  p + "ln_2.weight": 1 + rand(d, scale=0.1), p + "ln_2.bias": rand(d, scale=0.1),
                  p + "mlp.c_fc.weight": rand(d, 4 * d), p + "mlp.c_fc.bias": rand(4 * d, scale=0.05),
                  p + "mlp.c_proj.weight": rand(4 * d, d), p + "mlp.c_proj.bias": rand(d, scale=0.05)})
    return c, w


def gpt2_logits(c, w, ids):
    d, nh = c["n_embd"], c["n_head"]
    hd, eps = d // nh, c["layer_norm_epsilon"]
    ids = torch.tensor(ids)
    b, t = ids.shape
    h = w["transformer.wte.weight"][ids] + w["transformer.wpe.weight"][torch.arange(t)]
    ln = lambda x, p: torch.nn.functional.layer_norm(x, (d,), w[p + ".weight"], w[p + ".bias"], eps)
    gelu_new = lambda x: 0.5 * x * (1 + torch.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x.pow(3))))
    for i in range(c["n_layer"]):
        p = f"transformer.h.{i}."
        a = ln(h, p + "ln_1") @ w[p + "attn.c_attn.weight"] + w[p + "attn.c_attn.bias"]
        q, k, v = (x.view(b, t, nh, hd).transpose(1, 2) for x in a.split(d, dim=2))
        o = (causal_softmax(q @ k.transpose(-1, -2) / math.sqrt(hd)) @ v).transpose(1, 2).reshape(b, t, d)
        h = h + o @ w[p + "attn.c_proj.weight"] + w[p + "attn.c_proj.bias"]
        m = gelu_new(ln(h, p + "ln_2") @ w[p + "mlp.c_fc.weight"] + w[p + "mlp.c_fc.bias"])
        h = h + m @ w[p + "mlp.c_proj.weight"] + w[p + "mlp.c_proj.bias"]
    return ln(h, "transformer.ln_f") @ w["transformer.wte.weight"].T


# ---- Llama (modeling_llama.py: RMSNorm, rotary positions with rotate_half, SwiGLU, grouped-query attention) ----

def llama(vocab):
    c = {"model_type": "llama", "architectures": ["LlamaForCausalLM"], "vocab_size": vocab, "hidden_size": 32, "intermediate_size": 64, "num_hidden_layers": 2,
         "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 8, "max_position_embeddings": 32, "rms_norm_eps": 1e-5, "rope_theta": 10000.0,
         "rope_scaling": None, "hidden_act": "silu", "attention_bias": False, "mlp_bias": False, "tie_word_embeddings": False, "bos_token_id": 1, "eos_token_id": 2}
    d, f, nh, nkv, hd = c["hidden_size"], c["intermediate_size"], c["num_attention_heads"], c["num_key_value_heads"], c["head_dim"]
    w = {"model.embed_tokens.weight": rand(vocab, d), "model.norm.weight": 1 + rand(d, scale=0.1), "lm_head.weight": rand(vocab, d)}
    for i in range(c["num_hidden_layers"]):
        p = f"model.layers.{i}."
        w.update({p + "input_layernorm.weight": 1 + rand(d, scale=0.1), p + "post_attention_layernorm.weight": 1 + rand(d, scale=0.1),
                  p + "self_attn.q_proj.weight": rand(nh * hd, d), p + "self_attn.k_proj.weight": rand(nkv * hd, d),
                  p + "self_attn.v_proj.weight": rand(nkv * hd, d), p + "self_attn.o_proj.weight": rand(d, nh * hd),
                  p + "mlp.gate_proj.weight": rand(f, d), p + "mlp.up_proj.weight": rand(f, d), p + "mlp.down_proj.weight": rand(d, f)})
    return c, w


def llama_logits(c, w, ids):
    nh, nkv, hd, eps = c["num_attention_heads"], c["num_key_value_heads"], c["head_dim"], c["rms_norm_eps"]
    ids = torch.tensor(ids)
    b, t = ids.shape
    rms = lambda x, weight: weight * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps))
    inv_freq = 1.0 / (c["rope_theta"] ** (torch.arange(0, hd, 2, dtype=torch.int64).float() / hd))
    freqs = torch.outer(torch.arange(t).float(), inv_freq)
    emb = torch.cat((freqs, freqs), dim=-1)
    cos, sin = emb.cos(), emb.sin()
    rotate_half = lambda x: torch.cat((-x[..., hd // 2:], x[..., : hd // 2]), dim=-1)
    h = w["model.embed_tokens.weight"][ids]
    for i in range(c["num_hidden_layers"]):
        p = f"model.layers.{i}."
        x = rms(h, w[p + "input_layernorm.weight"])
        q = (x @ w[p + "self_attn.q_proj.weight"].T).view(b, t, nh, hd).transpose(1, 2)
        k = (x @ w[p + "self_attn.k_proj.weight"].T).view(b, t, nkv, hd).transpose(1, 2)
        v = (x @ w[p + "self_attn.v_proj.weight"].T).view(b, t, nkv, hd).transpose(1, 2)
        q, k = q * cos + rotate_half(q) * sin, k * cos + rotate_half(k) * sin
        k, v = k.repeat_interleave(nh // nkv, dim=1), v.repeat_interleave(nh // nkv, dim=1)
        o = (causal_softmax(q @ k.transpose(-1, -2) / math.sqrt(hd)) @ v).transpose(1, 2).reshape(b, t, nh * hd)
        h = h + o @ w[p + "self_attn.o_proj.weight"].T
        x = rms(h, w[p + "post_attention_layernorm.weight"])
        g = x @ w[p + "mlp.gate_proj.weight"].T
        h = h + (torch.nn.functional.silu(g) * (x @ w[p + "mlp.up_proj.weight"].T)) @ w[p + "mlp.down_proj.weight"].T
    return rms(h, w["model.norm.weight"]) @ w["lm_head.weight"].T


def main():
    tokenizer, tokenizer_config, vocab = tokenizer_files()
    ids = [[3 + (7 * j + 3 * r) % (vocab - 3) for j in range(12)] for r in range(2)]
    for name, make, logits in (("gpt2-tiny", gpt2, gpt2_logits), ("llama-tiny", llama, llama_logits)):
        config, weights = make(vocab)
        out = os.path.join(OUT, name)
        os.makedirs(out, exist_ok=True)
        with open(os.path.join(out, "config.json"), "w", encoding="utf-8") as f:
            json.dump(config, f, indent=2)
        with open(os.path.join(out, "tokenizer.json"), "w", encoding="utf-8") as f:
            json.dump(tokenizer, f, indent=2, ensure_ascii=False)
        with open(os.path.join(out, "tokenizer_config.json"), "w", encoding="utf-8") as f:
            json.dump(tokenizer_config, f, indent=2)
        write_safetensors(os.path.join(out, "model.safetensors"), weights)
        with torch.no_grad():
            result = logits(config, weights, ids)
        reference = {"torch": torch.__version__, "inputIds": ids, "logits": [[[round(float(x), 7) for x in row] for row in seq] for seq in result]}
        with open(os.path.join(out, "reference.json"), "w", encoding="utf-8") as f:
            json.dump(reference, f, separators=(",", ":"))
        print(f"{name}: {sum(x.numel() for x in weights.values())} parameters -> {out}", file=sys.stderr)


main()
