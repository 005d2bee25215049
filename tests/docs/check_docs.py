#!/usr/bin/env python3
"""The README and docs/ must not drift from the product: every JSON snippet parses, every relative link
points at a file that exists, and every command of the README's command-line section runs (in --demo mode,
with an empty environment) and exits 0.

Usage: check_docs.py SOURCE_DIR OURA_MCP_BINARY
"""
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile

source_dir, binary = sys.argv[1], sys.argv[2]
failures = []


def fenced_blocks(text, language):
    return re.findall(r"```" + language + r"\n(.*?)```", text, flags=re.S)


def section(text, heading):
    match = re.search(r"^## " + re.escape(heading) + r"\n(.*?)(?=^## |\Z)", text, flags=re.S | re.M)
    return match.group(1) if match else ""


documents = ["README.md", "config/README.md"] + [
    os.path.join("docs", name) for name in sorted(os.listdir(os.path.join(source_dir, "docs"))) if name.endswith(".md")
]
for document in documents:
    path = os.path.join(source_dir, document)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    for number, block in enumerate(fenced_blocks(text, "json"), 1):
        try:
            json.loads(block)
        except json.JSONDecodeError as e:
            failures.append(f"{document}: JSON block {number} does not parse: {e}")
    for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", text):
        if re.match(r"[a-z]+://", target) or target.startswith("mailto:"):
            continue
        if not os.path.exists(os.path.join(os.path.dirname(path), target)):
            failures.append(f"{document}: link to {target} points at nothing")

with open(os.path.join(source_dir, "README.md"), encoding="utf-8") as f:
    readme = f.read()
commands = [line.split("#")[0].strip() for block in fenced_blocks(section(readme, "The command line"), "sh")
            for line in block.splitlines()]
commands = [c for c in commands if c.startswith("oura-mcp")]
if len(commands) < 5:
    failures.append(f"README 'The command line' lists {len(commands)} commands; expected the full list")
with tempfile.TemporaryDirectory() as home:
    for command in commands:
        argv = [binary, "--demo"] + shlex.split(command)[1:]
        result = subprocess.run(argv, env={"HOME": home}, capture_output=True, text=True, timeout=60)
        if result.returncode != 0 or not result.stdout.strip():
            failures.append(f"README command `{command}` (run as --demo) exited {result.returncode}: "
                            f"{result.stderr.strip()[-500:]}")
        else:
            print(f"ok: {command} ({len(result.stdout)} bytes)")

for failure in failures:
    print("FAIL:", failure)
sys.exit(1 if failures else 0)
