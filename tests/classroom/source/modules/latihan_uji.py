# %% [markdown]
# # Latihan uji kelas (test module for the classroom server)

# %%
from html import escape

import ipywidgets as w
import sqlalchemy as sa
from IPython.display import display

from kit.classroom.identity import current_participant
from kit.records.clock import now
from kit.storage import schema
from kit.storage.db import read_tx, write_tx
from kit.workspace import open_workspace

person = current_participant()
ws = open_workspace()


def saved() -> int:
    """How many practice actions this participant saved."""
    if person is None:
        return 0
    e = schema.evidence
    with read_tx(ws.engine) as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(e)
                                .where(e.c.participant_id == person.id)).scalar_one())


def show() -> str:
    """The participant's name and saved count as HTML."""
    name = escape(person.name) if person else "nobody"
    return f'<p class="uji-who">{name}</p><p class="uji-count">saved={saved()}</p>'


label = w.HTML(show())
button = w.Button(description="Simpan latihan")


def save(_button: object) -> None:
    """Record one practice action for the current participant."""
    if person is None:
        return
    with write_tx(ws.engine) as conn:
        conn.execute(schema.evidence.insert().values(
            participant_id=person.id, item_id="uji", kind="practice", payload={"n": 1},
            created_at=now()))
    label.value = show()


button.on_click(save)
display(label, button)
