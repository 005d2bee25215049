#!/usr/bin/env python3
"""Signs one person in to `oura-mcp serve --http --public-url` as a browser and an MCP client would, against
fake-oura-api, and writes an "Authorization: Bearer ..." header line to a file (mode 0600) for
http-load-bench --header-file. The flow of tests/integration/HttpRemoteTest.cpp signIn(): dynamic client
registration, /authorize with PKCE S256, the consent page and its browser cookie, the fake Oura sign-in,
our callback, /token. Redirects are followed by hand; no token, code or secret is ever printed.

    remote-signin.py --public-url http://127.0.0.1:PORT --fake-user NAME --out FILE
"""
import argparse
import base64
import hashlib
import http.client
import json
import os
import re
import secrets
import sys
import urllib.parse

REDIRECT = "http://127.0.0.1:47999/callback"  # never contacted: the code is read from the Location header


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def request(method, url, body=None, headers=None):
    """One request, no redirect followed; returns (status, headers dict lower-cased, body text)."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    path = parts.path + ("?" + parts.query if parts.query else "")
    connection.request(method, path, body=body, headers=headers or {})
    reply = connection.getresponse()
    text = reply.read().decode("utf-8", "replace")
    out = {k.lower(): v for k, v in reply.getheaders()}
    connection.close()
    return reply.status, out, text


def expect(step, status, wanted):
    if status != wanted:
        # Only the step and the status: bodies and Locations may carry codes.
        sys.exit(f"remote-signin: {step} answered {status}, expected {wanted}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--public-url", required=True)
    parser.add_argument("--fake-user", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    public = args.public_url.rstrip("/")
    resource = public + "/mcp"

    registration = {"redirect_uris": [REDIRECT], "client_name": "remote-bench",
                     "grant_types": ["authorization_code", "refresh_token"], "response_types": ["code"],
                     "token_endpoint_auth_method": "none"}
    status, _, body = request("POST", public + "/register", json.dumps(registration),
                              {"Content-Type": "application/json"})
    expect("POST /register", status, 201)
    client_id = json.loads(body)["client_id"]

    verifier = b64url(secrets.token_bytes(32))
    challenge = b64url(hashlib.sha256(verifier.encode()).digest())
    state = "state-" + b64url(secrets.token_bytes(12))
    query = urllib.parse.urlencode({"response_type": "code", "client_id": client_id, "redirect_uri": REDIRECT,
                                    "code_challenge": challenge, "code_challenge_method": "S256",
                                    "state": state, "resource": resource})
    status, headers, page = request("GET", public + "/authorize?" + query)
    expect("GET /authorize", status, 200)
    field = re.search(r'<input type="hidden" name="consent" value="([^"]+)">', page)
    if not field:
        sys.exit("remote-signin: no consent field in the consent page")
    cookie = headers.get("set-cookie", "").split(";")[0]
    if not cookie.startswith("omcp_browser="):
        sys.exit("remote-signin: the consent page set no omcp_browser cookie")

    status, headers, _ = request("POST", public + "/authorize/decision",
                                 urllib.parse.urlencode({"consent": field.group(1), "decision": "allow"}),
                                 {"Content-Type": "application/x-www-form-urlencoded", "Origin": public,
                                  "Cookie": cookie})
    expect("POST /authorize/decision", status, 302)
    to_oura = headers["location"] + "&" + urllib.parse.urlencode({"fake_user": args.fake_user})

    status, headers, _ = request("GET", to_oura)
    expect("GET fake Oura /oauth/authorize", status, 302)
    to_callback = headers["location"]
    if not to_callback.startswith(public + "/oauth/oura/callback?"):
        sys.exit("remote-signin: the fake Oura did not send the browser back to our callback")

    status, headers, _ = request("GET", to_callback, headers={"Cookie": cookie})
    expect("GET /oauth/oura/callback", status, 302)
    back = urllib.parse.urlsplit(headers["location"])
    answer = urllib.parse.parse_qs(back.query)
    if answer.get("state") != [state] or "code" not in answer:
        sys.exit("remote-signin: the redirect to the client carries no code or the wrong state")

    form = {"grant_type": "authorization_code", "code": answer["code"][0], "redirect_uri": REDIRECT,
            "code_verifier": verifier, "client_id": client_id, "resource": resource}
    status, _, body = request("POST", public + "/token", urllib.parse.urlencode(form),
                              {"Content-Type": "application/x-www-form-urlencoded"})
    expect("POST /token", status, 200)
    token = json.loads(body)["access_token"]

    descriptor = os.open(args.out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as out:
        out.write("Authorization: Bearer " + token + "\n")


if __name__ == "__main__":
    main()
