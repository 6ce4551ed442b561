"""The PDF seal: a PAdES baseline B-B signature (pyHanko) over a finished PDF, and checking one offline.

Bytes in, bytes out; the key and certificate come from the caller (app.seal keeps them in the workshop file). The
signature is invisible (the signature page says in words what the seal is) and covers the whole file as signed:
pyHanko signs by appending an incremental update whose /ByteRange spans every byte but the signature itself.
Checking trusts the certificate the PDF carries, since the seal's certificate is self-signed and no authority
vouches for it: what it shows is that the file is unchanged since it was sealed, and by which key.
"""
from __future__ import annotations

import io
from dataclasses import dataclass

FIELD_NAME = "WorkshopSeal"
# Room kept for the CMS signature (an EC P-256 signature with its one certificate is under 2 KB). Saying so spares
# pyHanko a dry run of the whole signature to measure it, a third of the sealing time.
RESERVED = 8192


@dataclass(frozen=True)
class SealCheck:
    """What checking a PDF's seal found; `problem` is "" when the seal holds."""

    sealed: bool  # the PDF carries a signature at all
    problem: str = ""
    fingerprint: str = ""  # SHA-256 of the signing certificate, hex
    subject: str = ""  # the signing certificate's subject, as a person reads it
    info: dict[str, str] | None = None  # the document information dictionary of the PDF, as text

    @property
    def ok(self) -> bool:
        return self.sealed and not self.problem


def seal_pdf(pdf: bytes, *, private_key: bytes, certificate: bytes, reason: str, name: str) -> bytes:
    """`pdf` with a PAdES B-B signature made with `private_key` (PKCS#8 DER) and `certificate` (X.509 DER)."""
    from asn1crypto import keys, x509
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    cert = x509.Certificate.load(certificate)
    signer = signers.SimpleSigner(signing_cert=cert, signing_key=keys.PrivateKeyInfo.load(private_key),
                                  cert_registry=SimpleCertificateStore.from_certs([cert]))
    meta = signers.PdfSignatureMetadata(field_name=FIELD_NAME, subfilter=SigSeedSubFilter.PADES,
                                        md_algorithm="sha256", reason=reason, name=name)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    out = io.BytesIO()
    signers.PdfSigner(meta, signer=signer).sign_pdf(writer, output=out, bytes_reserved=RESERVED)
    return out.getvalue()


def _text(value: object) -> str:
    return str(value) if value is not None else ""


def read_info(pdf: bytes) -> dict[str, str]:
    """The PDF's document information dictionary (keys without the slash), for an unsealed PDF too."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    info = reader.trailer_view.get("/Info")
    if info is None:
        return {}
    return {str(k).lstrip("/"): _text(v) for k, v in info.get_object().items()}


def check_seal(pdf: bytes) -> SealCheck:
    """Check the PDF's seal offline: cryptographically intact, covering the whole file, nothing appended after it.

    Never raises for a damaged or foreign file: what went wrong is the `problem`."""
    import hashlib

    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = reader.embedded_signatures
    except Exception as exc:  # pyHanko raises a variety for a mangled file; all mean "not a PDF we can read"
        return SealCheck(False, f"The file could not be read as a PDF ({type(exc).__name__}: {exc}).")
    try:
        info = read_info(pdf)
    except Exception:  # noqa: BLE001 - a damaged info dictionary is reported through the seal's own check below
        info = {}
    if not signatures:
        return SealCheck(False, "The PDF carries no seal.", info=info)
    if len(signatures) > 1:
        return SealCheck(True, f"The PDF carries {len(signatures)} signatures; a workshop seals its PDF once, so "
                               "something was signed into it after export.", info=info)
    sig = signatures[0]
    try:
        cert = sig.signer_cert
        digest = hashlib.sha256(cert.dump()).hexdigest()
        subject = cert.subject.human_friendly
        # The seal's certificate is self-signed: trust it for this check alone, and say so in the report.
        context = ValidationContext(trust_roots=[cert], allow_fetching=False)
        status = validate_pdf_signature(sig, context)
    except Exception as exc:  # a broken signature dictionary or CMS blob: the seal does not hold
        return SealCheck(True, f"The seal could not be checked: it is damaged ({type(exc).__name__}: {exc}).",
                         info=info)
    found = SealCheck(True, "", digest, subject, info)
    if not status.intact:
        problem = "The PDF was changed after it was sealed: the signed bytes no longer match the seal."
    elif not status.valid:
        problem = "The seal's signature does not verify with the certificate it carries."
    elif status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        problem = "Content was added to the PDF after it was sealed (the seal no longer covers the whole file)."
    elif status.modification_level not in (None, ModificationLevel.NONE):
        problem = "The PDF was updated after it was sealed (an incremental update follows the seal)."
    elif not status.bottom_line:
        problem = "The seal does not hold (pyHanko's overall judgement is negative)."
    else:
        return found
    return SealCheck(True, problem, digest, subject, info)
