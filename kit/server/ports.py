"""Check that the server can listen on a port before starting it, with a bilingual message."""

from __future__ import annotations

import socket

from kit.i18n import bilingual, gettext_

EN = "en"  # gettext_(msgid, EN) returns the msgid: the English text, still extracted


def port_problem(host: str, port: int) -> str | None:
    """``None`` if ``host:port`` can be listened on, else why not in Indonesian and English."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror:
        return bilingual(gettext_("The address {host} is not valid on this computer.", EN),
                         host=host)
    family, kind, proto, _name, address = infos[0]
    with socket.socket(family, kind, proto) as sock:
        # Tornado sets SO_REUSEADDR too, so a port in TIME_WAIT counts as free.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(address)
        except PermissionError:
            return bilingual(
                gettext_("No permission to use port {port}; choose a port above "
                         "1024, e.g. --port 8866.", EN),
                port=port)
        except OSError:
            return bilingual(
                gettext_("Port {port} on {host} is already in use (is the kit "
                         "already running?). Close the other program or choose "
                         "another port, e.g. --port {next}.", EN),
                host=host, port=port, next=port + 1)
    return None
