#!/usr/bin/env python3
"""What a model reads in the session benchmark: the bytes of tools/list and of the ten questions.

Runs one --demo session against an oura-mcp binary (fixed clock and zone, so every run sees the same data)
and prints, as JSON:
  tools_list.model_visible  name + description + inputSchema of every tool, compact JSON (what a model
                            reads before the first question)
  tools_list.output_schemas the output schemas, compact JSON
  tools_list.line           the whole JSON-RPC line of tools/list (what crosses the pipe)
  calls[i].text_bytes       the text block of each answer (what a model reads)
  calls[i].line_bytes       the whole JSON-RPC line (text block + structuredContent)

    bench/answer-bytes.py build/dev/stage/bin/oura-mcp > after.json
    bench/answer-bytes.py --compare bench/answer-bytes-before.json after.json

The ten questions are those of the peak-RSS session of bench/run-all.sh. The recorded figures are in
bench/answer-bytes-before.json and bench/answer-bytes-after.json (docs/performance.md).
"""
import json
import subprocess
import sys

QUESTIONS = [
    ("get_daily_sleep", {"start_date": "last week"}),
    ("get_daily_readiness", {"start_date": "last 30 days"}),
    ("get_daily_activity", {"start_date": "last 30 days"}),
    ("get_heartrate", {"start_datetime": "yesterday"}),
    ("get_heartrate", {"start_datetime": "last 30 days"}),
    ("get_sleep_periods", {"start_date": "last week"}),
    ("get_workouts", {"start_date": "last 30 days"}),
    ("get_personal_info", {}),
    ("get_ring_battery_level", {"start_date": "last 3 days"}),
    ("get_daily_stress", {"start_date": "last week"}),
]
ENV = {"OURA_MCP_NOW": "2026-11-20T12:00:00Z", "OURA_MCP_TIME_ZONE": "Europe/Berlin", "HOME": "/nonexistent"}


def compact(value):
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def measure(binary):
    lines = [{"jsonrpc": "2.0", "id": 0, "method": "initialize",
              "params": {"protocolVersion": "2025-11-25", "capabilities": {},
                         "clientInfo": {"name": "answer-bytes", "version": "1"}}},
             {"jsonrpc": "2.0", "method": "notifications/initialized"},
             {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}]
    for i, (name, args) in enumerate(QUESTIONS):
        lines.append({"jsonrpc": "2.0", "id": 2 + i, "method": "tools/call",
                      "params": {"name": name, "arguments": args}})
    proc = subprocess.run([binary, "--demo"], input="".join(compact(m) + "\n" for m in lines),
                          capture_output=True, text=True, timeout=120, env=ENV)
    answers = {}
    for raw in proc.stdout.splitlines():
        message = json.loads(raw)
        if "id" in message:
            answers[message["id"]] = (message, len(raw.encode()))
    tools = answers[1][0]["result"]["tools"]
    visible = sum(len(compact({"name": t["name"], "description": t.get("description", ""),
                               "inputSchema": t["inputSchema"]}).encode()) for t in tools)
    out = {"tools_list": {"tools": len(tools), "model_visible": visible,
                          "output_schemas": sum(len(compact(t.get("outputSchema", {})).encode()) for t in tools),
                          "line": answers[1][1],
                          "instructions": len(answers[0][0]["result"].get("instructions", "").encode())},
           "calls": []}
    for i, (name, args) in enumerate(QUESTIONS):
        message, line = answers[2 + i]
        result = message["result"]
        if result.get("isError"):
            sys.exit("%s %s failed: %s" % (name, compact(args), result["content"][0]["text"]))
        text = result["content"][0]["text"]
        out["calls"].append({"tool": name, "arguments": args, "text_bytes": len(text.encode()), "line_bytes": line})
    return out


def compare(before, after):
    b, a = json.load(open(before)), json.load(open(after))
    row = "| %-58s | %9s | %9s | %6s |"
    print(row % ("", "before", "after", "change"))
    print("|-%s-|-%s-|-%s-|-%s-|" % ("-" * 58, "-" * 9, "-" * 9, "-" * 6))
    pct = lambda x, y: "%+.0f%%" % (100.0 * (y - x) / x) if x else ""
    for key in ("model_visible", "output_schemas", "line"):
        x, y = b["tools_list"][key], a["tools_list"][key]
        print(row % ("tools/list " + key.replace("_", " "), x, y, pct(x, y)))
    tx = ty = 0
    for cb, ca in zip(b["calls"], a["calls"]):
        x, y = cb["text_bytes"], ca["text_bytes"]
        tx, ty = tx + x, ty + y
        print(row % ("%s %s (text)" % (cb["tool"], compact(cb["arguments"])), x, y, pct(x, y)))
    print(row % ("the ten answers together (text)", tx, ty, pct(tx, ty)))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--compare":
        compare(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 2:
        print(json.dumps(measure(sys.argv[1]), indent=1))
    else:
        sys.exit(__doc__)
