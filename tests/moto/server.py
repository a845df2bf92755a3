"""Runs moto on 127.0.0.1:PORT until standard input closes (the test process ended)."""
import json
import sys
import urllib.request

from moto.server import ThreadedMotoServer

port = int(sys.argv[1])
server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
server.start()
# Lambda functions are not run in Docker (which CI does not have): moto's simple backend
# answers an invocation with the event it was given.
urllib.request.urlopen(
    urllib.request.Request(
        f"http://127.0.0.1:{port}/moto-api/config",
        data=json.dumps({"lambda": {"use_docker": False}}).encode(),
        headers={"Content-Type": "application/json"},
    )
).read()
print("ready", flush=True)
sys.stdin.read()
server.stop()
