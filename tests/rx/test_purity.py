"""The engine imports only the standard library and itself (the import-linter contract's twin)."""

import ast
import sys
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[2] / "clinic" / "rx"


def imported_modules(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path.name}: use absolute imports"
            names.append(node.module or "")
    return names


def test_engine_imports_only_stdlib_and_itself() -> None:
    files = sorted(ENGINE.glob("*.py"))
    assert files
    offenders = [
        f"{path.name}: {name}"
        for path in files
        for name in imported_modules(path)
        if not (name == "clinic.rx" or name.startswith("clinic.rx."))
        and name.split(".")[0] not in sys.stdlib_module_names
    ]
    assert offenders == []
