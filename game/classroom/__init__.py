"""Classroom sessions and the trainer's report. Never imports pygame."""
