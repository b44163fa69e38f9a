"""Photos people send (meter readings, ticket attachments, the assistant): the type is told by the
bytes, never by a name or a claimed content type; a picture is measured from its header and
refused when it has too many pixels before anything decodes it (a small file can unpack into
gigabytes), then turned upright by its EXIF orientation. Re-encoding drops the metadata, which on
a phone photo includes the GPS position of someone's home."""

import io

from PIL import Image, ImageOps, UnidentifiedImageError

# The largest picture a phone takes is about this; anything bigger is refused, not decoded.
PHOTO_MAX_PIXELS = 50_000_000

# content type → the Pillow format that must agree with it (None: not a picture)
KNOWN_TYPES = {
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/webp": "WEBP",
    "application/pdf": None,
}
IMAGE_TYPES = frozenset(content_type for content_type, fmt in KNOWN_TYPES.items() if fmt)


class ImageUnreadable(ValueError):
    """Not a JPEG, PNG or WebP picture that can be decoded."""


class ImageTooLarge(ImageUnreadable):
    """More pixels than allowed; refused from the header, before decoding."""


def sniff_content_type(content: bytes) -> str | None:
    """JPEG, PNG, WebP or PDF as the leading bytes prove it, or None."""
    if content.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if len(content) >= 12 and content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp"
    if content.startswith(b"%PDF-"):
        return "application/pdf"
    return None


def open_upright(content: bytes, *, max_pixels: int) -> Image.Image:
    """The decoded picture, turned upright. Raises ImageTooLarge above `max_pixels` (checked on
    the header, before decoding) and ImageUnreadable for anything else that is not a JPEG, PNG or
    WebP picture."""
    content_type = sniff_content_type(content)
    if content_type not in IMAGE_TYPES:
        raise ImageUnreadable("not a JPEG, PNG or WebP picture")
    try:
        image = Image.open(io.BytesIO(content))  # reads the header only
    except Image.DecompressionBombError as exc:
        raise ImageTooLarge(str(exc)) from exc
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise ImageUnreadable(str(exc)) from exc
    if image.format != KNOWN_TYPES[content_type]:
        raise ImageUnreadable(f"{content_type} bytes decode as {image.format}")
    if image.width * image.height > max_pixels:
        raise ImageTooLarge(f"{image.width}x{image.height} is more than {max_pixels} pixels")
    try:
        image.load()
        return ImageOps.exif_transpose(image)
    except (OSError, ValueError, SyntaxError) as exc:
        raise ImageUnreadable(str(exc)) from exc


def fitted(image: Image.Image, *, max_side: int | None = None, max_pixels: int | None = None) -> Image.Image:
    """The picture within max_side×max_side and/or max_pixels, aspect kept, never enlarged. The
    argument itself is left as it is."""
    if max_side is not None and max(image.size) > max_side:
        image = image.copy()
        image.thumbnail((max_side, max_side))
    pixels = image.width * image.height
    if max_pixels is not None and pixels > max_pixels:
        scale = (max_pixels / pixels) ** 0.5
        size = (max(1, int(image.width * scale)), max(1, int(image.height * scale)))
        image = image.resize(size, Image.Resampling.LANCZOS)
    return image


def encoded(image: Image.Image, pillow_format: str, *, quality: int = 85) -> bytes:
    """The picture saved as `pillow_format` (JPEG, PNG or WEBP), without its metadata."""
    if pillow_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")  # JPEG has no alpha; PNG/WebP may
    out = io.BytesIO()
    if pillow_format in ("JPEG", "WEBP"):
        image.save(out, format=pillow_format, quality=quality, optimize=True)
    else:
        image.save(out, format=pillow_format, optimize=True)
    return out.getvalue()


def jpeg_bytes(
    image: Image.Image, *, max_side: int | None = None, max_pixels: int | None = None, quality: int = 85
) -> bytes:
    """The picture as a JPEG within the given size (see `fitted`)."""
    return encoded(fitted(image, max_side=max_side, max_pixels=max_pixels), "JPEG", quality=quality)
