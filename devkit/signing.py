"""Signed PDFs made here, for tests and benchmarks: a throwaway CA (cryptography), certificates shaped like the
government CA's (a person's with unit and organisation; a body's with its tax code), pyHanko signing each one
as an incremental update, and the tampering the validity checks must catch.

Nothing here is trusted by anything but the test that made it: the CA lives in memory, its key is discarded.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko_certvalidator.registry import SimpleCertificateStore


@dataclass
class Identity:
    """A certificate and its key, ready for pyHanko."""

    certificate: asn1_x509.Certificate
    key: asn1_keys.PrivateKeyInfo


@dataclass
class TestCa:
    root: Identity

    @property
    def pem(self) -> bytes:
        """The root certificate as PEM, for a trust-roots folder."""
        der = self.root.certificate.dump()
        return x509.load_der_x509_certificate(der).public_bytes(serialization.Encoding.PEM)

    def issue(
        self, common_name: str, organisation: str, unit: str | None = None, tax_code: str | None = None
    ):
        """A signing certificate under this CA: a person's (with the unit) or a body's (with its MST)."""
        parts = [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
        ]
        if unit:
            parts.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, unit))
        if tax_code:
            parts.append(x509.NameAttribute(NameOID.USER_ID, f"MST:{tax_code}"))
        parts.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name))
        return _identity(x509.Name(parts), self.root, ca=False)


def make_ca(name: str = "CA thử nghiệm Kiểm Chứng") -> TestCa:
    subject = x509.Name(
        [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"), x509.NameAttribute(NameOID.COMMON_NAME, name)]
    )
    return TestCa(_identity(subject, None, ca=True))


def _identity(subject: x509.Name, issuer: Identity | None, ca: bool) -> Identity:
    key = ec.generate_private_key(ec.SECP256R1())
    issuer_key = key if issuer is None else serialization.load_der_private_key(issuer.key.dump(), None)
    issuer_name = (
        subject if issuer is None else x509.load_der_x509_certificate(issuer.certificate.dump()).subject
    )
    now = datetime.now(UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=400))
        .not_valid_after(now + timedelta(days=400))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=not ca, content_commitment=not ca, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=ca, crl_sign=ca,
                encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
    )  # fmt: skip
    certificate = builder.sign(issuer_key, hashes.SHA256())  # type: ignore[arg-type]
    der_key = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return Identity(
        asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER)),
        asn1_keys.PrivateKeyInfo.load(der_key),
    )


def sign(
    data: bytes,
    identity: Identity,
    ca: TestCa,
    field: str,
    box: tuple[int, int, int, int] = (350, 100, 500, 160),
) -> bytes:
    """`data` with one more signature, in a new signature field on the first page, as an incremental update."""
    signer = signers.SimpleSigner(
        signing_cert=identity.certificate,
        signing_key=identity.key,
        cert_registry=SimpleCertificateStore.from_certs([ca.root.certificate]),
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    out = signers.sign_pdf(
        writer,
        signers.PdfSignatureMetadata(field_name=field),
        signer=signer,
        new_field_spec=fields.SigFieldSpec(field, box=box, on_page=0),
    )
    return out.getvalue()


def replace_page_content(data: bytes, content: bytes) -> bytes:
    """An incremental update that replaces what the first page draws: the forgery a signature must expose."""
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    page_ref, _ = writer.find_page_for_modification(0)
    page = page_ref.get_object()
    page["/Contents"] = writer.add_object(generic.StreamObject(stream_data=content))
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def add_note(data: bytes, text: str) -> bytes:
    """An incremental update that adds a text annotation to the first page: a reader's note, allowed."""
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    page_ref, _ = writer.find_page_for_modification(0)
    page = page_ref.get_object()
    note = generic.DictionaryObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/Annot"),
            generic.NameObject("/Subtype"): generic.NameObject("/Text"),
            generic.NameObject("/Rect"): generic.ArrayObject(
                [generic.NumberObject(v) for v in (50, 50, 70, 70)]
            ),
            generic.NameObject("/Contents"): generic.TextStringObject(text),
        }
    )
    annotations = page.get("/Annots")
    listed = list(annotations) if isinstance(annotations, generic.ArrayObject) else []
    page["/Annots"] = generic.ArrayObject([*listed, writer.add_object(note)])
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
