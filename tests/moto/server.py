"""Runs moto on 127.0.0.1:PORT until standard input closes (the test process ended)."""
import sys

from moto.server import ThreadedMotoServer

port = int(sys.argv[1])
server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
server.start()
print("ready", flush=True)
sys.stdin.read()
server.stop()
