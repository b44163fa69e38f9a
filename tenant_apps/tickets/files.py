"""What a ticket attachment may be: a photo (JPEG, PNG, WebP) or a PDF, told by its bytes, never
by its name. Photos are stored EXIF-rotated, at most TICKET_PHOTO_MAX_PIXELS, re-encoded (which
also drops their metadata: a phone photo carries the GPS position of someone's home)."""

import io
from dataclasses import dataclass

from django.conf import settings
from PIL import Image, ImageOps, UnidentifiedImageError

from config.api import ApiError

ONLY_PHOTOS_AND_PDF = "Only photos (JPEG, PNG, WebP) and PDF files are accepted"

# content type → (file extension, Pillow format; None: not an image)
KINDS = {
    "image/jpeg": ("jpg", "JPEG"),
    "image/png": ("png", "PNG"),
    "image/webp": ("webp", "WEBP"),
    "application/pdf": ("pdf", None),
}


@dataclass(frozen=True)
class PreparedFile:
    file_name: str
    content: bytes
    content_type: str

    @property
    def extension(self) -> str:
        return KINDS[self.content_type][0]


def max_bytes() -> int:
    return settings.TICKET_ATTACHMENT_MAX_BYTES


def max_pixels() -> int:
    return settings.TICKET_PHOTO_MAX_PIXELS


def file_error(message: str, code: str) -> ApiError:
    return ApiError(400, message, code=code, fields={"file": [message]})


def content_type_detect(content: bytes) -> str | None:
    """The content type the leading bytes prove, or None."""
    if content.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if len(content) >= 12 and content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp"
    if content.startswith(b"%PDF-"):
        return "application/pdf"
    return None


def size_check(size: int) -> None:
    if size <= 0:
        raise file_error("The file is empty", "file_empty")
    limit = max_bytes()
    if size > limit:
        raise file_error(f"The file is larger than {limit // (1024 * 1024)} MB", "file_too_large")


def _photo_normalize(content: bytes, pillow_format: str) -> bytes:
    try:
        with Image.open(io.BytesIO(content)) as image:
            image.load()
            photo = ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise file_error("The photo cannot be read", "file_unreadable") from exc
    pixels, limit = photo.width * photo.height, max_pixels()
    if pixels > limit:
        scale = (limit / pixels) ** 0.5
        size = (max(1, int(photo.width * scale)), max(1, int(photo.height * scale)))
        photo = photo.resize(size, Image.Resampling.LANCZOS)
    if pillow_format == "JPEG" and photo.mode not in ("RGB", "L"):
        photo = photo.convert("RGB")
    out = io.BytesIO()
    options = {"quality": 85} if pillow_format in ("JPEG", "WEBP") else {"optimize": True}
    photo.save(out, format=pillow_format, **options)
    return out.getvalue()


def attachment_prepare(file_name: str, content: bytes) -> PreparedFile:
    """Checks an upload and returns what is stored; 400 on the field "file" otherwise."""
    size_check(len(content))
    content_type = content_type_detect(content)
    if content_type is None:
        raise file_error(ONLY_PHOTOS_AND_PDF, "file_type_not_accepted")
    pillow_format = KINDS[content_type][1]
    if pillow_format is not None:
        content = _photo_normalize(content, pillow_format)
    name = (file_name or "").replace("/", "_").replace("\\", "_").strip()[-200:]
    return PreparedFile(
        file_name=name or f"attachment.{KINDS[content_type][0]}", content=content, content_type=content_type
    )
