"""When the outbox sender may start its next send (Telegram: ~30 messages/s per bot, 1 message/s
per chat), and how long a failed send waits before its next attempt."""

import random
from collections import deque

# Start times are spaced a little wider than the limits, so the arrival times Telegram sees
# (start + a few ms of jitter) stay within them too.
PACING_MARGIN_S = 0.025
CATCH_UP_S = 0.25
BACKOFF_MAX_S = 300.0


class Pacer:
    """When the next send may start. All times are `time.monotonic()` seconds.

    Hard limit: at most `per_second` actual starts in any window of 1 s + margin (a sliding
    log of the last `per_second` starts). Soft: starts follow an even grid `window /
    per_second` apart, kept from the planned slots so small oversleeps do not add up."""

    def __init__(self, *, per_second: int, chat_interval: float, margin: float = PACING_MARGIN_S):
        self.per_second = max(1, int(per_second))
        self.window = 1.0 + margin
        self.gap = self.window / self.per_second
        self.chat_interval = chat_interval + margin if chat_interval > 0 else 0.0
        self.starts: deque[float] = deque(maxlen=self.per_second)
        self.chat_starts: dict[int, float] = {}
        self.next_slot = 0.0
        self.paused_until = 0.0

    def global_ready_at(self) -> float:
        ready = max(self.paused_until, self.next_slot)
        if len(self.starts) == self.per_second:
            # the send `per_second` starts ago must have left the window
            ready = max(ready, self.starts[0] + self.window)
        return ready

    def chat_ready_at(self, chat_id: int) -> float:
        last = self.chat_starts.get(chat_id)
        return 0.0 if last is None else last + self.chat_interval

    def record(self, chat_id: int, at: float, *, spaced: bool = True) -> None:
        self.starts.append(at)
        # Stay on the grid after a short stall (a claim, a commit): the next starts catch up,
        # within the hard limit. After an idle spell a new grid starts.
        base = self.next_slot if at - self.next_slot < CATCH_UP_S else at
        self.next_slot = base + self.gap
        if spaced and self.chat_interval:
            self.chat_starts[chat_id] = at
            if len(self.chat_starts) > 10_000:
                horizon = at - self.chat_interval
                self.chat_starts = {c: t for c, t in self.chat_starts.items() if t > horizon}

    def pause(self, until: float) -> None:
        self.paused_until = max(self.paused_until, until)


def backoff_seconds(attempts: int) -> float:
    """2, 4, 8, 16 … s (±20 %), at most five minutes."""
    return min(BACKOFF_MAX_S, 2.0**attempts) * random.uniform(0.8, 1.2)
