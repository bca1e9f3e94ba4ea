#!/usr/bin/env python3
"""eager_dinov3.py against the golden DINOv3 outputs (../shared/data/golden, dino-reference.md section 7): every
output tensor within the golden tolerance (max-abs 1e-5), so that `bench startup --eager` compares DinoLens with a
correct eager PyTorch implementation. Exit 77 (skipped) without python3-torch or the golden data."""
import json
import os
import subprocess
import sys
import tempfile

SKIP = 77
here = os.path.dirname(os.path.abspath(__file__))
data = os.environ.get("DINOLENS_DATA") or os.path.join(here, "..", "..", "..", "shared", "data")
golden = os.path.join(data, "golden")
try:
    import torch  # noqa: F401
except ImportError:
    print("SKIP: python3-torch is not installed (apt-get install python3-torch)")
    sys.exit(SKIP)
if not os.path.isfile(os.path.join(golden, "manifest.json")):
    print(f"SKIP: no golden data at {golden} (set DINOLENS_DATA)")
    sys.exit(SKIP)
sys.path.insert(0, here)
from eager_dinov3 import read_safetensors  # noqa: E402

manifest = json.load(open(os.path.join(golden, "manifest.json")))
checked, failures = 0, 0
with tempfile.TemporaryDirectory() as work:
    for name, case in sorted(manifest["cases"].items()):
        model = case["model"]
        if manifest["models"][model]["kind"] != "dinov3":
            continue
        output = os.path.join(work, name + ".safetensors")
        subprocess.run([sys.executable, os.path.join(here, "eager_dinov3.py"), "forward", "--all-outputs",
                        "--config", os.path.join(golden, model + ".config.json"),
                        "--weights", os.path.join(golden, manifest["models"][model]["weights"]),
                        "--input", os.path.join(golden, case["input"]), "--output", output], check=True)
        ours, expected = read_safetensors(output), read_safetensors(os.path.join(golden, case["output"]))
        for key, tensor in sorted(expected.items()):
            if key not in ours or ours[key].shape != tensor.shape:
                print(f"FAIL {name} {key}: missing or of shape {tuple(ours[key].shape) if key in ours else None}")
                failures += 1
                continue
            difference = (ours[key] - tensor).abs().max().item()
            status = "ok" if difference <= 1e-5 else "FAIL"
            failures += status == "FAIL"
            print(f"{status} {name} {key}: max-abs {difference:.3g}")
        checked += 1
if checked == 0:
    print("FAIL: no DINOv3 case in the golden manifest")
    sys.exit(1)
print(f"{checked} DINOv3 cases, {failures} tensors beyond 1e-5")
sys.exit(1 if failures else 0)
