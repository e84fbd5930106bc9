"""A text progress bar for management commands and benchmarks (stdout-like stream)."""

import time


class ProgressBar:
    def __init__(self, stream, label: str, width: int = 30):
        self.stream, self.label, self.width = stream, label, width
        self.start = time.monotonic()
        self._last = 0.0

    def __call__(self, done: int, total: int | None) -> None:
        now = time.monotonic()
        if now - self._last < 0.2 and (total is None or done < total):
            return
        self._last = now
        rate = done / max(now - self.start, 1e-6)
        if total:
            filled = int(self.width * min(done, total) / total)
            bar = "█" * filled + "·" * (self.width - filled)
            line = f"\r{self.label} [{bar}] {done}/{total} {rate:,.0f}/s"
        else:
            line = f"\r{self.label} {done} {rate:,.0f}/s"
        self.stream.write(line, ending="") if hasattr(self.stream, "style_func") else self.stream.write(line)
        self.stream.flush()

    def finish(self) -> None:
        self.stream.write("")
