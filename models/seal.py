"""The workshop's seal key: the key pair and self-signed certificate that seal its exported signed SLA PDFs."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from models.areas import Area
from models.base import Base, UtcDateTime


class SealKey(Base, area=Area.SIGNOFF):
    """One row at most: made at the first sign-off, never changed (a PDF sealed with it must stay verifiable)."""

    __tablename__ = "seal_key"
    __table_args__ = (CheckConstraint("id = 1", name="one_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    private_key: Mapped[bytes] = mapped_column(LargeBinary)  # PKCS#8 DER
    certificate: Mapped[bytes] = mapped_column(LargeBinary)  # X.509 DER
    fingerprint: Mapped[str] = mapped_column(String(64))  # SHA-256 of the certificate's DER, hex
