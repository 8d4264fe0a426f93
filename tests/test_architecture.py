"""Architecture rules: core is pure, and torch loads only where it is needed."""

import ast
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORE = sorted((ROOT / "core").glob("*.py"))
# Modules allowed to import torch at module level; every other core module imports it lazily.
TORCH_MODULES = {"training.py", "travel.py"}


def _imports(path: Path, *, top_level_only: bool) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    names = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


SERVE = sorted((ROOT / "serve").glob("*.py"))


def test_core_and_serve_never_import_streamlit_or_ui():
    """core is pure; serve's worker processes load torch and core, never Streamlit."""
    assert CORE and SERVE, "core/ and serve/ have modules"
    for path in CORE + SERVE:
        bad = _imports(path, top_level_only=False) & {"streamlit", "ui"}
        assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


def test_torch_imported_at_top_only_by_training_modules():
    for path in CORE:
        if path.name not in TORCH_MODULES:
            assert "torch" not in _imports(path, top_level_only=True), f"core/{path.name} imports torch at top level"


def test_pages_never_import_torch():
    for path in sorted((ROOT / "pages").glob("*.py")) + sorted((ROOT / "ui").rglob("*.py")):
        assert "torch" not in _imports(path, top_level_only=False), f"{path.relative_to(ROOT)} imports torch"


_PROBE = """
import json, sys
sys.path.insert(0, {root!r})
from tests.apptest_utils import open_page
loaded = {{}}
for script in {scripts!r}:
    at = open_page(script, "en", timeout=120)
    assert not at.exception, [e.value for e in at.exception]
    loaded[script] = sorted(m for m in ("torch", "sklearn") if m in sys.modules)
print(json.dumps(loaded))
"""


def test_light_pages_render_without_torch():
    scripts = ["pages/home.py", "pages/entropy.py", "pages/activations.py", "pages/softmax.py"]
    code = _PROBE.format(root=str(ROOT), scripts=scripts)
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    loaded = json.loads(out.stdout.strip().splitlines()[-1])
    assert loaded == {s: [] for s in scripts}, loaded


def test_no_module_over_500_lines():
    """Small modules the next contributor can read whole (the text tables are data, not code)."""
    root = Path(__file__).resolve().parent.parent
    modules = [*root.glob("core/*.py"), *root.glob("serve/*.py"), *root.glob("ui/**/*.py")]
    long = {
        str(p.relative_to(root)): n
        for p in modules
        if p.name != "text.py" and (n := len(p.read_text().splitlines())) > 500
    }
    assert modules and not long, long
