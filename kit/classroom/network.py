"""The laptop's address on the classroom Wi-Fi, found without sending anything on the network."""

from __future__ import annotations

import ipaddress
import socket

import psutil

LOOPBACK = "127.0.0.1"
ANY = "0.0.0.0"  # noqa: S104 - the classroom server listens on every interface on purpose
# Interfaces that are never the classroom network (containers, VPNs, virtual machines).
_VIRTUAL = ("docker", "br-", "veth", "virbr", "vmnet", "vboxnet", "tun", "tap", "wg", "zt",
            "tailscale", "lo")


def _rank(interface: str, address: ipaddress.IPv4Address) -> tuple[int, int, str]:
    wireless = interface.startswith(("wl", "wlan", "wi-fi", "wifi")) or "wi-fi" in interface.lower()
    private_192 = address in ipaddress.ip_network("192.168.0.0/16")
    return (0 if wireless else 1, 0 if private_192 else 1, interface)


def lan_addresses() -> list[str]:
    """Private IPv4 addresses of this computer's active interfaces, most likely Wi-Fi first."""
    stats = psutil.net_if_stats()
    found: list[tuple[tuple[int, int, str], str]] = []
    for interface, addresses in psutil.net_if_addrs().items():
        if interface.lower().startswith(_VIRTUAL):
            continue
        if interface in stats and not stats[interface].isup:
            continue
        for entry in addresses:
            if entry.family != socket.AF_INET:
                continue
            try:
                address = ipaddress.IPv4Address(entry.address)
            except ValueError:
                continue
            if address.is_private and not address.is_loopback and not address.is_link_local:
                found.append((_rank(interface, address), str(address)))
    return [address for _rank_key, address in sorted(found)]


def lan_address() -> str | None:
    """The address phones should use to reach this laptop, or ``None`` when not on a network."""
    addresses = lan_addresses()
    return addresses[0] if addresses else None


def is_loopback(address: str) -> bool:
    """Whether a client address is this computer itself (127.0.0.0/8 or ::1)."""
    try:
        return ipaddress.ip_address(address.split("%")[0]).is_loopback
    except ValueError:
        return False


def base_url(shown_host: str, port: int) -> str:
    """``http://host:port`` for a host or IP address (IPv6 in brackets)."""
    host = f"[{shown_host}]" if ":" in shown_host else shown_host
    return f"http://{host}:{port}"
