"""``make audit``: check the locked dependencies for known vulnerabilities with pip-audit.

Exit 1 when a vulnerability is found. When the vulnerability database cannot be reached (no route to
the PyPI JSON API or OSV), say so and exit 0: an audit that did not run is reported, not passed.
"""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    cmd = [
        str(Path(sys.executable).with_name("pip-audit")),
        "-r", str(ROOT / "constraints.txt"), "--progress-spinner", "off", "--format", "json",
    ]  # fmt: skip
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600, check=False)  # noqa: S603
    except subprocess.TimeoutExpired:
        print("dependency audit NOT RUN: pip-audit timed out reaching its vulnerability database")
        return 0
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError:
        print("dependency audit NOT RUN: the vulnerability database is unreachable")
        print(proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "(no detail)")
        return 0
    deps = report.get("dependencies", [])
    skipped = [d for d in deps if d.get("skip_reason")]
    vulnerable = [d for d in deps if d.get("vulns")]
    if deps and len(skipped) == len(deps):
        print(f"dependency audit NOT RUN: none of {len(deps)} dependencies could be looked up "
              "(vulnerability database unreachable from this network)")  # fmt: skip
        return 0
    for dep in vulnerable:
        ids = ", ".join(v["id"] for v in dep["vulns"])
        print(f"VULNERABLE {dep['name']}=={dep['version']}: {ids}")
    audited = len(deps) - len(skipped)
    print(
        f"dependency audit: {audited} audited, {len(skipped)} not found, {len(vulnerable)} vulnerable"
    )
    return 1 if vulnerable else 0


if __name__ == "__main__":
    sys.exit(main())
