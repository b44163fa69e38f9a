"""Meter photos: format from the bytes, EXIF rotation, downscaling to fit 512×512."""

import io

import pytest
from PIL import Image

from config.api import ApiError
from tenant_apps.meters.photos import downscaled_jpeg, image_content_type


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


def test_downscaled_to_fit_512_keeping_the_aspect_ratio():
    content, width, height = downscaled_jpeg(picture((2000, 1000)))
    assert (width, height) == (512, 256)
    assert Image.open(io.BytesIO(content)).format == "JPEG"


def test_small_pictures_are_not_enlarged_and_png_webp_are_accepted():
    assert downscaled_jpeg(picture((300, 200), "PNG", mode="RGBA"))[1:] == (300, 200)
    assert downscaled_jpeg(picture((300, 200), "WEBP"))[1:] == (300, 200)


def test_exif_orientation_turns_the_picture_upright():
    # a landscape shot taken with the phone turned: orientation 6 = rotate 90° clockwise
    assert downscaled_jpeg(picture((1000, 500), orientation=6))[1:] == (256, 512)


def test_format_is_judged_from_the_bytes_not_the_name():
    gif = picture((10, 10), "GIF")
    for content in (gif, b"%PDF-1.7 not a photo", b""):
        with pytest.raises(ApiError) as caught:
            downscaled_jpeg(content)
        assert (caught.value.status, caught.value.code, list(caught.value.fields)) == (
            400,
            "photo_invalid",
            ["photo"],
        )
    assert image_content_type(picture((5, 5), "PNG")) == "image/png"
    with pytest.raises(ApiError):
        downscaled_jpeg(b"\xff\xd8\xff" + b"broken jpeg")
