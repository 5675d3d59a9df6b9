"""Which Host headers `deckgen serve` answers: a page elsewhere whose name was rebound to
this machine's address (DNS rebinding) must not read the talk, whatever --host is."""

from __future__ import annotations

import socket

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
"""Names a request to a server on this machine's loopback may carry in its Host header."""


def host_name(header: str) -> str:
    """The host a Host header (or a --host value) names: lower case, without port, IPv6
    brackets or a trailing dot."""
    h = header.strip().lower()
    if h.startswith("["):
        end = h.find("]")
        h = h[1:end] if end > 0 else ""
    elif h.count(":") == 1:
        h = h.split(":", 1)[0]
    return h.rstrip(".")


def is_loopback(host: str) -> bool:
    """Whether an address to listen on is this machine's loopback (only it can connect)."""
    import ipaddress

    name = host_name(host)
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def allowed_hosts(host: str, extra: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The Host header names a server listening on `host` answers: loopback names, the
    address itself, `extra` (--allow-host) and, listening on every address, this
    machine's own names and addresses. Never any name: DNS rebinding must not read the
    talk."""
    names = [*LOCAL_HOSTS, *extra]
    if is_loopback(host):
        return tuple(dict.fromkeys(names))
    wildcard = host_name(host) in ("0.0.0.0", "::", "")
    if not wildcard:
        names.append(host)
    else:
        names += _own_names()
    return tuple(dict.fromkeys(host_name(n) for n in names if n))


def _own_names() -> list[str]:
    """This machine's host names and the addresses they resolve to."""
    out = []
    try:
        name = socket.gethostname()
        out += [name, socket.getfqdn()]
        out += [str(info[4][0]) for info in socket.getaddrinfo(name, None)]
    except OSError:
        pass
    for family, probe in ((socket.AF_INET, "192.0.2.1"), (socket.AF_INET6, "2001:db8::1")):
        try:  # the address others reach this machine by: a UDP "connect" sends nothing
            with socket.socket(family, socket.SOCK_DGRAM) as s:
                s.connect((probe, 9))
                out.append(str(s.getsockname()[0]))
        except OSError:
            pass
    return out
