"""The daily meters cleaner: unattached photos after 7 days, refused attempts after 60 days,
soft-deleted; readings and the photos they carry stay whatever their age."""

import io
from datetime import timedelta

from django.utils import timezone
from PIL import Image

from tenant_apps.meters.models import Reading, ReadingAttempt, ReadingPhoto
from tenant_apps.meters.services import reading_photo_store, reading_submit
from tenant_apps.meters.tasks import meters_cleanup_daily
from tenants.schemas import in_schema


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(out, format="JPEG")
    return out.getvalue()


def aged(model, pk, days):
    model.all_objects.filter(pk=pk).update(created_at=timezone.now() - timedelta(days=days))


def test_daily_cleaner_removes_only_stale_photos_and_attempts(company, place):
    with in_schema(company.schema_name):
        # given a two-year-old reading with its photo, and a replaced one from the same month
        old = reading_submit(
            meter=place.cold, zone="", value="5", source="bot_photo", entered_by_id=None, photo=jpeg()
        )
        newer = reading_submit(meter=place.cold, zone="", value="6", source="bot_text", entered_by_id=None)
        for reading in (old, newer):
            aged(Reading, reading.pk, 730)
        aged(ReadingPhoto, old.photo_id, 730)
        # and unattached photos of 8 days and 6 days, attempts of 61 days and 59 days
        stale_photo, fresh_photo = reading_photo_store(content=jpeg()), reading_photo_store(content=jpeg())
        aged(ReadingPhoto, stale_photo.pk, 8)
        aged(ReadingPhoto, fresh_photo.pk, 6)
        attempts = [
            ReadingAttempt.objects.create(
                meter=place.cold, zone="", period=old.period, value=1, code="reading_decreased"
            )
            for _ in range(2)
        ]
        aged(ReadingAttempt, attempts[0].pk, 61)
        aged(ReadingAttempt, attempts[1].pk, 59)
    # when the daily job runs
    meters_cleanup_daily.call_local()
    # then the stale photo and attempt are soft-deleted, everything else is live
    with in_schema(company.schema_name):
        assert sorted(Reading.objects.values_list("pk", flat=True)) == [old.pk, newer.pk]
        assert sorted(ReadingPhoto.objects.values_list("pk", flat=True)) == [old.photo_id, fresh_photo.pk]
        assert ReadingPhoto.all_objects.get(pk=stale_photo.pk).deleted_at is not None
        assert list(ReadingAttempt.objects.values_list("pk", flat=True)) == [attempts[1].pk]
        assert ReadingAttempt.all_objects.get(pk=attempts[0].pk).deleted_at is not None
