"""Meter photos: JPEG, PNG or WebP told by the bytes, turned upright by their EXIF orientation and
downscaled before anything keeps or sends them (shared_apps.core.images does the work)."""

from PIL import Image

from config.api import ApiError
from shared_apps.core.images import (
    IMAGE_TYPES,
    PHOTO_MAX_PIXELS,
    ImageTooLarge,
    ImageUnreadable,
    fitted,
    jpeg_bytes,
    open_upright,
    sniff_content_type,
)

STORED_SIDE = 512  # SPEC §7: photos are kept at about 512×512
VISION_SIDE = 1024  # enough for the AI to read the digits, small enough to send quickly


def _bad_photo(reason: str) -> ApiError:
    return ApiError(400, reason, code="photo_invalid", fields={"photo": [reason]})


def photo_open(content: bytes, *, side: int = VISION_SIDE) -> Image.Image:
    """The photo upright and fitting side×side; 400 on the field "photo" when it is not one."""
    if sniff_content_type(content) not in IMAGE_TYPES:
        raise _bad_photo("Only JPEG, PNG and WebP photos are accepted.")
    try:
        return fitted(open_upright(content, max_pixels=PHOTO_MAX_PIXELS), max_side=side)
    except ImageTooLarge as exc:
        raise _bad_photo("The photo is too large.") from exc
    except ImageUnreadable as exc:
        raise _bad_photo("The photo cannot be read.") from exc


def photo_jpeg(image: Image.Image, *, side: int = STORED_SIDE) -> tuple[bytes, int, int]:
    """(JPEG bytes, width, height) of an opened photo fitting side×side, never enlarged."""
    image = fitted(image, max_side=side)
    return jpeg_bytes(image), image.width, image.height


def downscaled_jpeg(content: bytes, *, side: int = STORED_SIDE) -> tuple[bytes, int, int]:
    """(JPEG bytes, width, height): the photo's bytes upright, fitting side×side, never enlarged."""
    return photo_jpeg(photo_open(content, side=side), side=side)
