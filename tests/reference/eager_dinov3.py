#!/usr/bin/env python3
"""DINOv3 ViT forward pass in eager PyTorch, as Hugging Face's DINOv3ViTModel computes it.

The comparison point of `dinolens-cli bench startup --eager`: the whole features job (load a checkpoint, forward a
batch, write last_hidden_state, pooler_output and the last layer's hidden state, as `dinolens-cli features --layers
<L>` does) done the way a Python user does it, with Debian's python3-torch. It reads and writes
safetensors by hand (no safetensors package in Debian 12). `tst_eager_reference` checks it against the golden
outputs in ../shared/data/golden, so that the comparison is against a correct implementation.

  eager_dinov3.py forward --config C --weights W --input I --output O [--threads N]
  eager_dinov3.py make-vitb --out DIR [--images 8] [--size 224]
      a random DINOv3 ViT-B/16 snapshot (config.json, model.safetensors) and pixel_values [images, 3, size, size]
"""
import argparse
import json
import math
import os
import struct
import sys

import torch
import torch.nn.functional as F

DTYPES = {"F32": torch.float32}


def read_safetensors(path):
    with open(path, "rb") as file:
        data = bytearray(file.read())
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + length])
    body = memoryview(data)[8 + length :]
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        if entry["dtype"] not in DTYPES:
            raise ValueError(f"{path}: {name} is {entry['dtype']}, only F32 is read")
        begin, end = entry["data_offsets"]
        flat = torch.frombuffer(body[begin:end], dtype=DTYPES[entry["dtype"]]) if end > begin else torch.empty(0)
        tensors[name] = flat.reshape(entry["shape"])
    return tensors


def write_safetensors(path, tensors):
    header, offset, blobs = {}, 0, []
    for name in sorted(tensors):
        blob = tensors[name].detach().contiguous().to(torch.float32).numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(blob)]}
        offset += len(blob)
        blobs.append(blob)
    header["__metadata__"] = {"format": "pt"}
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as file:
        file.write(struct.pack("<Q", len(text)))
        file.write(text)
        for blob in blobs:
            file.write(blob)


def rope_tables(config, gh, gw):
    dh = config["hidden_size"] // config["num_attention_heads"]
    inv_freq = 1.0 / config["rope_theta"] ** torch.arange(0, 1, 4 / dh, dtype=torch.float32)
    cy = 2 * ((torch.arange(gh, dtype=torch.float32) + 0.5) / gh) - 1
    cx = 2 * ((torch.arange(gw, dtype=torch.float32) + 0.5) / gw) - 1
    coords = torch.stack(torch.meshgrid(cy, cx, indexing="ij"), dim=-1).flatten(0, 1)  # [gh*gw, 2] (y, x)
    angles = 2 * math.pi * coords[:, :, None] * inv_freq[None, None, :]  # [gh*gw, 2, dh/4]
    angles = angles.flatten(1, 2).tile(2)  # [gh*gw, dh]: y, x, y, x
    return torch.cos(angles), torch.sin(angles)


def rotate_half(u):
    half = u.shape[-1] // 2
    return torch.cat((-u[..., half:], u[..., :half]), dim=-1)


def forward(config, w, pixels, keep_hidden=False):
    d, heads = config["hidden_size"], config["num_attention_heads"]
    dh, eps, patch = d // heads, config["layer_norm_eps"], config["patch_size"]
    registers = config["num_register_tokens"]
    prefix = 1 + registers
    b, _, h, wd = pixels.shape
    gh, gw = h // patch, wd // patch
    pixels = pixels[:, :, : gh * patch, : gw * patch]
    t = F.conv2d(pixels, w["embeddings.patch_embeddings.weight"], w["embeddings.patch_embeddings.bias"], stride=patch)
    t = t.flatten(2).transpose(1, 2)
    t = torch.cat([w["embeddings.cls_token"].expand(b, -1, -1), w["embeddings.register_tokens"].expand(b, -1, -1), t], 1)
    cos, sin = rope_tables(config, gh, gw)
    hidden = [t]
    for n in range(config["num_hidden_layers"]):
        p = f"layer.{n}."
        a = F.layer_norm(t, (d,), w[p + "norm1.weight"], w[p + "norm1.bias"], eps)

        def project(name, bias=True):
            out = F.linear(a, w[p + f"attention.{name}.weight"], w.get(p + f"attention.{name}.bias") if bias else None)
            return out.view(b, -1, heads, dh).transpose(1, 2)

        q, k, v = project("q_proj"), project("k_proj", config.get("key_bias", False)), project("v_proj")
        q = torch.cat([q[:, :, :prefix], q[:, :, prefix:] * cos + rotate_half(q[:, :, prefix:]) * sin], 2)
        k = torch.cat([k[:, :, :prefix], k[:, :, prefix:] * cos + rotate_half(k[:, :, prefix:]) * sin], 2)
        scores = torch.softmax((q @ k.transpose(-1, -2)) * dh**-0.5, dim=-1)
        o = (scores @ v).transpose(1, 2).reshape(b, -1, d)
        o = F.linear(o, w[p + "attention.o_proj.weight"], w.get(p + "attention.o_proj.bias"))
        t = t + w[p + "layer_scale1.lambda1"] * o
        y = F.layer_norm(t, (d,), w[p + "norm2.weight"], w[p + "norm2.bias"], eps)
        if config.get("use_gated_mlp", False):
            act = F.silu if config["hidden_act"] == "silu" else F.gelu
            gate = F.linear(y, w[p + "mlp.gate_proj.weight"], w.get(p + "mlp.gate_proj.bias"))
            m = act(gate) * F.linear(y, w[p + "mlp.up_proj.weight"], w.get(p + "mlp.up_proj.bias"))
        else:
            m = F.gelu(F.linear(y, w[p + "mlp.up_proj.weight"], w.get(p + "mlp.up_proj.bias")))
        t = t + w[p + "layer_scale2.lambda1"] * F.linear(m, w[p + "mlp.down_proj.weight"], w.get(p + "mlp.down_proj.bias"))
        if keep_hidden:
            hidden.append(t)
    last = F.layer_norm(t, (d,), w["norm.weight"], w["norm.bias"], eps)
    outputs = {"last_hidden_state": last, "pooler_output": last[:, 0], f"hidden_states.{config['num_hidden_layers']}": t}
    if keep_hidden:
        outputs.update({f"hidden_states.{i}": state for i, state in enumerate(hidden)})
        outputs.update({"rope_cos": cos, "rope_sin": sin})
    return outputs


def command_forward(args):
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    with open(args.config) as file:
        config = json.load(file)
    if config.get("model_type") != "dinov3_vit":
        sys.exit(f"{args.config}: model_type {config.get('model_type')!r} is not dinov3_vit")
    weights = read_safetensors(args.weights)
    pixels = read_safetensors(args.input)["pixel_values"]
    with torch.inference_mode():
        outputs = forward(config, weights, pixels, keep_hidden=args.all_outputs)
    write_safetensors(args.output, outputs)


def command_make_vitb(args):
    """Random weights of DINOv3 ViT-B/16 as the golden models are drawn (dino-reference.md section 7)."""
    config = {"model_type": "dinov3_vit", "architectures": ["DINOv3ViTModel"], "hidden_size": 768,
              "intermediate_size": 3072, "num_hidden_layers": 12, "num_attention_heads": 12, "hidden_act": "gelu",
              "layer_norm_eps": 1e-5, "rope_theta": 100.0, "image_size": 224, "patch_size": 16, "query_bias": True,
              "key_bias": False, "value_bias": True, "proj_bias": True, "mlp_bias": True, "layerscale_value": 1.0,
              "use_gated_mlp": False, "num_register_tokens": 4, "num_channels": 3, "pos_embed_rescale": 2.0}
    generator = torch.Generator().manual_seed(7)
    d, mlp = config["hidden_size"], config["intermediate_size"]

    def normal(*shape, scale=1.0):
        return torch.randn(*shape, generator=generator) * scale

    w = {"embeddings.cls_token": normal(1, 1, d, scale=0.02), "embeddings.mask_token": torch.zeros(1, 1, d),
         "embeddings.register_tokens": normal(1, 4, d, scale=0.02),
         "embeddings.patch_embeddings.weight": normal(d, 3, 16, 16, scale=0.02),
         "embeddings.patch_embeddings.bias": normal(d, scale=0.1),
         "norm.weight": 1 + normal(d, scale=0.1), "norm.bias": normal(d, scale=0.1)}
    for n in range(config["num_hidden_layers"]):
        p = f"layer.{n}."
        for norm in ("norm1", "norm2"):
            w[p + norm + ".weight"], w[p + norm + ".bias"] = 1 + normal(d, scale=0.1), normal(d, scale=0.1)
        for name in ("q_proj", "k_proj", "v_proj", "o_proj"):
            w[p + f"attention.{name}.weight"] = normal(d, d, scale=d**-0.5)
            if name != "k_proj":
                w[p + f"attention.{name}.bias"] = normal(d, scale=0.1)
        w[p + "mlp.up_proj.weight"], w[p + "mlp.up_proj.bias"] = normal(mlp, d, scale=d**-0.5), normal(mlp, scale=0.1)
        w[p + "mlp.down_proj.weight"] = normal(d, mlp, scale=mlp**-0.5)
        w[p + "mlp.down_proj.bias"] = normal(d, scale=0.1)
        for scale in ("layer_scale1", "layer_scale2"):
            w[p + scale + ".lambda1"] = torch.rand(d, generator=generator) * 0.9 + 0.1
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "config.json"), "w") as file:
        json.dump(config, file, indent=2)
    write_safetensors(os.path.join(args.out, "model.safetensors"), w)
    write_safetensors(os.path.join(args.out, "pixel_values.safetensors"),
                      {"pixel_values": normal(args.images, 3, args.size, args.size)})


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("forward", help="load, forward, write")
    run.add_argument("--config", required=True)
    run.add_argument("--weights", required=True)
    run.add_argument("--input", required=True, help="safetensors with pixel_values [B, 3, H, W]")
    run.add_argument("--output", required=True)
    run.add_argument("--threads", type=int, default=0, help="intra-op threads (0: PyTorch's choice)")
    run.add_argument("--all-outputs", action="store_true", help="also every hidden state and the RoPE tables")
    make = commands.add_parser("make-vitb", help="random DINOv3 ViT-B/16 snapshot and pixel_values")
    make.add_argument("--out", required=True)
    make.add_argument("--images", type=int, default=8)
    make.add_argument("--size", type=int, default=224)
    args = parser.parse_args()
    {"forward": command_forward, "make-vitb": command_make_vitb}[args.command](args)


if __name__ == "__main__":
    main()
