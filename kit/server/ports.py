"""Check that the server can listen on a port before starting it, with a bilingual message."""

from __future__ import annotations

import socket
from collections.abc import Callable

from kit.i18n import gettext_

Message = Callable[[str], str]


def bilingual(message: Message, **values: object) -> str:
    """``message(lang)`` formatted in Bahasa Indonesia, then in English, one per line."""
    return "\n".join(message(lang).format(**values) for lang in ("id", "en"))


def port_problem(host: str, port: int) -> str | None:
    """``None`` if ``host:port`` can be listened on, else why not in Indonesian and English."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror:
        return bilingual(
            lambda lang: gettext_("The address {host} is not valid on this computer.", lang),
            host=host)
    family, kind, proto, _name, address = infos[0]
    with socket.socket(family, kind, proto) as sock:
        # Tornado sets SO_REUSEADDR too, so a port in TIME_WAIT counts as free.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(address)
        except PermissionError:
            return bilingual(
                lambda lang: gettext_("No permission to use port {port}; choose a port above "
                                      "1024, e.g. --port 8866.", lang),
                port=port)
        except OSError:
            return bilingual(
                lambda lang: gettext_("Port {port} on {host} is already in use (is the kit "
                                      "already running?). Close the other program or choose "
                                      "another port, e.g. --port {next}.", lang),
                host=host, port=port, next=port + 1)
    return None
