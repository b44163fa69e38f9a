"""What a ticket attachment may be: a photo (JPEG, PNG, WebP) or a PDF, told by its bytes, never
by its name. Photos are stored EXIF-rotated, at most TICKET_PHOTO_MAX_PIXELS, re-encoded (which
also drops their metadata: a phone photo carries the GPS position of someone's home)."""

from dataclasses import dataclass

from django.conf import settings

from config.api import ApiError
from shared_apps.core.images import (
    KNOWN_TYPES,
    PHOTO_MAX_PIXELS,
    ImageUnreadable,
    encoded,
    fitted,
    open_upright,
    sniff_content_type,
)

ONLY_PHOTOS_AND_PDF = "Only photos (JPEG, PNG, WebP) and PDF files are accepted"

# content type → file extension; every type shared_apps.core.images recognises is accepted
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "application/pdf": "pdf"}


@dataclass(frozen=True)
class PreparedFile:
    file_name: str
    content: bytes
    content_type: str

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.content_type]


def max_bytes() -> int:
    return settings.TICKET_ATTACHMENT_MAX_BYTES


def max_pixels() -> int:
    return settings.TICKET_PHOTO_MAX_PIXELS


def file_error(message: str, code: str) -> ApiError:
    return ApiError(400, message, code=code, fields={"file": [message]})


def size_check(size: int) -> None:
    if size <= 0:
        raise file_error("The file is empty", "file_empty")
    limit = max_bytes()
    if size > limit:
        raise file_error(f"The file is larger than {limit // (1024 * 1024)} MB", "file_too_large")


def _photo_normalize(content: bytes, pillow_format: str) -> bytes:
    """Upright, at most TICKET_PHOTO_MAX_PIXELS, re-encoded in its own format without metadata."""
    try:
        photo = open_upright(content, max_pixels=PHOTO_MAX_PIXELS)
    except ImageUnreadable as exc:
        raise file_error("The photo cannot be read", "file_unreadable") from exc
    return encoded(fitted(photo, max_pixels=max_pixels()), pillow_format)


def attachment_prepare(file_name: str, content: bytes) -> PreparedFile:
    """Checks an upload and returns what is stored; 400 on the field "file" otherwise."""
    size_check(len(content))
    content_type = sniff_content_type(content)
    if content_type not in EXTENSIONS:
        raise file_error(ONLY_PHOTOS_AND_PDF, "file_type_not_accepted")
    pillow_format = KNOWN_TYPES[content_type]
    if pillow_format is not None:
        content = _photo_normalize(content, pillow_format)
    name = (file_name or "").replace("/", "_").replace("\\", "_").strip()[-200:]
    return PreparedFile(
        file_name=name or f"attachment.{EXTENSIONS[content_type]}", content=content, content_type=content_type
    )
