"""Tables of the bimtek practice sandbox (mailbox, blog, online store).

They live in the kit's shared :data:`kit.storage.schema.metadata` so the migrations and the
schema test see them, but are defined here so the sandbox owns them. Created by migration
``0002_sandbox``; every change goes through a new migration.
"""

from __future__ import annotations

import sqlalchemy as sa

from kit.storage.schema import metadata

_TS = sa.DateTime(timezone=True)

# One practice mailbox per participant, plus the simulated correspondents and the sandbox's own
# service senders (``simulated_role`` set, ``participant_id`` empty).
mail_account = sa.Table(
    "sbx_mail_account",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("address", sa.String(120), nullable=False, unique=True),
    sa.Column("display_name", sa.Text, nullable=False),
    sa.Column("participant_id", sa.String(32), sa.ForeignKey("kit_participant.id"),
              unique=True),
    sa.Column("simulated_role", sa.String(32)),
    sa.Column("activation_code", sa.String(8)),
    sa.Column("activated_at", _TS),
    sa.Column("created_at", _TS, nullable=False),
)

mail_message = sa.Table(
    "sbx_mail_message",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("sender_id", sa.Integer, sa.ForeignKey("sbx_mail_account.id"), nullable=False),
    sa.Column("subject", sa.Text, nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    # new | reply | forward | system
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("parent_id", sa.Integer, sa.ForeignKey("sbx_mail_message.id")),
    sa.Column("thread_id", sa.Integer),
    sa.Column("created_at", _TS, nullable=False),
)

mail_recipient = sa.Table(
    "sbx_mail_recipient",
    metadata,
    sa.Column("message_id", sa.Integer, sa.ForeignKey("sbx_mail_message.id"), primary_key=True),
    sa.Column("account_id", sa.Integer, sa.ForeignKey("sbx_mail_account.id"), primary_key=True),
    # to | cc | bcc
    sa.Column("field", sa.String(3), nullable=False),
    sa.Column("read_at", _TS),
    sa.Index("ix_sbx_mail_recipient_account", "account_id", "message_id"),
)

mail_attachment = sa.Table(
    "sbx_mail_attachment",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("message_id", sa.Integer, sa.ForeignKey("sbx_mail_message.id"), nullable=False,
              index=True),
    sa.Column("filename", sa.Text, nullable=False),
    sa.Column("mime", sa.String(100), nullable=False),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("data", sa.LargeBinary, nullable=False),
)

blog = sa.Table(
    "sbx_blog",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(40), nullable=False, unique=True),
    sa.Column("participant_id", sa.String(32), sa.ForeignKey("kit_participant.id"),
              unique=True),
    sa.Column("simulated_role", sa.String(32)),
    sa.Column("account_id", sa.Integer, sa.ForeignKey("sbx_mail_account.id"), nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("description", sa.Text, nullable=False, server_default=""),
    sa.Column("about", sa.Text, nullable=False, server_default=""),
    sa.Column("created_at", _TS, nullable=False),
    sa.Column("updated_at", _TS, nullable=False),
)

store = sa.Table(
    "sbx_store",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("domain", sa.String(40), nullable=False, unique=True),
    sa.Column("participant_id", sa.String(32), sa.ForeignKey("kit_participant.id"),
              nullable=False, unique=True),
    sa.Column("account_id", sa.Integer, sa.ForeignKey("sbx_mail_account.id"), nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("activation_code", sa.String(8), nullable=False),
    sa.Column("activated_at", _TS),
    sa.Column("seller_name", sa.Text),
    sa.Column("phone", sa.String(32)),
    sa.Column("city", sa.Text),
    sa.Column("address", sa.Text),
    sa.Column("description", sa.Text),
    sa.Column("bank_name", sa.Text),
    sa.Column("bank_account", sa.String(32)),
    sa.Column("bank_holder", sa.Text),
    sa.Column("payment_methods", sa.JSON),
    sa.Column("couriers", sa.JSON),
    sa.Column("created_at", _TS, nullable=False),
    sa.Column("updated_at", _TS, nullable=False),
)

product = sa.Table(
    "sbx_store_product",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("store_id", sa.Integer, sa.ForeignKey("sbx_store.id"), nullable=False, index=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("description", sa.Text, nullable=False, server_default=""),
    sa.Column("price", sa.Integer, nullable=False),
    sa.Column("stock", sa.Integer, nullable=False),
    sa.Column("photo", sa.LargeBinary),
    sa.Column("photo_mime", sa.String(100)),
    sa.Column("variants", sa.JSON),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("discount_percent", sa.Integer, nullable=False, server_default="0"),
    sa.Column("created_at", _TS, nullable=False),
    sa.Column("updated_at", _TS, nullable=False),
    sa.CheckConstraint("price > 0", name="price_positive"),
    sa.CheckConstraint("stock >= 0", name="stock_not_negative"),
)

blog_post = sa.Table(
    "sbx_blog_post",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("blog_id", sa.Integer, sa.ForeignKey("sbx_blog.id"), nullable=False, index=True),
    # text | image | video | product
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("body", sa.Text, nullable=False, server_default=""),
    sa.Column("image", sa.LargeBinary),
    sa.Column("image_mime", sa.String(100)),
    sa.Column("video_url", sa.Text),
    sa.Column("product_id", sa.Integer, sa.ForeignKey("sbx_store_product.id")),
    sa.Column("created_at", _TS, nullable=False),
)

blog_follow = sa.Table(
    "sbx_blog_follow",
    metadata,
    sa.Column("follower_id", sa.Integer, sa.ForeignKey("sbx_blog.id"), primary_key=True),
    sa.Column("followed_id", sa.Integer, sa.ForeignKey("sbx_blog.id"), primary_key=True),
    sa.Column("created_at", _TS, nullable=False),
)

SANDBOX_TABLES = (mail_account, mail_message, mail_recipient, mail_attachment, blog, store,
                  product, blog_post, blog_follow)
