"""What the domain announces, for the background side to act on without being imported here.

The domain layer must not import the jobs that run trainings (arrows point down); it sends a
signal instead, and habitory/jobs connects to it when the app is built.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

# sender: the user's id. Sent after the completion that makes a retraining due.
training_due = _signals.signal("training-due")

# reminders: [(user id, {"title", "body", "url"})], what each reminder says and where it
# leads; sent once per run, after the reminder notifications were committed (habitory/pwa
# delivers them as Web Pushes, all at once, so one slow push service delays none of the rest).
reminders_stored = _signals.signal("reminders-stored")
