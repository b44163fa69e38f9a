"""The shared photo handling: types from the bytes, decompression bombs refused before decoding,
EXIF rotation, downscaling and re-encoding without metadata."""

import io

import pytest
from PIL import Image, ImageFile

from shared_apps.core.images import (
    ImageTooLarge,
    ImageUnreadable,
    encoded,
    fitted,
    jpeg_bytes,
    open_upright,
    sniff_content_type,
)


def picture(size, fmt="JPEG", *, orientation=None, mode="RGB") -> bytes:
    image = Image.new(mode, size, "white")
    out = io.BytesIO()
    if orientation is not None:
        exif = Image.Exif()
        exif[0x0112] = orientation  # Orientation tag
        image.save(out, format=fmt, exif=exif)
    else:
        image.save(out, format=fmt)
    return out.getvalue()


def test_types_are_told_by_the_leading_bytes():
    assert sniff_content_type(picture((4, 4))) == "image/jpeg"
    assert sniff_content_type(picture((4, 4), "PNG")) == "image/png"
    assert sniff_content_type(picture((4, 4), "WEBP")) == "image/webp"
    assert sniff_content_type(b"%PDF-1.7\n...") == "application/pdf"
    assert sniff_content_type(picture((4, 4), "GIF")) is None
    assert sniff_content_type(b"RIFF\x00\x00") is None  # too short to be a WebP
    assert sniff_content_type(b"") is None


def test_a_decompression_bomb_is_refused_before_it_is_decoded(monkeypatch):
    # given a 4000×4000 PNG: a few kilobytes that unpack into 16 million pixels
    bomb = picture((4000, 4000), "PNG", mode="1")
    assert len(bomb) < 10_000
    decoded = []
    real_load = ImageFile.ImageFile.load
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda image: decoded.append(image) or real_load(image))
    # when it is opened with a limit of 1 million pixels
    with pytest.raises(ImageTooLarge):
        open_upright(bomb, max_pixels=1_000_000)
    # then nothing was decoded; within the limit it is
    assert decoded == []
    assert open_upright(bomb, max_pixels=16_000_000).size == (4000, 4000)
    assert decoded


def test_exif_orientation_turns_the_picture_upright():
    # orientation 6: the phone was turned, the picture is shown rotated 90° clockwise
    assert open_upright(picture((40, 20), orientation=6), max_pixels=10_000).size == (20, 40)
    assert open_upright(picture((40, 20)), max_pixels=10_000).size == (40, 20)


def test_only_readable_jpeg_png_and_webp_are_opened():
    for content in (picture((4, 4), "GIF"), b"%PDF-1.7 not a photo", b"", b"\xff\xd8\xff" + b"broken"):
        with pytest.raises(ImageUnreadable) as caught:
            open_upright(content, max_pixels=10_000)
        assert type(caught.value) is ImageUnreadable
    # a PNG claimed by JPEG-looking bytes is not taken for what it claims
    with pytest.raises(ImageUnreadable):
        open_upright(b"\xff\xd8\xff" + picture((4, 4), "PNG")[3:], max_pixels=10_000)


def test_downscaling_keeps_the_aspect_never_enlarges_and_leaves_the_original():
    image = open_upright(picture((2000, 1000)), max_pixels=10_000_000)
    assert fitted(image, max_side=512).size == (512, 256)
    assert fitted(image, max_pixels=500_000).size == (1000, 500)
    assert fitted(image, max_side=4000).size == (2000, 1000)
    assert image.size == (2000, 1000)


def test_encoding_drops_the_metadata_and_alpha_for_jpeg():
    with_exif = open_upright(picture((40, 20), orientation=6), max_pixels=10_000)
    stored = Image.open(io.BytesIO(jpeg_bytes(with_exif, max_side=30, quality=70)))
    assert (stored.format, stored.size, stored.getexif().get(0x0112)) == ("JPEG", (15, 30), None)
    transparent = open_upright(picture((10, 10), "PNG", mode="RGBA"), max_pixels=10_000)
    assert Image.open(io.BytesIO(encoded(transparent, "JPEG"))).mode == "RGB"
    assert Image.open(io.BytesIO(encoded(transparent, "PNG"))).mode == "RGBA"
