"""Meter photos: format from the bytes, EXIF rotation, downscaling to fit 512×512."""

import io
from datetime import date

import pytest
from PIL import Image

from config.api import ApiError
from tenant_apps.meters.periods import add_months, month_start, months_between
from tenant_apps.meters.photos import downscaled_jpeg, photo_jpeg, photo_open


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
    with pytest.raises(ApiError):
        downscaled_jpeg(b"\xff\xd8\xff" + b"broken jpeg")


def test_an_opened_photo_is_stored_from_the_same_decoded_picture():
    # given a photo opened once at the AI's size
    image = photo_open(picture((1600, 1200)), side=1024)
    # then the stored copy is made from it, and the opened picture is left as it was
    assert photo_jpeg(image)[1:] == (512, 384)
    assert image.size == (1024, 768)


def test_months_are_counted_across_years():
    assert month_start(date(2026, 3, 31)) == date(2026, 3, 1)
    assert months_between(date(2025, 11, 1), date(2026, 2, 1)) == 3
    assert add_months(date(2026, 1, 31), -1) == date(2025, 12, 1)
    assert add_months(date(2026, 2, 15), -11) == date(2025, 3, 1)
    assert add_months(date(2025, 12, 1), 1) == date(2026, 1, 1)
