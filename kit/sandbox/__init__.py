"""Bimtek practice sandbox: a practice mailbox, blog and online store inside the kit.

Participants practise every sub-topic of Table 4.3 here; each completed action becomes evidence
for its item (see :mod:`kit.sandbox.practice` for the rules). The pure logic lives in
:mod:`kit.sandbox.mail`, :mod:`kit.sandbox.blog` and :mod:`kit.sandbox.shop`; the widgets in the
``*_widgets`` modules only call it.
"""
