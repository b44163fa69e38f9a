"""Telegram notifications of ticket events: who gets which outbox row, in which language, with
which buttons, and when (residents' quiet hours in the condo's time zone; emergencies and
staff at once). Plus the condo settings behind the quiet hours."""

import io
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django.utils import timezone
from PIL import Image

from shared_apps.botrouting.models import ConversationMessage, OutboxMessage
from tenant_apps.condos.models import Condo
from tenant_apps.residents.services import staff_on_call_set
from tenant_apps.tickets import notifications
from tenant_apps.tickets.services import (
    ticket_assign,
    ticket_comment_add,
    ticket_status_change,
    ticket_unassign,
    tickets_close_resolved,
)
from tenants.schemas import in_schema
from tests.helpers import JSON
from tests.tickets.conftest import SOFIA, keyboard, new_ticket, rows_of

LATE_EVENING = datetime(2026, 11, 30, 22, 30, tzinfo=SOFIA)
NEXT_MORNING = datetime(2026, 12, 1, 9, 0, tzinfo=SOFIA)


def test_assignment_sends_the_card_to_the_assignee_and_tells_the_resident(company, place, crew, chats, clock):
    # when Anna's plumbing ticket is auto-assigned to Pavel at noon
    ticket = new_ticket(company, crew.users.anna, place.u12, description="The kitchen tap drips")
    # then Pavel gets the task card with Take
    [card] = rows_of(chats["pavel"])
    assert card.payload["text"] == (
        f"A new task for you.\n\nTask #{ticket.pk}: plumbing\n"
        "Vitosha 12, Sofia, building A, entrance 1, floor 1, unit 12\nStatus: assigned\nThe kitchen tap drips"
    )
    assert keyboard(card) == [[("Take", f"task:company:{ticket.pk}:take")]]
    assert card.deliver_after is None
    # and Anna learns who will come, at once (it is daytime)
    [told] = rows_of(chats["anna"])
    assert told.payload == {"text": f"Your ticket #{ticket.pk} (plumbing) is assigned to Pavel."}
    assert told.deliver_after is None
    # and nobody else hears of it
    assert OutboxMessage.objects.count() == 2


def test_residents_messages_wait_for_the_end_of_quiet_hours_staff_ones_do_not(
    company, place, crew, chats, clock
):
    # given 22:30 in Sofia (quiet hours 21:00–09:00 by default)
    clock(LATE_EVENING)
    # when
    new_ticket(company, crew.users.anna, place.u12)
    # then the card goes to Pavel now, Anna's news at 09:00 local next morning
    assert rows_of(chats["pavel"])[0].deliver_after is None
    assert rows_of(chats["anna"])[0].deliver_after == NEXT_MORNING


def test_quiet_hours_follow_the_condo_time_zone_and_settings(company, place, crew, chats, clock):
    # given Green Hills keeps London time, quiet 22:00–07:30; it is 22:30 in Sofia = 20:30 in London
    with in_schema(company.schema_name):
        Condo.objects.filter(pk=place.hills.pk).update(
            timezone="Europe/London", quiet_hours_start=time(22, 0), quiet_hours_end=time(7, 30)
        )
    clock(LATE_EVENING)
    # when / then: 20:30 in London is not quiet
    new_ticket(company, crew.users.anna, place.u12)
    assert rows_of(chats["anna"])[-1].deliver_after is None
    # when it is 23:00 in London → 07:30 London next morning
    clock(datetime(2026, 11, 30, 23, 0, tzinfo=ZoneInfo("Europe/London")))
    new_ticket(company, crew.users.anna, place.u12)
    assert rows_of(chats["anna"])[-1].deliver_after == datetime(
        2026, 12, 1, 7, 30, tzinfo=ZoneInfo("Europe/London")
    )


def test_each_status_change_reaches_the_resident_and_resolved_asks_for_a_rating(
    company, place, crew, chats, clock
):
    # given Anna's ticket, assigned to Pavel
    ticket = new_ticket(company, crew.users.anna, place.u12)
    with in_schema(company.schema_name), notifications.acting_as(crew.users.pavel.pk):
        # when Pavel takes it and resolves it
        ticket_status_change(ticket=ticket, status="in_progress", actor_id=crew.users.pavel.pk)
        ticket_status_change(ticket=ticket, status="resolved", actor_id=crew.users.pavel.pk)
    # then Anna hears both steps; the last one asks for 1–5 or Skip
    _, taken, resolved = rows_of(chats["anna"])
    assert taken.payload == {"text": f"Ticket #{ticket.pk} (plumbing) is now in progress."}
    assert resolved.payload["text"] == (
        f"Ticket #{ticket.pk} (plumbing) is resolved. How would you rate the work, from 1 to 5?"
    )
    prefix = f"rate:company:{ticket.pk}"
    assert keyboard(resolved) == [
        [(str(n), f"{prefix}:{n}") for n in range(1, 6)],
        [("Skip", f"{prefix}:0")],
    ]
    # and Pavel, whose moves these were (in the bot), got only his card
    assert len(rows_of(chats["pavel"])) == 1


def test_the_assignee_hears_of_a_managers_moves_but_not_of_the_closing(company, place, crew, chats, clock):
    # given Pavel sent Anna's ticket to review
    ticket = new_ticket(company, crew.users.anna, place.u12)
    with in_schema(company.schema_name):
        with notifications.acting_as(crew.users.pavel.pk):
            ticket_status_change(ticket=ticket, status="in_progress", actor_id=crew.users.pavel.pk)
            ticket_status_change(ticket=ticket, status="review", actor_id=crew.users.pavel.pk)
        # when the condo admin returns it, Pavel resolves it, and the job closes it a day later
        with notifications.acting_as(crew.users.ivan.pk):
            ticket_status_change(ticket=ticket, status="in_progress", actor_id=crew.users.ivan.pk)
        with notifications.acting_as(crew.users.pavel.pk):
            ticket_status_change(ticket=ticket, status="resolved", actor_id=crew.users.pavel.pk)
        assert tickets_close_resolved(now=timezone.now() + timedelta(hours=25)) == 1
    # then Pavel got the card, then only the returned task with its next moves
    _, returned = rows_of(chats["pavel"])
    assert returned.payload["text"] == f"Task #{ticket.pk} is now in progress."
    assert keyboard(returned) == [
        [
            ("Send to review", f"task:company:{ticket.pk}:review"),
            ("Resolve", f"task:company:{ticket.pk}:resolve"),
        ]
    ]
    # and Anna heard every step, the closing included
    assert [row.payload["text"] for row in rows_of(chats["anna"])][-2:] == [
        f"Ticket #{ticket.pk} (plumbing) is resolved. How would you rate the work, from 1 to 5?",
        f"Ticket #{ticket.pk} (plumbing) is now closed.",
    ]


def test_reassigning_tells_the_previous_assignee_and_cancelling_tells_assignee_and_resident(
    company, place, crew, chats, clock, director
):
    # given Anna's ticket went to Pavel, who started on it
    ticket = new_ticket(company, crew.users.anna, place.u12)
    with in_schema(company.schema_name):
        with notifications.acting_as(crew.users.pavel.pk):
            ticket_status_change(ticket=ticket, status="in_progress", actor_id=crew.users.pavel.pk)
        # when Pavel falls ill and the condo admin gives the ticket to Petar
        with notifications.acting_as(crew.users.ivan.pk):
            ticket_assign(ticket=ticket, staff_id=crew.petar.pk, actor_id=crew.users.ivan.pk)
    # then Pavel hears it is no longer his, Petar gets the card, Anna who comes now
    taken_away = f"Task #{ticket.pk} (plumbing) has been taken off your list."
    assert [row.payload["text"] for row in rows_of(chats["pavel"])[1:]] == [taken_away]
    assert rows_of(chats["pavel"])[-1].deliver_after is None
    [card] = rows_of(chats["petar"])
    assert card.payload["text"].startswith(f"A new task for you.\n\nTask #{ticket.pk}: plumbing\n")
    assert keyboard(card) == [[("Take", f"task:company:{ticket.pk}:take")]]
    assert rows_of(chats["anna"])[-1].payload == {
        "text": f"Your ticket #{ticket.pk} (plumbing) is assigned to Petar."
    }
    assert rows_of(chats["ivan"]) == []  # his own action
    # when the director cancels the assignment late in the evening
    clock(LATE_EVENING)
    with in_schema(company.schema_name):
        ticket_unassign(ticket=ticket, actor_id=director.pk)
    # then Petar is told at once, Anna next morning (quiet hours)
    [_, petar_told] = rows_of(chats["petar"])
    assert (petar_told.payload, petar_told.deliver_after) == ({"text": taken_away}, None)
    anna_told = rows_of(chats["anna"])[-1]
    assert (anna_told.payload, anna_told.deliver_after) == (
        {"text": f"Your ticket #{ticket.pk} (plumbing) is waiting for a new assignee."},
        NEXT_MORNING,
    )
    assert [row.payload["text"] for row in rows_of(chats["anna"])] == [
        f"Your ticket #{ticket.pk} (plumbing) is assigned to Pavel.",
        f"Ticket #{ticket.pk} (plumbing) is now in progress.",
        f"Your ticket #{ticket.pk} (plumbing) is assigned to Petar.",
        f"Your ticket #{ticket.pk} (plumbing) is waiting for a new assignee.",
    ]
    assert len(rows_of(chats["pavel"])) == 2  # nothing more for Pavel


def test_a_cancelled_emergency_reaches_the_resident_at_once_in_their_language(
    company, place, crew, chats, clock, director
):
    # given Boris (Russian) reported a leak at night; Lina took it (she has no Telegram)
    clock(LATE_EVENING)
    ticket = new_ticket(company, crew.users.boris, place.u1, emergency=True, emergency_reason="leak")
    # when the director cancels the assignment
    with in_schema(company.schema_name):
        ticket_unassign(ticket=ticket, actor_id=director.pk)
    # then Boris hears it now, in Russian
    told = rows_of(chats["boris"])[-1]
    assert (told.payload, told.deliver_after) == (
        {"text": f"Ваша заявка №{ticket.pk} (сантехника) ожидает нового исполнителя."},
        None,
    )


def test_rating_request_in_quiet_hours_waits_for_the_morning(company, place, crew, chats, clock):
    ticket = new_ticket(company, crew.users.anna, place.u12)
    clock(LATE_EVENING)
    with in_schema(company.schema_name):
        ticket_status_change(ticket=ticket, status="in_progress", actor_id=crew.users.pavel.pk)
    assert rows_of(chats["anna"])[-1].deliver_after == NEXT_MORNING


def test_comments_go_to_the_other_side_and_internal_ones_to_no_resident(company, place, crew, chats, clock):
    # given
    ticket = new_ticket(company, crew.users.anna, place.u12)
    with in_schema(company.schema_name):
        # when Pavel writes to the resident, then an internal note, then Anna answers
        ticket_comment_add(ticket=ticket, author_id=crew.users.pavel.pk, text="Coming at 3 pm")
        ticket_comment_add(
            ticket=ticket, author_id=crew.users.pavel.pk, text="Needs a new valve", internal=True
        )
        ticket_comment_add(ticket=ticket, author_id=crew.users.anna.pk, text="I will be home")
    # then
    assert [row.payload["text"] for row in rows_of(chats["anna"])[1:]] == [
        f"New comment on your ticket #{ticket.pk} from Pavel:\nComing at 3 pm"
    ]
    assert [row.payload["text"] for row in rows_of(chats["pavel"])[1:]] == [
        f"The resident commented on task #{ticket.pk}:\nI will be home"
    ]


def test_a_comments_files_follow_it_and_the_conversation_keeps_the_message(
    company, place, crew, chats, clock
):
    # given
    ticket = new_ticket(company, crew.users.anna, place.u12)
    picture = io.BytesIO()
    Image.new("RGB", (64, 48), "red").save(picture, format="JPEG")
    with in_schema(company.schema_name):
        # when Pavel comments with a photo only
        ticket_comment_add(
            ticket=ticket, author_id=crew.users.pavel.pk, text="", files=[("valve.jpg", picture.getvalue())]
        )
        attachment = ticket.attachments.get()
    # then Anna gets the words, then the photo
    _, words, sent_photo = rows_of(chats["anna"])
    assert words.payload == {"text": f"New comment on your ticket #{ticket.pk} from Pavel:\n(files attached)"}
    assert (sent_photo.method, sent_photo.payload) == ("sendPhoto", {"file": attachment.file.name})
    assert list(
        ConversationMessage.objects.filter(account=chats["anna"]).values_list(
            "direction", "text", "schema_name"
        )
    ) == [
        ("out", f"Your ticket #{ticket.pk} (plumbing) is assigned to Pavel.", "company"),
        ("out", words.payload["text"], "company"),
    ]


def test_emergency_alerts_condo_admins_and_matching_on_call_staff_at_once(company, place, crew, chats, clock):
    # given Petar (plumber) and Elena (electrician) are on call; Lina is a plumber of another condo
    with in_schema(company.schema_name):
        staff_on_call_set(profile=crew.petar, on_call=True)
        staff_on_call_set(profile=crew.elena, on_call=True)
        staff_on_call_set(profile=crew.lina, on_call=True)
    clock(LATE_EVENING)
    # when Anna reports a leak at night
    ticket = new_ticket(
        company,
        crew.users.anna,
        place.u12,
        description="Water pours from the ceiling",
        emergency=True,
        emergency_reason="leak",
    )
    # then the condo admin (in Bulgarian) and the on-call plumber are alerted now
    [admin_alert] = rows_of(chats["ivan"])
    assert admin_alert.payload["text"] == (
        f"АВАРИЙНА заявка №{ticket.pk}: теч\n"
        "Vitosha 12, Sofia, building A, entrance 1, floor 1, unit 12\nWater pours from the ceiling"
    )
    [plumber_alert] = rows_of(chats["petar"])
    assert plumber_alert.payload["text"].startswith(f"EMERGENCY ticket #{ticket.pk}: water leak\n")
    assert (admin_alert.deliver_after, plumber_alert.deliver_after) == (None, None)
    assert rows_of(chats["elena"]) == []
    # and the resident's news is not held back either
    assert [row.deliver_after for row in rows_of(chats["anna"])] == [None]


def test_messages_follow_each_persons_language_and_people_without_telegram_are_skipped(
    company, place, crew, chats, clock
):
    # when Boris (Russian) reports in Lake View, whose plumber Lina has no Telegram
    ticket = new_ticket(company, crew.users.boris, place.u1)
    # then Boris is told in Russian and nothing is written for Lina
    assert [row.payload["text"] for row in rows_of(chats["boris"])] == [
        f"Ваша заявка №{ticket.pk} (сантехника) передана исполнителю: Lina."
    ]
    assert OutboxMessage.objects.count() == 1


def test_a_rolled_back_change_sends_nothing(company, place, crew, chats, clock):
    # when the ticket is created inside a transaction that fails afterwards
    with pytest.raises(RuntimeError), transaction.atomic():
        new_ticket(company, crew.users.anna, place.u12)
        raise RuntimeError("something later failed")
    # then
    assert OutboxMessage.objects.count() == 0


# --- condo settings: time zone and quiet hours ------------------------------------------------


def test_quiet_hours_window(company, place):
    with in_schema(company.schema_name):
        condo = Condo.objects.get(pk=place.hills.pk)
    at = lambda hour, minute=0: datetime(2026, 11, 30, hour, minute, tzinfo=SOFIA)  # noqa: E731
    assert condo.quiet_hours_end_after(at(20, 59)) is None
    assert condo.quiet_hours_end_after(at(21, 0)) == NEXT_MORNING
    assert condo.quiet_hours_end_after(at(3, 0)) == datetime(2026, 11, 30, 9, 0, tzinfo=SOFIA)
    assert condo.quiet_hours_end_after(at(9, 0)) is None
    # a window inside one day, and none at all
    condo.quiet_hours_start, condo.quiet_hours_end = time(13, 0), time(15, 0)
    assert condo.quiet_hours_end_after(at(14, 0)) == datetime(2026, 11, 30, 15, 0, tzinfo=SOFIA)
    assert condo.quiet_hours_end_after(at(15, 0)) is None
    condo.quiet_hours_end = time(13, 0)
    assert condo.quiet_hours_end_after(at(13, 0)) is None


def test_condo_settings_api_validates_the_time_zone(company, company_client, director, login):
    # given
    headers = {"HTTP_AUTHORIZATION": f"Bearer {login(company_client, director.email)['access']}"}
    created = company_client.post("/api/v1/condos", {"name": "Green Hills"}, content_type=JSON, **headers)
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["timezone"], body["quiet_hours_start"], body["quiet_hours_end"]) == (
        "Europe/Sofia",
        "21:00:00",
        "09:00:00",
    )
    url = f"/api/v1/condos/{body['id']}"
    # when a wrong time zone is sent
    refused = company_client.patch(
        url, {"timezone": "Mars/Olympus", "quiet_hours_start": "22:00"}, content_type=JSON, **headers
    )
    # then it is refused, field by field, and nothing changes
    assert refused.status_code == 422, refused.content
    assert list(refused.json()["error"]["fields"]) == ["timezone"]
    assert "Unknown time zone" in refused.json()["error"]["fields"]["timezone"][0]
    # when the settings are right
    changed = company_client.patch(
        url,
        {"timezone": "Europe/London", "quiet_hours_start": "22:00", "quiet_hours_end": "07:30"},
        content_type=JSON,
        **headers,
    )
    # then
    assert changed.status_code == 200, changed.content
    assert (
        changed.json()["timezone"],
        changed.json()["quiet_hours_start"],
        changed.json()["quiet_hours_end"],
    ) == (
        "Europe/London",
        "22:00:00",
        "07:30:00",
    )
    with in_schema(company.schema_name):
        stored = Condo.objects.get(pk=body["id"])
    assert (stored.timezone, stored.quiet_hours_start, stored.quiet_hours_end) == (
        "Europe/London",
        time(22, 0),
        time(7, 30),
    )
    bad_time = company_client.patch(url, {"quiet_hours_end": "25:00"}, content_type=JSON, **headers)
    assert bad_time.status_code == 422
    assert list(bad_time.json()["error"]["fields"]) == ["quiet_hours_end"]
