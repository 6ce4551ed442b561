"""The seal: a workshop's key made at its first sign-off, a signed version's PDF sealed with it, and `verify_pdf`
telling an intact PDF from one changed by a single byte, one with content appended after the seal, one from
another workshop, a draft, and a file signed before seals existed."""
from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pdf_support import SIGNERS, build, pages_text, sign_as
from sqlalchemy import text

from app import queries
from app.commands import signoff as so
from app.seal import NOT_AN_AUTHORITY, seal_key
from app.sla_hash import content_hash
from app.sla_pdf import PdfOptions, export_workshop_pdf, verify_pdf
from app.workshop import Workshop
from exports.pdf_seal import check_seal


@pytest.fixture
def signed(tmp_path: Path) -> Iterator[Workshop]:
    w = build(tmp_path / "signed.cgw", name="Kickoff 2027", company="Northwind Analytics")
    yield w
    w.close()


@pytest.fixture
def sealed(signed: Workshop, tmp_path: Path) -> Path:
    out = tmp_path / "sealed.pdf"
    assert export_workshop_pdf(signed, out) == []
    return out


def test_the_key_is_made_when_the_version_locks_and_names_the_workshop(tmp_path: Path) -> None:
    from cryptography import x509

    w = build(tmp_path / "k.cgw", sign=2, name="Kickoff 2027", company="Northwind Analytics")
    try:
        assert w.query(seal_key) is None  # partly signed: nothing to seal yet
        sign_as(w, 2)
        key = w.query(seal_key)
        assert key is not None
        cert = x509.load_der_x509_certificate(key.certificate)
        subject = {a.oid._name: a.value for a in cert.subject}
        assert subject == {"commonName": "Kickoff 2027", "organizationName": "Northwind Analytics",
                           "organizationalUnitName": NOT_AN_AUTHORITY}
        assert cert.issuer == cert.subject  # self-signed: the workshop, not an authority
        assert not cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
        # A later lock keeps the same key, so every PDF it sealed stays verifiable.
        v1 = w.query(queries.sla).version
        w.apply(so.new_draft(v1))
        for i in range(len(SIGNERS)):
            sign_as(w, i)
        assert w.query(seal_key) == key
    finally:
        w.close()


def test_a_signed_version_is_sealed_and_verifies(signed: Workshop, sealed: Path) -> None:
    check = check_seal(sealed.read_bytes())
    assert check.ok and check.fingerprint == signed.query(seal_key).fingerprint
    result = verify_pdf(sealed, signed.path)
    digest = content_hash(signed.query(queries.sla))
    assert result.ok, result.lines
    assert (result.content_hash, result.version) == (digest, 1)
    report = "\n".join(result.lines)
    assert "Seal intact" in report and "covers the whole file" in report
    assert "Trusted for this check: the certificate the PDF carries" in report and "self-signed" in report
    assert "signed.cgw's own key" in report and "it is the version in force" in report
    last = " ".join(" ".join(pages_text(sealed)[-2:]).split())
    assert "The seal shows any change made to this PDF after export" in last
    assert "not a certification authority" in last and digest in last
    assert verify_pdf(sealed).ok  # without the workshop: the seal alone


def test_one_byte_changed_inside_the_signed_range_breaks_the_seal(signed: Workshop, sealed: Path,
                                                                 tmp_path: Path) -> None:
    data = bytearray(sealed.read_bytes())
    start, _len1, _start2, _len2 = map(int, re.search(rb"/ByteRange \[\s*(\d+) (\d+) (\d+) (\d+)", data).groups())
    stream = data.index(b"stream", data.index(b"/FlateDecode")) + len(b"stream\n") + 40  # inside a page's content
    assert start <= stream < _len1
    data[stream] ^= 0x01
    flipped = tmp_path / "flipped.pdf"
    flipped.write_bytes(bytes(data))
    result = verify_pdf(flipped, signed.path)
    assert not result.ok
    assert any("changed after it was sealed" in line for line in result.lines), result.lines


def test_an_update_appended_after_the_seal_is_caught(signed: Workshop, sealed: Path, tmp_path: Path) -> None:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    # Claim another content hash in the document information, the cheapest lie about what was signed.
    writer = IncrementalPdfFileWriter(io.BytesIO(sealed.read_bytes()))
    info = writer.trailer["/Info"]
    info[generic.NameObject("/CommonGroundContentHash")] = generic.TextStringObject("0" * 64)
    writer.update_container(info)
    out = io.BytesIO()
    writer.write(out)
    forged = tmp_path / "forged.pdf"
    forged.write_bytes(out.getvalue())
    result = verify_pdf(forged, signed.path)
    assert not result.ok
    assert any("after it was sealed" in line for line in result.lines), result.lines


def test_the_seal_of_another_workshop_is_refused(sealed: Path, tmp_path: Path) -> None:
    other = build(tmp_path / "other.cgw", name="Kickoff 2027", company="Northwind Analytics")
    other.close()
    result = verify_pdf(sealed, tmp_path / "other.cgw")
    assert not result.ok
    assert any("another key than other.cgw's" in line for line in result.lines), result.lines
    assert result.lines[0].startswith("Seal intact")  # the PDF itself is fine: it is just not this workshop's


def test_a_draft_is_reported_not_sealed(tmp_path: Path) -> None:
    w = build(tmp_path / "draft.cgw", sign=1)
    try:
        export_workshop_pdf(w, tmp_path / "draft.pdf")
    finally:
        w.close()
    result = verify_pdf(tmp_path / "draft.pdf", tmp_path / "draft.cgw")
    assert not result.ok and result.lines[0].startswith("Not sealed (draft)")
    assert result.version == 1 and result.content_hash


def test_a_tampered_workshop_exports_unsealed_and_a_sealed_pdf_no_longer_matches_it(signed: Workshop, sealed: Path,
                                                                                    tmp_path: Path) -> None:
    with signed.engine.begin() as conn:
        conn.execute(text("UPDATE commitment SET target = 999 WHERE id = (SELECT MIN(id) FROM commitment)"))
    export_workshop_pdf(signed, tmp_path / "tampered.pdf")
    assert not check_seal((tmp_path / "tampered.pdf").read_bytes()).sealed
    tampered = verify_pdf(tmp_path / "tampered.pdf", signed.path)
    assert not tampered.ok and "did not hold" in tampered.lines[0]
    # The PDF sealed before the change is intact, but the workshop no longer holds its version validly signed.
    earlier = verify_pdf(sealed, signed.path)
    assert not earlier.ok and earlier.lines[0].startswith("Seal intact")
    assert any("no longer hold there" in line for line in earlier.lines), earlier.lines


def test_a_superseded_but_validly_signed_version_is_sealed_and_verifies(signed: Workshop, tmp_path: Path) -> None:
    v1 = signed.query(queries.sla).version
    signed.apply(so.new_draft(v1))
    for i in range(len(SIGNERS)):
        sign_as(signed, i)
    export_workshop_pdf(signed, tmp_path / "v1.pdf", PdfOptions(version_id=v1.id))
    result = verify_pdf(tmp_path / "v1.pdf", signed.path)
    assert result.ok and result.version == 1, result.lines
    assert "superseded by a later signed version" in result.lines[-1]


def test_a_file_signed_before_seals_existed_exports_unsealed_with_a_warning(signed: Workshop,
                                                                            tmp_path: Path) -> None:
    with signed.engine.begin() as conn:
        conn.execute(text("DELETE FROM seal_key"))
    warnings = export_workshop_pdf(signed, tmp_path / "old.pdf")
    assert any("not sealed" in w and "no seal key" in w for w in warnings)
    data = (tmp_path / "old.pdf").read_bytes()
    assert not check_seal(data).sealed
    assert "no seal key" in " ".join(" ".join(pages_text(data)[-2:]).split())
    result = verify_pdf(tmp_path / "old.pdf", signed.path)
    assert not result.ok and result.lines[0].startswith("Not sealed")


def test_verify_reports_a_file_that_is_not_a_pdf(tmp_path: Path) -> None:
    (tmp_path / "junk.pdf").write_bytes(b"%PDF-1.7\nnothing else")
    result = verify_pdf(tmp_path / "junk.pdf")
    assert not result.ok and result.lines
    missing = verify_pdf(tmp_path / "absent.pdf")
    assert not missing.ok and "could not be read" in missing.lines[0]
