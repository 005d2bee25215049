#!/usr/bin/env python3
"""Writes the seed corpora under tests/fuzz/corpus/ (checked in; rerun after changing a harness's input
layout). The dates and registrar seeds follow FuzzedDataProvider's layout: strings from the front (a
backslash is doubled, "\\" plus another byte ends a string), integers from the back, most significant byte
last-consumed-first. Usage: tests/fuzz/make_seeds.py"""
import json
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")


def write(target, name, data):
    os.makedirs(os.path.join(CORPUS, target), exist_ok=True)
    with open(os.path.join(CORPUS, target, name), "wb") as f:
        # Strings may carry lone surrogates (\udcXX) for bytes that are not UTF-8.
        f.write(data if isinstance(data, bytes) else data.encode("utf-8", "surrogateescape"))


# ---- FuzzedDataProvider encoding ---------------------------------------------------------------------------

def fdp_string(text):
    raw = text if isinstance(text, bytes) else text.encode()
    return raw.replace(b"\\", b"\\\\") + b"\\x"


def fdp_int(value, lo, hi):
    """The tail bytes (in file order) that ConsumeIntegralInRange(lo, hi) turns into value."""
    span, used = hi - lo, 0
    while used < 64 and (span >> used) > 0:
        used += 8
    return (value - lo).to_bytes(used // 8, "little")


# ---- mcp: what clients write to stdin (shapes from /work/shared/mcp/NOTES.md section 3) ----------------------

def lines(*messages):
    return "".join((m if isinstance(m, str) else json.dumps(m, separators=(",", ":"))) + "\n" for m in messages)


def request(id_, method, params=None):
    m = {"jsonrpc": "2.0", "id": id_, "method": method}
    if params is not None:
        m["params"] = params
    return m


def notification(method, params=None):
    m = {"jsonrpc": "2.0", "method": method}
    if params is not None:
        m["params"] = params
    return m


def initialize(id_, version, capabilities=None, client="fuzz"):
    return request(id_, "initialize", {"protocolVersion": version, "capabilities": capabilities or {},
                                       "clientInfo": {"name": client, "version": "1.0"}})


MODERN_META = {"io.modelcontextprotocol/protocolVersion": "2026-07-28",
               "io.modelcontextprotocol/clientCapabilities": {},
               "io.modelcontextprotocol/clientInfo": {"name": "sdk-v2", "version": "2.4.0"}}


def modern(id_, method, params=None, **meta):
    p = dict(params or {})
    p["_meta"] = dict(MODERN_META, **meta)
    return request(id_, method, p)


def mcp_seeds():
    write("mcp", "inspector_legacy.jsonl", lines(
        initialize(0, "2025-11-25", {"roots": {"listChanged": True},
                                     "extensions": {"io.modelcontextprotocol/tasks": {},
                                                    "io.modelcontextprotocol/skills": {}}}, "inspector-cli"),
        notification("notifications/initialized"),
        request(1, "logging/setLevel", {"level": "debug"}),
        request(2, "tools/list"),
        request(3, "tools/call", {"name": "echo", "arguments": {"text": "hi"}, "_meta": {"progressToken": 7}})))
    write("mcp", "sdk_v1_everything.jsonl", lines(
        initialize(1, "2025-11-25"),
        notification("notifications/initialized"),
        request(2, "resources/list"),
        request(3, "resources/templates/list"),
        request(4, "prompts/list"),
        request(5, "resources/read", {"uri": "fuzz://static"}),
        request(6, "resources/read", {"uri": "fuzz://item/42"}),
        request(7, "resources/read", {"uri": "fuzz://busy"}),
        request(8, "resources/read", {"uri": "nope://x"}),
        request(9, "prompts/get", {"name": "greet", "arguments": {"name": "Ann"}}),
        request(10, "prompts/get", {"name": "greet", "arguments": {}}),
        request(11, "completion/complete", {"ref": {"type": "ref/prompt", "name": "greet"},
                                            "argument": {"name": "name", "value": "Al"}}),
        request(12, "tools/call", {"name": "fail", "arguments": {}}),
        request(13, "tools/call", {"name": "missing", "arguments": {}}),
        request(14, "ping"),
        request("s-15", "tools/list", {"cursor": "MQ"})))
    write("mcp", "modern_discover.jsonl", lines(
        modern("server-discover-probe-1", "server/discover"),
        modern(1, "tools/list"),
        modern(2, "tools/call", {"name": "echo", "arguments": {"text": "x"}},
               **{"io.modelcontextprotocol/logLevel": "debug", "progressToken": "p"}),
        modern(3, "resources/read", {"uri": "fuzz://static"}),
        request(4, "tools/list", {"_meta": {"io.modelcontextprotocol/protocolVersion": "2099-01-01",
                                            "io.modelcontextprotocol/clientCapabilities": {}}})))
    write("mcp", "batch_2025_03_26.jsonl", lines(
        initialize(1, "2025-03-26"),
        notification("notifications/initialized"),
        [request(2, "ping"), notification("notifications/progress", {"progressToken": 1, "progress": 1}),
         request(3, "tools/call", {"name": "echo", "arguments": {"text": "in a batch"}})],
        []))
    write("mcp", "legacy_2024_11_05.jsonl", lines(
        initialize(1, "2024-11-05"), notification("notifications/initialized"),
        request(2, "tools/call", {"name": "echo", "arguments": {"text": 5}}),
        notification("notifications/cancelled", {"requestId": 2, "reason": "user"}),
        initialize(3, "2025-06-18")))
    write("mcp", "malformed.jsonl",
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"\r\n"
          "\n   \n"
          "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n"
          "{\"jsonrpc\":\"1.0\",\"id\":2,\"method\":\"ping\"}\n"
          "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}\n"
          "{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"ping\"}\n"
          "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"}\n"
          "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":7}\n"
          "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":[1]}\n"
          "{\"jsonrpc\":\"2.0\",\"id\":5,\"result\":{}}\n"
          "\"\udcff\udcfe\"\n"
          "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"unknown/method\"}\n"
          "{\"jsonrpc\":\"2.0\",\"id\":9007199254740993,\"method\":\"ping\"}\n"
          "{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"ping\",\"params\":{\"x\":1e999}}\n"
          "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}{\"x\":1}\n"
          "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"ping\"")
    write("mcp", "oversize.jsonl", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\""
          + "x" * 5000 + "\"}}\n" + lines(request(2, "ping")))


# ---- dates ----------------------------------------------------------------------------------------------------

MIN_MS, MAX_MS = -2208988800000, 7258118400000
MAY_15_2024_NOON_UTC = 1715774400000


def dates_resolve(name, start, end, zone=0, now=MAY_15_2024_NOON_UTC):
    write("dates", name, fdp_string(start) + end.encode() + fdp_int(now, MIN_MS, MAX_MS) + bytes([zone, 0]))


def dates_seeds():
    dates_resolve("resolve_default", "", "")
    dates_resolve("resolve_iso_range", "2024-05-01", "2024-05-07")
    dates_resolve("resolve_last_week_berlin", "last week", "", zone=4)
    dates_resolve("resolve_phrases", "the last_7_days", "yesterday", zone=6)
    dates_resolve("resolve_months_ago", "3 months ago", "previous month", zone=1)
    dates_resolve("resolve_weekday", "last monday", "sunday", zone=7)
    dates_resolve("resolve_this_year", "this year", "today", zone=2, now=1704067199000)
    dates_resolve("resolve_datetime", "2024-05-01T23:30:00+02:00", "day before yesterday", zone=5)
    dates_resolve("resolve_bad", "2024-02-30", "next week")
    dates_resolve("resolve_too_long", "1900-01-01", "2200-01-01")
    for name, text in [("civil_leap", "2024-02-29"), ("civil_end", "9999-12-31"), ("civil_zero", "0000-01-01")]:
        write("dates", name, fdp_string(text) + fdp_int(-31, -12000, 12000) + fdp_int(366, -400000, 400000)
              + b"\x01")
    for i, text in enumerate(["2024-05-01T01:05:00+02:00", "2024-05-01t23:59:60.999z", "2024-05-01 07:30",
                              "2024-05-01T07:30:00.123456-0930", "2024-05-01T07:30+05"]):
        write("dates", "iso_%d" % i, text.encode() + b"\x02")
    queries = b"".join(fdp_int(ms, MIN_MS, MAX_MS) for ms in
                       (1711846800000, 1729990800000, 0, MAY_15_2024_NOON_UTC))
    for zone in ["Europe/Berlin", "Australia/Lord_Howe", "America/St_Johns", "UTC"]:
        with open(os.path.join("/usr/share/zoneinfo", zone), "rb") as f:
            write("dates", "tzif_" + zone.replace("/", "_"), fdp_string(f.read()) + queries + b"\x03")
    for i, rule in enumerate(["CET-1CEST,M3.5.0,M10.5.0/3", "<+0530>-5:30", "EST5EDT",
                              "<-03>3<-02>,M3.5.0/-2,M10.5.0/-1", "XXX3YYY,J60/25,300/-1:30:15"]):
        write("dates", "posix_%d" % i, fdp_string(rule) + queries + fdp_int(1711846800, MIN_MS // 1000,
                                                                                 MAX_MS // 1000) + b"\x04")
    # Regression: a DST end on day 0 at -1:03:15 falls on December 31; offsetAt was wrong for the hour after.
    write("dates", "posix_year_edge", b"XXX1YYY,J60/25,0/-1:3:15\\\x00"
          + b"\x00" * 4 + b"\x08" + b"\x00" * 25 + b"\x04")


# ---- plugin_result: [path byte][script]; script ops [op][len][payload] (see script_plugin.c) ---------------

def op(code, payload=b""):
    payload = payload if isinstance(payload, bytes) else payload.encode()
    return bytes([code, len(payload)]) + payload


def plugin_seeds():
    good = json.dumps({"day": "2024-05-01", "score": 80, "ratio": 0.5, "label": "ok", "kind": None, "v": 1,
                       "tags": ["a"], "next": {"day": "x"}, "one": 3, "all": "ab", "extra": {"x": True}},
                      separators=(",", ":"))
    write("plugin_result", "tool_structured_ok", b"\x00" + op(0, "Your score was 80.") + op(1, good))
    write("plugin_result", "tool_structured_only_json", b"\x00" + op(1, '{"day":"2024-05-01"}'))
    write("plugin_result", "tool_structured_violates", b"\x00" + op(1, '{"day":"2024-05-01","score":101}'))
    write("plugin_result", "tool_structured_missing", b"\x00" + op(0, "text only"))
    write("plugin_result", "tool_invalid_json", b"\x00" + op(1, '{"day":'))
    write("plugin_result", "tool_error_then_ok", b"\x00" + op(2, "No data for that day.") + op(4, b"\x00"))
    write("plugin_result", "tool_status_auth", b"\x01" + op(0, "partial") + op(4, b"\xfc"))
    write("plugin_result", "tool_status_unknown", b"\x01" + op(4, b"\x7f"))
    write("plugin_result", "tool_plain_mixed", b"\x01" + op(0, b"a\xff\xfe b") + op(1, "[1,2,{\"x\":null}]")
          + op(5, b"\x01\x02half") + op(6) + op(7, b"\x02warning"))
    write("plugin_result", "tool_plain_two_json", b"\x01" + op(1, "1") + op(1, "\"two\""))
    write("plugin_result", "resource_json", b"\x02" + op(1, good))
    write("plugin_result", "resource_text", b"\x02" + op(0, "plain text"))
    write("plugin_result", "resource_nothing", b"\x02" + op(4, b"\xfe"))
    write("plugin_result", "section_json", b"\x03" + op(1, '{"score":1}'))
    write("plugin_result", "section_text_only", b"\x03" + op(0, "not json"))
    write("plugin_result", "prompt_messages", b"\x04" + op(3, "\x00Summarise my sleep.") + op(3, "\x01Sure."))
    write("plugin_result", "prompt_bad_role", b"\x04" + op(3, "\x02system"))
    write("plugin_result", "prompt_error", b"\x04" + op(2, "hex must name a week"))
    write("plugin_result", "schema_basic",
          b"\x05" + b'{"type":"object","properties":{"a":{"type":"integer","minimum":1}},"required":["a"]}\n'
          + b'{"a":0}')
    write("plugin_result", "schema_combinators",
          b"\x05" + b'{"anyOf":[{"type":"string","maxLength":2},{"oneOf":[{"const":1},{"enum":[1,2]}]}],'
          + b'"items":{"type":"number"},"minItems":1}\n[1.5,2]')
    write("plugin_result", "schema_bool", b"\x05false\n{}")
    # Regression: a number beyond double range used to escape JsonReader as out_of_range (no response).
    write("plugin_result", "schema_number_overflow", b"\x05{\"minimum\":1e999}\n1")
    write("plugin_result", "template_match", b"\x06oura://summary/{date}\noura://summary/2024-05-01")
    write("plugin_result", "template_two_vars", b"\x06fuzz://{a}/x/{b}\nfuzz://%41%2f/x/b%zz")
    write("plugin_result", "template_bad", b"\x06oura://{+path}{x}{x}\noura://a")
    write("plugin_result", "registrar_a", b"\x07" + fdp_string("get_sleep") + fdp_string("Sleep")
          + fdp_string("Reads sleep") + fdp_string('{"type":"object"}') + fdp_string('{"type":"object"}')
          + fdp_string("daily") + fdp_string("oura://x/{day}") + fdp_string("application/json") + bytes(16))
    write("plugin_result", "registrar_b", b"\x07" + fdp_string("taken_tool") + fdp_string("")
          + fdp_string("") + fdp_string('{"type":"array"}') + fdp_string("{") + fdp_string("secret")
          + fdp_string("fuzz://taken") + fdp_string("") + b"\xff" * 16)


if __name__ == "__main__":
    for target in ("mcp", "dates", "plugin_result"):
        shutil.rmtree(os.path.join(CORPUS, target), ignore_errors=True)
    mcp_seeds()
    dates_seeds()
    plugin_seeds()
