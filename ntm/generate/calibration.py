"""What the illustrative generators share: which criteria communes meet first, the poor districts, and the
nudge that makes generated counts add up to a published total."""

from __future__ import annotations

EASE_ORDER = ["19", "4", "1", "8", "12", "18", "14", "15", "3", "16", "7", "5", "6", "9", "2", "13", "11", "17", "10"]
"""Criteria in the order communes tend to meet them (easiest first): the generators fill criteria in this order."""
POOR_DISTRICTS = {"083", "084", "085"}  # 30a districts named in laocai_facts.md §3


def hit_sum(counts: dict[str, int], target: int, movable: list[str], lo, hi, rng) -> None:
    """Nudge counts by ±1 until they add up to target, keeping each within [lo(id), hi(id)]."""
    for _ in range(100_000):
        diff = target - sum(counts.values())
        if diff == 0:
            return
        step = 1 if diff > 0 else -1
        can = [u for u in movable if lo(u) <= counts[u] + step <= hi(u)]
        if not can:
            break
        counts[can[rng.integers(len(can))]] += step
    raise ValueError(f"cannot calibrate to {target}: sum is {sum(counts.values())}")
