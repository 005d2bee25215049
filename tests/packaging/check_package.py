#!/usr/bin/env python3
"""Checks a built oura-mcp package by installing it into a temporary folder and running the server from there
with a scrubbed environment (no inherited variables, an empty HOME): --version, the bundled plugins are found
relative to the binary, and an MCP conversation in demo mode (initialize, tools/list with every tool, one
tools/call).

  check_package.py deb  FILE --version V --plugins a,b,c
  check_package.py tgz  FILE --version V --plugins a,b,c
  check_package.py mcpb FILE --version V --plugins a,b,c --mcpb PATH-TO-MCPB-CLI
  check_package.py zip  FILE --version V --plugins a,b,c --runner packaging/windows/wine-run
  check_package.py mcpb FILE --version V --plugins a,b,c --mcpb PATH-TO-MCPB-CLI --platform win32 \
                   --runner packaging/windows/wine-run

The Windows packages (the .zip and the win32 bundle) run oura-mcp.exe through --runner (Wine; not needed on
Windows itself) in a Wine prefix of their own under the temporary folder, so no token file or config of another
run is seen (--wineprefix reuses one instead, which is faster).
"""
import argparse
import glob
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tarfile
import tempfile
import zipfile

EXPECTED_TOOLS = 18
TIMEOUT = 60
# What the host platform's build installs: the executable and the plugin suffix.
PLATFORMS = {"linux": {"exe": "oura-mcp", "plugin": ".so"}, "win32": {"exe": "oura-mcp.exe", "plugin": ".dll"}}


def fail(message):
    print("FAIL: " + message, file=sys.stderr)
    sys.exit(1)


def need(tool, apt_package):
    path = shutil.which(tool)
    if not path:
        fail(f"'{tool}' is not installed (apt-get install {apt_package})")
    return path


class Target:
    """How this machine runs the package's programs: directly (Linux), or through a runner such as Wine."""

    def __init__(self, platform, runner=None, wineprefix=None, own_prefix=False):
        self.platform = platform
        self.exe = PLATFORMS[platform]["exe"]
        self.plugin = PLATFORMS[platform]["plugin"]
        self.runner = runner.split() if runner else []
        self.own_prefix = own_prefix
        self.wine_env = {}
        if self.runner:
            # Wine finds its prefix through WINEPREFIX; the scrubbed HOME would make wine-run build a new one.
            self.wine_env = {"WINEPREFIX": wineprefix, "WINEDEBUG": "-all"}

    def command(self, argv):
        return self.runner + argv

    def _quietly(self, argv, home, timeout):
        subprocess.run(argv, env=scrubbed_env(home, self), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=timeout)

    def start(self, home):
        """Creates the prefix and keeps its wineserver running before the first measured program: otherwise
        Wine's background services can inherit and hold the pipes of the first program (docs/platforms.md)."""
        if self.runner:
            self._quietly(self.runner + ["cmd", "/c", "exit"], home, 300)
            self._quietly(["wineserver", "-p"], home, 60)

    def stop(self, home):
        if self.runner and self.own_prefix:
            self._quietly(["wineserver", "-k"], home, 60)


def scrubbed_env(home, target=None, extra=None):
    env = {"PATH": "/usr/bin:/bin", "HOME": home}
    if target:
        env.update(target.wine_env)
    env.update(extra or {})
    return env


def run(argv, env, check_output=None):
    proc = subprocess.run(argv, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=TIMEOUT)
    if proc.returncode != 0:
        fail(f"{argv} exited {proc.returncode}:\n{proc.stderr}")
    if check_output and not re.search(check_output, proc.stdout):
        fail(f"{argv} printed {proc.stdout!r}, expected /{check_output}/")
    return proc.stdout


class McpSession:
    """One server process spoken to over stdio, one request at a time."""

    def __init__(self, argv, env):
        self.proc = subprocess.Popen(argv, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        self.next_id = 1

    def notify(self, method):
        self.proc.stdin.write(json.dumps({"jsonrpc": "2.0", "method": method}) + "\n")
        self.proc.stdin.flush()

    def request(self, method, params=None):
        rid = self.next_id
        self.next_id += 1
        message = {"jsonrpc": "2.0", "id": rid, "method": method}
        if params is not None:
            message["params"] = params
        self.proc.stdin.write(json.dumps(message) + "\n")
        self.proc.stdin.flush()
        while True:
            line = self.proc.stdout.readline()
            if not line:
                self.proc.wait(TIMEOUT)
                fail(f"server closed stdout before answering {method} (exit {self.proc.returncode}):\n"
                     + self.proc.stderr.read())
            answer = json.loads(line)
            if answer.get("id") == rid:
                if "error" in answer:
                    fail(f"{method} failed: {answer['error']}")
                return answer["result"]

    def close(self):
        self.proc.stdin.close()
        rc = self.proc.wait(TIMEOUT)
        self.proc.stdout.close()
        self.proc.stderr.close()
        if rc != 0:
            fail(f"server exited {rc} at end of input")


def check_conversation(argv, env, demo=True):
    """initialize, tools/list, then yesterday's sleep score: demo data, or (no credentials) an isError result
    that says how to sign in, which needs no network."""
    session = McpSession(argv, env)
    init = session.request("initialize", {"protocolVersion": "2025-11-25", "capabilities": {},
                                          "clientInfo": {"name": "packaging-test", "version": "1"}})
    if init.get("serverInfo", {}).get("name") != "oura-mcp":
        fail(f"unexpected serverInfo {init.get('serverInfo')}")
    session.notify("notifications/initialized")
    tools = [t["name"] for t in session.request("tools/list")["tools"]]
    if len(tools) != EXPECTED_TOOLS or "get_daily_sleep" not in tools:
        fail(f"tools/list gave {len(tools)} tools, expected {EXPECTED_TOOLS}: {tools}")
    result = session.request("tools/call", {"name": "get_daily_sleep", "arguments": {"start_date": "yesterday"}})
    answer = result.get("structuredContent", {})
    if not demo:
        if not result.get("isError"):
            fail(f"get_daily_sleep without demo mode and credentials did not fail: {json.dumps(result)[:500]}")
    elif result.get("isError") or answer.get("count") != 1 or "Demo data" not in answer.get("note", ""):
        fail(f"get_daily_sleep in demo mode did not return yesterday's demo score: {json.dumps(result)[:500]}")
    session.close()
    return tools


def check_installed_prefix(prefix, args, home, target):
    """The install layout under prefix, then the server run from prefix/bin."""
    binary = os.path.join(prefix, "bin", target.exe)
    plugin_dir = os.path.join(prefix, "lib", "oura-mcp", "plugins")
    expected = [binary, os.path.join(prefix, "include", "oura_mcp", "plugin_abi.h"),
                os.path.join(prefix, "share", "doc", "oura-mcp", "config.example.json")]
    # lib/cmake or lib/<multiarch>/cmake, whichever GNUInstallDirs chose
    if not glob.glob(os.path.join(prefix, "lib", "**", "cmake", "OuraMcpSdk", "OuraMcpSdkConfig.cmake"),
                     recursive=True):
        fail(f"no OuraMcpSdkConfig.cmake under {prefix}/lib")
    expected += [os.path.join(plugin_dir, p + target.plugin) for p in args.plugins.split(",")]
    if target.platform == "win32":
        check_zoneinfo(os.path.join(prefix, "share", "zoneinfo"))
    missing = [p for p in expected if not os.path.isfile(p)]
    if missing:
        fail(f"missing from the package: {missing}")
    if target.platform == "linux" and not os.access(binary, os.X_OK):
        fail(f"{binary} is not executable")
    env = scrubbed_env(home, target)
    run(target.command([binary, "--version"]), env, rf"^oura-mcp {re.escape(args.version)}\b")
    listing = run(target.command([binary, "plugins"]), env)
    for plugin in args.plugins.split(","):
        # Under Wine the listing names the Windows path (Z:\...\plugins\sleep.dll): compare the folder's tail.
        if target.platform == "linux":
            found = os.path.join(plugin_dir, plugin + target.plugin) in listing
        else:
            found = re.search(r"[/\\]lib[/\\]oura-mcp[/\\]plugins[/\\]" + re.escape(plugin + target.plugin), listing)
        if not found:
            fail(f"`oura-mcp plugins` did not load {plugin} from {plugin_dir}:\n{listing}")
    check_conversation(target.command([binary, "--demo"]), env)


def check_zoneinfo(zoneinfo):
    """The Windows packages carry the time zone database: regular files (a zip has no portable symlinks),
    aliases included (CLDR's windowsZones.xml maps some Windows zones to old names like Asia/Calcutta), and
    neither the right/ and posix/ copies nor this machine's localtime."""
    for zone in ("Europe/Berlin", "Asia/Tokyo", "America/New_York", "UTC", "Asia/Calcutta", "Europe/Kiev"):
        path = os.path.join(zoneinfo, zone)
        if not os.path.isfile(path) or os.path.islink(path):
            fail(f"the time zone database lacks {zone} as a regular file ({zoneinfo})")
        with open(path, "rb") as f:
            if f.read(4) != b"TZif":
                fail(f"{path} is not a TZif file")
    for extra in ("right", "posix", "localtime"):
        if os.path.lexists(os.path.join(zoneinfo, extra)):
            fail(f"the time zone database should not ship {extra} ({zoneinfo})")


def check_deb(args, work, home):
    need("dpkg-deb", "dpkg")
    info = run(["dpkg-deb", "-f", args.file, "Package", "Version", "Architecture", "Depends", "Maintainer",
                "Section", "Description"], os.environ)
    fields = dict(re.findall(r"^(\w+): (.*)$", info, re.M))
    if fields.get("Package") != "oura-mcp" or not fields.get("Version", "").startswith(args.version):
        fail(f"control fields: {fields}")
    root = os.path.join(work, "root")
    run(["dpkg-deb", "-x", args.file, root], os.environ)
    # Debian names a library's package after its soname (libPocoNetSSL.so.80 -> libpoconetssl80): every Poco
    # library the binary links directly must be a dependency, besides OpenSSL and the C/C++ runtime.
    needed = run([need("objdump", "binutils"), "-p", os.path.join(root, "usr", "bin", "oura-mcp")], os.environ)
    poco = [f"libpoco{n.lower()}{v}" for n, v in re.findall(r"NEEDED\s+libPoco(\w+)\.so\.(\d+)", needed)]
    depends = {d.strip().split(" ")[0] for d in fields.get("Depends", "").split(",")}
    for lib in ["libssl3", "libc6", "libstdc++6"] + (poco or fail("the binary links no Poco library?")):
        if lib not in depends:
            fail(f"Depends lacks {lib}: {fields.get('Depends')}")
    for name in ("Maintainer", "Section", "Description"):
        if not fields.get(name):
            fail(f"control field {name} is empty")
    check_installed_prefix(os.path.join(root, "usr"), args, home, Target("linux"))


def check_tgz(args, work, home):
    root = os.path.join(work, "root")
    with tarfile.open(args.file) as archive:
        archive.extractall(root)
    tops = os.listdir(root)
    if len(tops) != 1:
        fail(f"the archive should hold one top folder, has {tops}")
    check_installed_prefix(os.path.join(root, tops[0]), args, home, Target("linux"))


def check_zip(args, work, home, target):
    """The Windows install tree: unpacked as it is into the prefix (%LOCALAPPDATA%\\oura-mcp), no top folder."""
    root = os.path.join(work, "root")
    with zipfile.ZipFile(args.file) as archive:
        links = [i.filename for i in archive.infolist() if stat.S_ISLNK((i.external_attr >> 16) & 0o170000)]
        if links:
            fail(f"the zip holds symlinks, which Windows does not unpack: {links[:5]}")
        archive.extractall(root)
    if not os.path.isdir(os.path.join(root, "bin")):
        fail(f"the zip should unpack into bin/, lib/, share/, include/; it holds {sorted(os.listdir(root))}")
    target.start(home)
    try:
        check_installed_prefix(root, args, home, target)
    finally:
        target.stop(home)


def substitute(value, dirname, user_config):
    value = value.replace("${__dirname}", dirname)
    for key, setting in user_config.items():
        value = value.replace("${user_config.%s}" % key, setting)
    return value


def check_mcpb(args, work, home, target):
    root = os.path.join(work, "bundle")
    with zipfile.ZipFile(args.file) as archive:
        modes = {i.filename: (i.external_attr >> 16) & 0o7777 for i in archive.infolist()}
        archive.extractall(root)
    for name, mode in modes.items():  # zipfile drops modes; put them back as an installing host would
        if not name.endswith("/"):
            os.chmod(os.path.join(root, name), mode or 0o644)
    subprocess.run([args.mcpb, "validate", os.path.join(root, "manifest.json")], check=True, timeout=TIMEOUT)
    with open(os.path.join(root, "manifest.json")) as f:
        manifest = json.load(f)

    server = manifest["server"]
    config = server["mcp_config"]
    entry = server["entry_point"]
    binary_name = "server/bin/" + target.exe
    command = [config["command"]] + config.get("args", [])
    if target.platform == "linux":
        for name in (entry, binary_name):
            if name not in modes or not modes[name] & 0o100:
                fail(f"{name} is not in the bundle with an exec bit (mode {oct(modes.get(name, 0))})")
    else:
        # No launcher: the host starts the .exe itself, which reads --demo-mode and ignores blank settings.
        expected = ("${__dirname}/" + binary_name, ["--demo-mode=${user_config.demo_mode}"])
        if entry != binary_name or (config["command"], config.get("args")) != expected:
            fail(f"the win32 bundle should start {binary_name} directly: entry_point {entry}, "
                 f"command {command}")
        if "server/launch.sh" in modes:
            fail("the win32 bundle carries launch.sh")
        check_zoneinfo(os.path.join(root, "server", "share", "zoneinfo"))
    plugin_dir = os.path.join(root, "server", "lib", "oura-mcp", "plugins")
    missing = [p for p in args.plugins.split(",") if not os.path.isfile(os.path.join(plugin_dir, p + target.plugin))]
    if missing:
        fail(f"plugins missing from {plugin_dir}: {[p + target.plugin for p in missing]}")
    referenced = [entry] + [a.replace("${__dirname}/", "") for a in command if a.startswith("${__dirname}/")]
    for name in referenced:
        if not os.path.isfile(os.path.join(root, name)):
            fail(f"the manifest references {name}, which is not in the bundle")
    if manifest.get("compatibility", {}).get("platforms") != [target.platform]:
        fail(f"platforms: {manifest.get('compatibility')}, expected [{target.platform}]")
    if not manifest["user_config"]["oura_access_token"].get("sensitive"):
        fail("the access token setting is not sensitive")

    bundled_tools = sorted(t["name"] for t in manifest.get("tools", []))
    # What Claude Desktop does: substitute, then run the command with the env. Blank optional settings arrive
    # as "" or as the literal placeholder; both must count as unset.
    user_config = {"demo_mode": "true", "oura_access_token": ""}
    argv = target.command([substitute(a, root, user_config) for a in command])
    env = scrubbed_env(home, target,
                       {k: substitute(v, root, user_config) for k, v in config.get("env", {}).items()})
    target.start(home)
    try:
        served_tools = sorted(check_conversation(argv, env))
        if served_tools != bundled_tools:
            fail(f"manifest tools {bundled_tools} differ from tools/list {served_tools}")

        # Demo mode off: neither the launcher nor the executable may turn demo mode on.
        user_config["demo_mode"] = "false"
        check_conversation(target.command([substitute(a, root, user_config) for a in command]), env, demo=False)

        launcher = [a for a in argv if not a.startswith("--demo-mode=")]
        status = run(launcher + ["auth", "status"], env)
        for name in config["env"]:
            if not re.search(rf"^\s*{name}: not set", status, re.M):
                fail(f"blank setting {name} was not treated as unset:\n{status}")
        if target.platform == "win32":
            run(launcher + ["--version"], scrubbed_env(home, target), rf"^oura-mcp {re.escape(args.version)}\b")
            return
    finally:
        target.stop(home)

    binary = os.path.join(root, binary_name)
    os.chmod(binary, 0o600)  # the macOS extraction bug (mcpb#294): the launcher must repair it
    run(launcher + ["--version"], scrubbed_env(home), rf"^oura-mcp {re.escape(args.version)}\b")
    if not os.stat(binary).st_mode & stat.S_IXUSR:
        fail("the launcher did not restore the exec bit")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=["deb", "tgz", "mcpb", "zip"])
    parser.add_argument("file")
    parser.add_argument("--version", required=True)
    parser.add_argument("--plugins", required=True)
    parser.add_argument("--mcpb")
    parser.add_argument("--platform", choices=sorted(PLATFORMS), default="linux",
                        help="the platform the package is for (zip: always win32)")
    parser.add_argument("--runner", help="runs the package's Windows programs here, e.g. packaging/windows/wine-run")
    parser.add_argument("--wineprefix", help="the Wine prefix to run in (default: a new one in the temporary folder)")
    args = parser.parse_args()
    if args.kind == "zip":
        args.platform = "win32"
    matches = glob.glob(args.file)  # the .deb name holds dpkg's architecture: the caller passes a pattern
    if len(matches) != 1:
        fail(f"expected one file {args.file}, found {matches or 'none'}")
    args.file = matches[0]
    with tempfile.TemporaryDirectory(prefix="oura-mcp-pkg-") as work:
        home = os.path.join(work, "home")
        os.mkdir(home)
        if args.kind in ("deb", "tgz"):
            {"deb": check_deb, "tgz": check_tgz}[args.kind](args, work, home)
        else:
            wineprefix = os.path.abspath(args.wineprefix) if args.wineprefix else os.path.join(work, "wine-prefix")
            target = Target(args.platform, args.runner, wineprefix, own_prefix=not args.wineprefix)
            {"mcpb": check_mcpb, "zip": check_zip}[args.kind](args, work, home, target)
    print(f"{args.kind}: {os.path.basename(args.file)} ({os.path.getsize(args.file)} bytes) OK")


if __name__ == "__main__":
    main()
