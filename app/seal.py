"""The workshop's seal key: an EC P-256 key pair and a self-signed X.509 certificate, kept in the workshop file.

Made once, at the first sign-off (`ensure_seal_key`, called by the Lock command), and never changed, so every PDF
it sealed stays verifiable against the file. What the seal proves, stated in the certificate and on the PDF: the PDF
is unchanged since this workshop file exported it. The key is stored unencrypted in the file (there is no one to
ask for a passphrase at a projector), so whoever holds the file can seal with it; the certificate names the
workshop, not a person, and no certification authority vouches for it.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from models import Workshop

# X.509's upper bound for a name attribute (RFC 5280): longer workshop names are cut, the certificate still names it.
NAME_MAX = 64
NOT_AN_AUTHORITY = "Self-signed by the workshop file, not a certification authority"
VALID_YEARS = 100  # a sealed PDF must verify for as long as anyone keeps the agreement


@dataclass(frozen=True)
class SealMaterial:
    private_key: bytes  # PKCS#8 DER
    certificate: bytes  # X.509 DER
    fingerprint: str  # SHA-256 of the certificate, hex
    created_at: dt.datetime


def fingerprint(certificate_der: bytes) -> str:
    return hashlib.sha256(certificate_der).hexdigest()


def _attribute(text: str) -> str:
    # Control characters and lone surrogates have no place in a certificate; the rest of the name is kept.
    clean = "".join(ch for ch in text if ch.isprintable()).encode("utf-8", "replace").decode("utf-8")
    return clean.strip()[:NAME_MAX]


def make_seal(name: str, company: str, now: dt.datetime) -> SealMaterial:
    """A new key pair and its self-signed certificate, subject: the workshop's name and company."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, _attribute(name) or "Common Ground workshop")]
    if _attribute(company):
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, _attribute(company)))
    attributes.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, NOT_AN_AUTHORITY))
    subject = x509.Name(attributes)
    cert = (x509.CertificateBuilder()
            .subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))  # a signer's clock a little behind still verifies
            .not_valid_after(now + dt.timedelta(days=365 * VALID_YEARS))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256()))
    cert_der = cert.public_bytes(serialization.Encoding.DER)
    key_der = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return SealMaterial(key_der, cert_der, fingerprint(cert_der), now)


def seal_key(s: Session) -> SealMaterial | None:
    """The workshop's seal key, or None for a file signed before seals existed (or never signed)."""
    from models import SealKey

    t = SealKey.__table__
    row = s.connection().execute(
        select(t.c.private_key, t.c.certificate, t.c.fingerprint, t.c.created_at).where(t.c.id == 1)).first()
    return SealMaterial(*row) if row else None


def ensure_seal_key(session: Session) -> None:
    """Make the workshop's seal key if it has none (inside the caller's transaction)."""
    from models import SealKey

    if seal_key(session) is not None:
        return
    w = session.connection().execute(select(Workshop.name, Workshop.company).where(Workshop.id == 1)).first()
    name, company = (w[0] or "", w[1] or "") if w else ("", "")
    made = make_seal(name, company, dt.datetime.now(dt.UTC))
    session.execute(insert(SealKey.__table__).values(id=1, created_at=made.created_at, private_key=made.private_key,
                                                     certificate=made.certificate, fingerprint=made.fingerprint))
