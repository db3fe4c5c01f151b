"""A session's rundown: prefilled from the framework, edited by the facilitator, kept live."""
