#!/usr/bin/python3
"""Opens one keep-alive connection per simulated BMC and holds them: the simulator's memory with a client
connected to every BMC, as the engine is in the fleet bench (README "Cost per request and per BMC").

Usage: hold_connections.py INVENTORY_JSON USERNAME PASSWORD
For every BMC of the inventory (--inventory-file) it connects to its host and port, reads its System over that
connection (HTTP/1.1, Basic auth) and keeps the connection open; prints "open N in T s", then waits for a line on
stdin (or its end) before closing them all. Read the simulator's heap meanwhile: curl 'http://127.0.0.1:CONTROL/jvm?gc=true'.
Needs `ulimit -n` above the number of BMCs.
"""
import base64
import json
import socket
import sys
import time


def read_answer(sock):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise IOError("closed before an answer")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    while len(body) < length:
        body += sock.recv(65536)
    return head.split(b"\r\n")[0].decode()


def main():
    inventory, user, password = sys.argv[1:4]
    auth = base64.b64encode(("%s:%s" % (user, password)).encode()).decode()
    bmcs = json.load(open(inventory))["bmcs"]
    held = []
    started = time.time()
    for bmc in bmcs:
        sock = socket.create_connection((bmc["host"], bmc["port"]))
        sock.sendall(("GET %s HTTP/1.1\r\nHost: %s\r\nAuthorization: Basic %s\r\n\r\n"
                      % (bmc["systemPath"], bmc["host"], auth)).encode())
        status = read_answer(sock)
        if not status.startswith("HTTP/1.1 200"):
            sys.exit("%s: %s" % (bmc["address"], status))
        held.append(sock)
    print("open %d in %.1f s" % (len(held), time.time() - started), flush=True)
    sys.stdin.readline()
    for sock in held:
        sock.close()


if __name__ == "__main__":
    main()
