"""The speed table's workloads in PyTorch and scikit-learn, for bench/compare.sh.

Usage: python3 bench/reference.py DATA_DIR REPO_DIR
DATA_DIR holds gaussian_x.f64 and gaussian_y.f64 (go run ./bench/gendata DATA_DIR);
REPO_DIR is the repository (for dataset/data/breast_cancer.csv).
Prints one line per workload: name, seconds per unit, unit, and a note.
"""
import csv
import sys
import time

import numpy as np
import torch
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

torch.set_num_threads(2)
data_dir, repo = sys.argv[1], sys.argv[2]


def report(name, seconds, unit, note=""):
    print(f"{name}\t{seconds:.6g}\t{unit}\t{note}", flush=True)


def train_steps(x, y, batch, epochs, dtype, shuffle=True, lr=0.01):
    """Keras-like loop: Linear(d, 1), BCE with logits (mean), SGD. Seconds per step."""
    torch.manual_seed(0)
    x = torch.tensor(x, dtype=dtype)
    y = torch.tensor(y, dtype=dtype).reshape(-1, 1)
    model = torch.nn.Linear(x.shape[1], 1).to(dtype)
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    n = x.shape[0]
    steps = 0
    start = time.perf_counter()
    for _ in range(epochs):
        order = torch.randperm(n) if shuffle else torch.arange(n)
        for s in range(0, n, batch):
            idx = order[s:s + batch]
            opt.zero_grad()
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
            steps += 1
    return (time.perf_counter() - start) / steps


seed_x = np.array([[1.0, 1.0], [2.0, 2.0]])
seed_y = np.array([0.0, 1.0])
report("seed SGD step", train_steps(seed_x, seed_y, 32, 5000, torch.float64), "step")

# nnlr compare --runs 8 --epochs RUNS_EPOCHS trains 8 seeds of the seed problem: the
# peer is the same 8 trainings one after the other (PyTorch has no stacking of its own).
RUNS_EPOCHS = 20000
start = time.perf_counter()
for _ in range(8):
    train_steps(seed_x, seed_y, 32, RUNS_EPOCHS, torch.float64)
report("seed 8 runs", time.perf_counter() - start, "8 runs", f"{RUNS_EPOCHS} epochs each, training only")

with open(f"{repo}/dataset/data/breast_cancer.csv") as f:
    rows = list(csv.reader(f))[1:]
bc_x = StandardScaler().fit_transform(np.array([[float(v) for v in r[:-1]] for r in rows]))
bc_y = np.array([1.0 if r[-1] == "malignant" else 0.0 for r in rows])
for name, dt in (("float64", torch.float64), ("float32", torch.float32)):
    report(f"breast-cancer batch 32 step {name}", train_steps(bc_x, bc_y, 32, 100, dt), "step")

gx = np.fromfile(f"{data_dir}/gaussian_x.f64", dtype="<f8").reshape(200_000, 50)
gy = np.fromfile(f"{data_dir}/gaussian_y.f64", dtype="<f8")
for name, dt in (("float64", torch.float64), ("float32", torch.float32)):
    train_steps(gx, gy, 200_000, 1, dt, shuffle=False)  # warm-up
    report(f"200000x50 full-batch epoch {name}", train_steps(gx, gy, 200_000, 10, dt, shuffle=False), "epoch")

for name, x, y, tol in (("SAG breast-cancer", bc_x, bc_y, 1e-8), ("SAG 200000x50", gx, gy, 1e-4)):
    clf = LogisticRegression(C=1.0, solver="sag", tol=tol, max_iter=100_000, random_state=0)
    start = time.perf_counter()
    clf.fit(x, y)
    report(name, time.perf_counter() - start, "fit", f"{clf.n_iter_[0]} epochs")
