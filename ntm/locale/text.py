"""Text helpers for Vietnamese names: Unicode normalisation and accent folding."""

from __future__ import annotations

import unicodedata


def nfc(text: str) -> str:
    """NFC form with inner runs of whitespace collapsed: files arrive in NFC or NFD, with stray spaces."""
    return " ".join(unicodedata.normalize("NFC", str(text)).split())


def fold(text: str) -> str:
    """Lower-case, accent-free form used to compare names ("Bản Xen" -> "ban xen")."""
    decomposed = unicodedata.normalize("NFD", nfc(text).lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("đ", "d")


def in_sentence(label: str) -> str:
    """A label as a word inside a sentence: 'Huyện cũ' -> 'huyện cũ' ('Bảng theo huyện cũ')."""
    return label[:1].lower() + label[1:]
