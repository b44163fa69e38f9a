"""Meter photos: the format is checked from the bytes (JPEG, PNG or WebP only), the picture is
turned upright by its EXIF orientation and downscaled before anything keeps or sends it."""

import io

from PIL import Image, ImageOps, UnidentifiedImageError

from config.api import ApiError

STORED_SIDE = 512  # SPEC §7: photos are kept at about 512×512
VISION_SIDE = 1024  # enough for the AI to read the digits, small enough to send quickly
ALLOWED_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
MAX_PIXELS = 50_000_000  # a decompression bomb is refused before it is decoded


def _bad_photo(reason: str) -> ApiError:
    return ApiError(400, reason, code="photo_invalid", fields={"photo": [reason]})


def image_content_type(content: bytes) -> str:
    """The MIME type from the bytes themselves (what the sender claims is not trusted)."""
    if content.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp"
    raise _bad_photo("Only JPEG, PNG and WebP photos are accepted.")


def _open(content: bytes) -> Image.Image:
    image_content_type(content)
    try:
        image = Image.open(io.BytesIO(content))
        if image.format not in ALLOWED_FORMATS:
            raise _bad_photo("Only JPEG, PNG and WebP photos are accepted.")
        if image.width * image.height > MAX_PIXELS:
            raise _bad_photo("The photo is too large.")
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise _bad_photo("The photo cannot be read.") from exc
    return image


def downscaled_jpeg(content: bytes, *, side: int = STORED_SIDE) -> tuple[bytes, int, int]:
    """(JPEG bytes, width, height): upright, fitting side×side, never enlarged."""
    image = ImageOps.exif_transpose(_open(content))
    image.thumbnail((side, side))
    if image.mode != "RGB":
        image = image.convert("RGB")  # JPEG has no alpha; PNG/WebP may
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85, optimize=True)
    return out.getvalue(), image.width, image.height
