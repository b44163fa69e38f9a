"""Attachments: photos and PDFs told by their bytes, size limit, photos stored EXIF-rotated at
most 2 megapixels, files served only through the API to people who may see the ticket."""

import io

import pytest
from PIL import Image

from config.api import ApiError
from tenant_apps.tickets.models import TicketAttachment, TicketComment
from tenant_apps.tickets.services import ticket_attachment_add, ticket_comment_add
from tenants.schemas import in_schema
from tests.tickets.conftest import new_ticket

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


def photo(width: int, height: int, fmt: str = "JPEG", orientation: int | None = None) -> bytes:
    image = Image.new("RGB", (width, height), (200, 30, 30))
    out = io.BytesIO()
    if orientation is not None:
        exif = Image.Exif()
        exif[0x0112] = orientation
        image.save(out, format=fmt, exif=exif)
    else:
        image.save(out, format=fmt)
    return out.getvalue()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def ticket(company, place, crew):
    return new_ticket(company, crew.users.anna, place.u12)


def add(company, ticket, name, content, user):
    with in_schema(company.schema_name):
        return ticket_attachment_add(ticket=ticket, filename=name, content=content, uploaded_by_id=user.pk)


def refused(company, ticket, name, content, user) -> ApiError:
    with pytest.raises(ApiError) as error:
        add(company, ticket, name, content, user)
    return error.value


def test_type_comes_from_the_bytes_not_the_name(company, ticket, crew):
    # when
    pdf = add(company, ticket, "scan.jpg", PDF, crew.users.anna)
    png = add(company, ticket, "notes.pdf", photo(20, 10, "PNG"), crew.users.anna)
    webp = add(company, ticket, "x", photo(20, 10, "WEBP"), crew.users.pavel)
    exe = refused(company, ticket, "photo.jpg", EXE, crew.users.anna)
    # then
    assert (pdf.content_type, pdf.size, pdf.file_name) == ("application/pdf", len(PDF), "scan.jpg")
    assert pdf.file.name.endswith(".pdf")
    with pdf.file.open("rb") as stored:
        assert stored.read() == PDF
    assert (png.content_type, png.file.name[-4:]) == ("image/png", ".png")
    assert webp.content_type == "image/webp"
    assert (exe.status, exe.fields) == (
        400,
        {"file": ["Only photos (JPEG, PNG, WebP) and PDF files are accepted"]},
    )
    with in_schema(company.schema_name):
        assert TicketAttachment.objects.count() == 3


def test_size_limit_and_broken_photos(company, ticket, crew, settings):
    settings.TICKET_ATTACHMENT_MAX_BYTES = 1024
    too_big = refused(company, ticket, "big.pdf", PDF + b"0" * 1024, crew.users.anna)
    empty = refused(company, ticket, "empty.pdf", b"", crew.users.anna)
    broken = refused(company, ticket, "a.jpg", b"\xff\xd8\xff\xe0" + b"garbage" * 10, crew.users.anna)
    assert (too_big.status, too_big.code, list(too_big.fields)) == (400, "file_too_large", ["file"])
    assert (empty.status, empty.code) == (400, "file_empty")
    assert (broken.status, broken.code) == (400, "file_unreadable")


def test_photos_are_downscaled_to_two_megapixels_and_rotated(company, ticket, crew):
    # when a 12 MP photo and a small one taken sideways (EXIF orientation 6: rotate 90°)
    large = add(company, ticket, "wall.jpg", photo(4000, 3000), crew.users.pavel)
    sideways = add(company, ticket, "pipe.jpg", photo(40, 20, orientation=6), crew.users.pavel)
    # then
    with large.file.open("rb") as stored, Image.open(stored) as image:
        assert image.width * image.height <= 2_000_000
        assert (image.width, image.height) == (1632, 1224)
    with sideways.file.open("rb") as stored, Image.open(stored) as image:
        assert image.size == (20, 40)
        assert image.getexif().get(0x0112) is None
    assert large.size < len(photo(4000, 3000))


def test_only_the_tickets_people_attach(company, ticket, crew):
    error = refused(company, ticket, "a.pdf", PDF, crew.users.boris)
    assert error.status == 403


def test_a_comment_with_files_checks_every_file_first(company, ticket, crew):
    with in_schema(company.schema_name):
        with pytest.raises(ApiError):
            ticket_comment_add(
                ticket=ticket,
                author_id=crew.users.anna.pk,
                text="See the photos",
                files=[("a.jpg", photo(10, 10)), ("b.jpg", EXE)],
            )
        assert (TicketComment.objects.count(), TicketAttachment.objects.count()) == (0, 0)
        comment = ticket_comment_add(
            ticket=ticket, author_id=crew.users.anna.pk, text="", files=[("a.jpg", photo(10, 10))]
        )
        assert [a.comment_id for a in TicketAttachment.objects.all()] == [comment.pk]
        with pytest.raises(ApiError) as internal:
            ticket_comment_add(ticket=ticket, author_id=crew.users.anna.pk, text="psst", internal=True)
        assert list(internal.value.fields) == ["internal"]


def test_files_are_served_only_through_the_api(company, ticket, crew, sign_in, as_role, place, other_company):
    # given
    attachment = add(company, ticket, "leak.pdf", PDF, crew.users.anna)
    path = f"/tickets/{ticket.pk}/attachments/{attachment.pk}"
    # when / then: the assignee and the condo admin get it
    for user in (crew.users.pavel, crew.users.ivan):
        response = sign_in(user, company).get(path)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content) == PDF
    # another plumber, Lake View's admin, a resident: no
    assert sign_in(crew.users.petar, company).get(path).status_code == 403
    assert as_role("condo_admin", place.lake).get(path).status_code == 403
    assert sign_in(crew.users.anna, company).get(path).status_code == 403
    assert (
        sign_in(crew.users.ivan, company)
        .get(f"/tickets/{ticket.pk}/attachments/{attachment.pk + 99}")
        .status_code
        == 404
    )


def test_served_files_are_not_sniffed_nor_cached_and_pdfs_are_downloaded(company, ticket, crew, sign_in):
    # given a PDF and a photo on the ticket
    pdf = add(company, ticket, "act.pdf", PDF, crew.users.anna)
    jpeg = add(company, ticket, "tap.jpg", photo(20, 10), crew.users.anna)
    ivan = sign_in(crew.users.ivan, company)
    # when the condo admin opens both
    served = {
        kind: ivan.get(f"/tickets/{ticket.pk}/attachments/{attachment.pk}")
        for kind, attachment in (("pdf", pdf), ("jpeg", jpeg))
    }
    # then neither is sniffed or cached; the PDF is a download, the photo shows inline
    headers = {
        kind: (
            response.status_code,
            response["Content-Type"],
            response["Content-Disposition"],
            response["X-Content-Type-Options"],
            response["Cache-Control"],
        )
        for kind, response in served.items()
    }
    assert headers == {
        "pdf": (200, "application/pdf", 'attachment; filename="act.pdf"', "nosniff", "private, no-store"),
        "jpeg": (200, "image/jpeg", 'inline; filename="tap.jpg"', "nosniff", "private, no-store"),
    }
