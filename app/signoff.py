"""Whether a version's signatures still hold: each was made on the content hash the version has now, with the
image it stored. Anything else means the file was changed behind the app's back (the app itself refuses every edit
of a signed version), and the sign-off must not look valid."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any


def signature_problem(signature: Any, digest: str) -> str:
    """Why this signature no longer holds for content hashing to `digest`, or ""."""
    if signature.content_hash != digest:
        return ("Invalid: the agreement's content changed after this signature was made "
                f"(signed on {signature.content_hash[:16]}…, the content is now {digest[:16]}…).")
    if hashlib.sha256(signature.image_png or b"").hexdigest() != signature.image_sha256:
        return "Invalid: the signature's image is not the one that was signed."
    return ""


@dataclass(frozen=True)
class Block:
    """One signatory's place on the sign-off page, with their signature once made."""

    participant: Any  # queries.ParticipantRow
    signature: Any | None = None  # queries.SignatureRow
    problem: str = ""


@dataclass(frozen=True)
class SignOff:
    view: Any  # queries.SlaView of the version being signed
    digest: str
    blocks: tuple[Block, ...] = ()
    others: tuple[Block, ...] = ()  # signatures of people who are no longer signatories in Setup
    audit_problem: str = ""
    trail: tuple[Any, ...] = field(default=())

    @property
    def signed(self) -> int:
        return sum(b.signature is not None for b in self.blocks)

    @property
    def invalid(self) -> int:
        return sum(bool(b.problem) for b in self.blocks + self.others)

    @property
    def locked_content_changed(self) -> bool:
        v = self.view.version
        return v is not None and v.status != "draft" and bool(v.content_hash) and v.content_hash != self.digest
