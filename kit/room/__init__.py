"""What happens in the room during a session: random questions, the room's questions, help."""
