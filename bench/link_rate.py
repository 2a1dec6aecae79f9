"""A tc-style rate ("5mbit", "35mbit", "800kbit") in bytes per second, for the testbed report scripts."""
import re


def bytes_per_second(text):
    """None when the text is not a rate."""
    m = re.fullmatch(r"([\d.]+)(k|m|g)?bit", text.strip().lower())
    if not m:
        return None
    return float(m.group(1)) * {"k": 1e3, "m": 1e6, "g": 1e9, None: 1}[m.group(2)] / 8
