"""The classroom server: one facilitator laptop serving 25–50 phones without internet.

``python -m kit start --classroom`` serves the kit on the laptop's Wi-Fi address. Participants
join with a QR code and session code, pick their name and a PIN, and then see only the
participant modules; the facilitator signs in with a password for everything else. See
``kit/classroom/README.md`` for the flow, the security model and :func:`current_participant`.

* :mod:`~kit.classroom.routing` — who may open which address (pure rules);
* :mod:`~kit.classroom.web` — pages, the access gate and kernel ownership;
* :mod:`~kit.classroom.store` — classrooms, PINs, devices and attempts in the workspace database;
* :mod:`~kit.classroom.identity` — the participant of a kernel, for module pages;
* :mod:`~kit.classroom.ratelimit`, :mod:`~kit.classroom.credentials`,
  :mod:`~kit.classroom.codes`, :mod:`~kit.classroom.wsfilter`, :mod:`~kit.classroom.network`,
  :mod:`~kit.classroom.qr` — the small parts.
"""
