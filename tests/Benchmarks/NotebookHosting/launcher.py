"""The Python launcher notebook-host's is measured against: the same work as `notebook-host launch`.

Reads ASPNETCORE_PORT and ASPNETCORE_APPL_PATH, the launcher settings, checks the Jupyter config has a
credential, runs `python -m notebook` on 127.0.0.1 at that port and base URL, and returns its exit code.
Written for the measurement only (tests/Benchmarks/NotebookHosting/measure-launcher.sh).
"""
import json
import os
import re
import signal
import subprocess
import sys


def main():
    port = os.environ.get("ASPNETCORE_PORT")
    if not port or not port.isdigit() or not 0 < int(port) < 65536:
        print("launcher.py: ASPNETCORE_PORT is not set", file=sys.stderr)
        return 1
    base_url = os.environ.get("ASPNETCORE_APPL_PATH", "/").rstrip("/") + "/"
    settings_path = os.environ.get("NOTEBOOK_HOST_SETTINGS", "notebook-host.json")
    with open(settings_path, encoding="utf-8") as file:
        settings = json.load(file)
    folder = os.path.dirname(os.path.abspath(settings_path))
    config_dir = os.path.join(folder, settings["configDirectory"])
    with open(os.path.join(config_dir, "jupyter_notebook_config.py"), encoding="utf-8") as file:
        if not re.search(r"^c\.NotebookApp\.(password|token) = '[^']+'", file.read(), re.M):
            print("launcher.py: no password or token", file=sys.stderr)
            return 1
    env = dict(os.environ, JUPYTER_CONFIG_DIR=config_dir, PYTHONUNBUFFERED="1")
    child = subprocess.Popen(
        [settings["python"], "-m", settings.get("module", "notebook"), "--NotebookApp.ip=127.0.0.1",
         f"--NotebookApp.port={port}", f"--NotebookApp.base_url={base_url}", "--NotebookApp.open_browser=False",
         *sys.argv[1:]],
        env=env)
    signal.signal(signal.SIGTERM, lambda *_: child.terminate())
    return child.wait()


if __name__ == "__main__":
    sys.exit(main())
