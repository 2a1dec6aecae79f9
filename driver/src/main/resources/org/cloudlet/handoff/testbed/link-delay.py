#!/usr/bin/python3
"""Holds every Ethernet frame crossing between two interfaces for a fixed one-way delay (the testbed's WAN RTT).

This kernel has no netem, so the middle namespace of the testbed bridges its two veths in user space: an AF_PACKET
socket per side, each frame queued with its due time and sent out of the other side when due. Rate shaping stays
with tc (tbf) on the cloudlets' own veths; this only adds delay, in order, per direction.
Usage: link-delay.py IFACE1 IFACE2 ONE_WAY_DELAY_MS
"""
import collections
import select
import socket
import sys
import time

ETH_P_ALL = 0x0003
PACKET_OUTGOING = 4


def open_side(name):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    s.bind((name, 0))
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4 << 20)
    s.setblocking(False)
    return s


def main():
    one, two, delay_ms = sys.argv[1], sys.argv[2], float(sys.argv[3])
    delay = delay_ms / 1000.0
    a, b = open_side(one), open_side(two)
    other = {a: b, b: a}
    queue = {a: collections.deque(), b: collections.deque()}  # frames read on a side, due for the other side
    print("link-delay: %s <-> %s, %.1f ms each way" % (one, two, delay_ms), flush=True)
    while True:
        now = time.monotonic()
        for side in (a, b):
            q = queue[side]
            while q and q[0][0] <= now:
                frame = q.popleft()[1]
                try:
                    other[side].send(frame)
                except OSError:
                    pass  # a full send queue drops the frame, as a router would; TCP recovers
        due = [q[0][0] for q in queue.values() if q]
        timeout = max(0.0, min(due) - time.monotonic()) if due else None
        readable, _, _ = select.select([a, b], [], [], timeout)
        for side in readable:
            while True:
                try:
                    frame, address = side.recvfrom(65536)
                except BlockingIOError:
                    break
                if address[2] == PACKET_OUTGOING:
                    continue  # our own send on this side, seen by the tap
                queue[side].append((time.monotonic() + delay, frame))


if __name__ == "__main__":
    main()
