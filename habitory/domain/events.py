"""What the domain announces, for the background side to act on without being imported here.

The domain layer must not import the jobs that run trainings (arrows point down); it sends a
signal instead, and habitory/jobs connects to it when the app is built.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

# sender: the user's id. Sent after the completion that makes a retraining due.
training_due = _signals.signal("training-due")

# sender: the user's id; title, body, url: what the reminder says and where it leads. Sent
# after the reminder notification was committed (habitory/pwa delivers it as a Web Push).
reminder_stored = _signals.signal("reminder-stored")
