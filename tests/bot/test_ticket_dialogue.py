"""Tickets through the assistant end to end: webhook → queue → understanding → handler →
services → notifications → outbox → sender → (fake) Telegram, against real rows.

Green Hills (emergency phone +359 2 123): Anna lives in unit 12, Boris in unit 14; Pavel and
Petar are plumbers (Petar on call), Grigor is the security guard, Ivan the condo admin. Olga
lives in a condo of another company."""

from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from shared_apps.accounts.models import CompanyRole, User
from shared_apps.botrouting.models import TelegramAccount
from tenant_apps.condos.models import UnitType
from tenant_apps.condos.services import building_create, condo_create, entrance_create, unit_create
from tenant_apps.residents.services import resident_link, staff_join, staff_on_call_set
from tenant_apps.tickets import notifications
from tenant_apps.tickets.models import Ticket, TicketAttachment
from tenant_apps.tickets.services import ticket_create
from tenants.schemas import in_schema
from tests.bot import updates
from tests.bot.updates import jpeg

DAYTIME = datetime(2026, 11, 30, 12, 0, tzinfo=ZoneInfo("Europe/Sofia"))
PEOPLE = {  # name → (Telegram id, language)
    "anna": (6001, "en"),
    "boris": (6002, "en"),
    "pavel": (6003, "en"),
    "petar": (6004, "en"),
    "grigor": (6005, "en"),
    "ivan": (6006, "en"),
    "olga": (6007, "en"),
}


def sender(name: str) -> dict:
    telegram_id, language = PEOPLE[name]
    return {"id": telegram_id, "first_name": name.capitalize(), "language_code": language}


def message(name: str, text: str) -> dict:
    return updates.message(text, sender(name))


def photo(name: str, file_id: str, caption: str = "") -> dict:
    return updates.photo_message(file_id, sender(name), caption)


def press(name: str, data: str) -> dict:
    return updates.press(data, sender(name))


@pytest.fixture
def telegram(telegram, monkeypatch):
    # Noon in Sofia: no resident message waits for the end of quiet hours.
    monkeypatch.setattr(notifications, "_now", lambda: DAYTIME)
    return telegram


@pytest.fixture
def chat(telegram, post_update):
    """chat.send(update) → what the bot sent to each chat since the last send:
    {name: [(text, [[callback data]])]}."""
    names = {telegram_id: name for name, (telegram_id, _) in PEOPLE.items()}
    seen = [0]

    def send(update: dict) -> dict[str, list[tuple[str, list[list[str]]]]]:
        assert post_update(update).status_code == 200
        call_command("runsender", "--once")
        fresh = telegram.sent_messages[seen[0] :]
        seen[0] = len(telegram.sent_messages)
        out: dict[str, list] = {}
        for sent in fresh:
            markup = sent["params"].get("reply_markup") or {}
            keys = [[button["callback_data"] for button in row] for row in markup.get("inline_keyboard", [])]
            out.setdefault(names[int(sent["chat_id"])], []).append((sent["text"], keys))
        return out

    return SimpleNamespace(send=send)


def created(number: int, category: str, staff: str) -> str:
    return (
        f"Ticket #{number} is created ({category}) and assigned to {staff}. "
        "You can send photos of the problem now."
    )


def texts(sent: list[tuple[str, list]]) -> list[str]:
    return [text for text, _ in sent]


def _unit(building, entrance, number):
    residential = UnitType.objects.get(condo=building.condo, code="residential")
    return unit_create(building=building, entrance=entrance, number=number, area="50", unit_type=residential)


@pytest.fixture
def town(company, other_company, telegram):
    users = {
        name: User.objects.create_user(
            email=f"{name}@people.test", first_name=name.capitalize(), password=None
        )
        for name in PEOPLE
    }
    with in_schema(company.schema_name):
        hills = condo_create(
            name="Green Hills", city="Sofia", street="Vitosha", house="12", emergency_phone="+359 2 123"
        )
        building = building_create(condo=hills, name="A")
        entrance = entrance_create(building=building, name="1")
        u12, u14 = _unit(building, entrance, "12"), _unit(building, entrance, "14")
        resident_link(unit=u12, user=users["anna"])
        resident_link(unit=u14, user=users["boris"])
        staff_join(user=users["pavel"], condo=hills, specialization_codes=["plumber"])
        petar = staff_join(user=users["petar"], condo=hills, specialization_codes=["plumber"])
        staff_on_call_set(profile=petar, on_call=True)
        staff_join(user=users["grigor"], condo=hills, specialization_codes=["security"])
        staff_join(user=users["ivan"], condo=hills, role=CompanyRole.CONDO_ADMIN)
    with in_schema(other_company.schema_name):
        lake = condo_create(name="Lake View", city="Varna")
        building = building_create(condo=lake, name="L")
        olga_unit = _unit(building, entrance_create(building=building, name="1"), "1")
        resident_link(unit=olga_unit, user=users["olga"])
    for name, (telegram_id, language) in PEOPLE.items():
        TelegramAccount.objects.create(
            telegram_user_id=telegram_id,
            chat_id=telegram_id,
            user=users[name],
            language_code=language,
            privacy_shown_at="2026-01-01T00:00Z",
        )
    return SimpleNamespace(users=SimpleNamespace(**users), hills=hills, u12=u12, u14=u14, olga_unit=olga_unit)


def ticket_of(company, pk: int) -> Ticket:
    with in_schema(company.schema_name):
        return Ticket.objects.select_related("assignee").get(pk=pk)


def test_resident_reports_a_leak_with_photos_and_the_emergency_is_handled(chat, company, telegram, town):
    # when Anna sends a photo of a leak with a caption
    first = telegram.add_file(jpeg(), file_path="photos/leak1.jpg")
    sent = chat.send(photo("anna", first.file_id, "Water is leaking from the ceiling in the bathroom"))
    # then she is told the emergency phone first, the ticket number, the photo, and asked about entry
    with in_schema(company.schema_name):
        ticket = Ticket.objects.select_related("category").get()
    number = ticket.pk
    assert texts(sent["anna"]) == [
        "This looks like an emergency (water leak). Call the emergency phone now: +359 2 123.",
        created(number, "plumbing", "Pavel"),
        f"Photo attached to ticket #{number}.",
        "May staff enter your unit when nobody is home?",
    ]
    assert sent["anna"][-1][1] == [[f"entry:company:{number}:1", f"entry:company:{number}:0"]]
    assert (ticket.emergency, ticket.emergency_reason, ticket.category.code, ticket.unit_id) == (
        True,
        "leak",
        "plumbing",
        town.u12.pk,
    )
    # and the condo admin and the on-call plumber are alerted at once; Pavel gets the task card
    where = "Vitosha 12, Sofia, building A, entrance 1, unit 12"
    alert = (
        f"EMERGENCY ticket #{number}: water leak\n{where}\nWater is leaking from the ceiling in the bathroom"
    )
    assert texts(sent["ivan"]) == [alert]
    assert texts(sent["petar"]) == [alert]
    [(card, card_buttons)] = sent["pavel"]
    assert card.startswith(f"A new task for you.\n\nTask #{number}: plumbing\n{where}\nStatus: assigned\n")
    assert "EMERGENCY: water leak" in card
    assert card_buttons == [[f"task:company:{number}:take"]]
    assert set(sent) == {"anna", "ivan", "petar", "pavel"}
    # when she sends one more photo, without words
    second = telegram.add_file(jpeg(), file_path="photos/leak2.jpg")
    assert texts(chat.send(photo("anna", second.file_id))["anna"]) == [f"Photo attached to ticket #{number}."]
    # when she answers that staff may enter
    sent = chat.send(press("anna", f"entry:company:{number}:1"))
    # then it is stored and confirmed
    assert texts(sent["anna"]) == [f"Noted for ticket #{number}: staff may enter when nobody is home."]
    assert ticket_of(company, number).entry_allowed is True
    with in_schema(company.schema_name):
        assert TicketAttachment.objects.filter(ticket_id=number, content_type="image/jpeg").count() == 2


def test_ticket_goes_from_report_to_rating(chat, company, town):
    # when Anna reports a problem that is no emergency
    sent = chat.send(message("anna", "The toilet flush is broken"))
    with in_schema(company.schema_name):
        number = Ticket.objects.get().pk
    # then no emergency words; the ticket went to Pavel, who got the card
    assert texts(sent["anna"])[0] == created(number, "plumbing", "Pavel")
    assert "ivan" not in sent and "petar" not in sent
    [(_, take)] = sent["pavel"]
    # when Pavel presses Take
    sent = chat.send(press("pavel", take[0][0]))
    # then the task is in progress, Pavel sees the next moves, Anna is told
    assert sent["pavel"] == [
        (
            f"Task #{number} is now in progress.",
            [[f"task:company:{number}:review", f"task:company:{number}:resolve"]],
        )
    ]
    assert texts(sent["anna"]) == [f"Ticket #{number} (plumbing) is now in progress."]
    # when Pavel resolves it by number
    sent = chat.send(message("pavel", f"resolve {number}"))
    # then Anna is asked for a rating
    assert texts(sent["pavel"]) == [f"Task #{number} is now resolved."]
    [(request, rating_keys)] = sent["anna"]
    assert request == f"Ticket #{number} (plumbing) is resolved. How would you rate the work, from 1 to 5?"
    assert rating_keys == [[f"rate:company:{number}:{n}" for n in range(1, 6)], [f"rate:company:{number}:0"]]
    # when she presses 4
    sent = chat.send(press("anna", rating_keys[0][3]))
    # then the rating is stored at once and she is asked for a comment
    assert sent["anna"] == [
        (
            f"Thank you! Your rating of ticket #{number} (4/5) is saved. Would you like to add "
            "a comment? Write it now, or press Skip.",
            [[f"rate:company:{number}:skip"]],
        )
    ]
    assert (ticket_of(company, number).rating, ticket_of(company, number).rating_comment) == (4, "")
    # when she writes a comment
    sent = chat.send(message("anna", "Quick and clean work"))
    # then it is stored with the rating
    assert texts(sent["anna"]) == [f"Your comment on the rating of ticket #{number} is saved. Thank you!"]
    stored = ticket_of(company, number)
    assert (stored.status, stored.rating, stored.rating_comment) == ("resolved", 4, "Quick and clean work")
    # when Pavel presses the old Take button again
    sent = chat.send(press("pavel", take[0][0]))
    # then he is told why not, and nothing changes
    assert texts(sent["pavel"]) == [f"Ticket #{number} is resolved now, so this step is not possible."]
    assert ticket_of(company, number).status == "resolved"
    # when Anna asks for her tickets
    sent = chat.send(message("anna", "my tickets"))
    assert texts(sent["anna"]) == [
        f"Your tickets:\n#{number} · plumbing · resolved — The toilet flush is broken"
    ]


def resolved_ticket(chat, company) -> int:
    """Anna's ticket, taken and resolved by Pavel: she has the rating buttons."""
    chat.send(message("anna", "The toilet flush is broken"))
    with in_schema(company.schema_name):
        number = Ticket.objects.get().pk
    chat.send(message("pavel", f"take {number}"))
    chat.send(message("pavel", f"resolve {number}"))
    return number


def test_the_comment_can_be_skipped_and_a_rating_is_stored_once(chat, company, town):
    number = resolved_ticket(chat, company)
    # when Anna rates 5 and skips the comment
    chat.send(press("anna", f"rate:company:{number}:5"))
    sent = chat.send(press("anna", f"rate:company:{number}:skip"))
    # then the rating stays without a comment
    assert texts(sent["anna"]) == [f"All right, your rating of ticket #{number} stays without a comment."]
    assert (ticket_of(company, number).rating, ticket_of(company, number).rating_comment) == (5, "")
    # when she presses another number on the old message
    sent = chat.send(press("anna", f"rate:company:{number}:1"))
    # then the first rating stays
    assert texts(sent["anna"]) == [f"Ticket #{number} is already rated. Thank you!"]
    assert ticket_of(company, number).rating == 5
    # when she writes later, the question is over: her words are no rating comment
    sent = chat.send(message("anna", "Nice work"))
    assert texts(sent["anna"]) == ["Sorry, I didn't understand that. Could you please rephrase?"]
    assert ticket_of(company, number).rating_comment == ""


def test_a_rating_pressed_is_kept_when_the_resident_moves_on(chat, company, town):
    number = resolved_ticket(chat, company)
    # when Anna presses 4 and then asks for her tickets instead of commenting
    chat.send(press("anna", f"rate:company:{number}:4"))
    sent = chat.send(message("anna", "my tickets"))
    # then her request is answered, the rating is kept, and no comment is taken from it
    assert texts(sent["anna"]) == [
        f"Your tickets:\n#{number} · plumbing · resolved — The toilet flush is broken"
    ]
    assert (ticket_of(company, number).rating, ticket_of(company, number).rating_comment) == (4, "")
    # when she presses a second rating for the same ticket
    sent = chat.send(press("anna", f"rate:company:{number}:2"))
    # then the first one stays
    assert texts(sent["anna"]) == [f"Ticket #{number} is already rated. Thank you!"]
    assert ticket_of(company, number).rating == 4


def test_residents_see_only_their_own_tickets(chat, company, town):
    # given Boris (unit 14) has a ticket
    with in_schema(company.schema_name):
        boris_ticket = ticket_create(
            condo_id=town.hills.pk,
            unit_id=town.u14.pk,
            author_id=town.users.boris.pk,
            author_kind="resident",
            category_code="other",
            description="Squeaky door",
        )
    number = boris_ticket.pk
    # when Anna asks about it, comments on it, and lists her tickets
    assert texts(chat.send(message("anna", f"ticket {number}"))["anna"]) == [
        f"I can't find ticket #{number} among your tickets."
    ]
    assert texts(chat.send(message("anna", f"comment on ticket {number}: hello"))["anna"]) == [
        f"I can't find ticket #{number} among your tickets."
    ]
    assert texts(chat.send(message("anna", "my tickets"))["anna"]) == ["You have no tickets yet."]
    # then Boris sees it, with its status
    assert texts(chat.send(message("boris", f"ticket {number}"))["boris"]) == [
        f"Ticket #{number} (other): new\nVitosha 12, Sofia, building A, entrance 1, unit 14\nSqueaky door"
    ]
    with in_schema(company.schema_name):
        assert not boris_ticket.comments.exists()


def test_resident_comments_reach_the_assignee_and_staff_comments_with_a_photo_reach_the_resident(
    chat, company, telegram, town
):
    chat.send(message("anna", "The toilet flush is broken"))
    with in_schema(company.schema_name):
        number = Ticket.objects.get().pk
    # when Anna comments
    sent = chat.send(message("anna", f"comment on ticket {number}: please come after 5 pm"))
    assert texts(sent["anna"]) == [f"Comment added to ticket #{number}."]
    assert texts(sent["pavel"]) == [f"The resident commented on task #{number}:\nplease come after 5 pm"]
    # when Pavel comments with a photo, the caption opening with the ticket number
    picture = telegram.add_file(jpeg(), file_path="photos/valve.jpg")
    sent = chat.send(photo("pavel", picture.file_id, f"#{number} - replaced the valve"))
    # then Anna reads it and the photo is on the comment
    assert texts(sent["pavel"]) == [f"Comment added to ticket #{number}."]
    assert texts(sent["anna"]) == [f"New comment on your ticket #{number} from Pavel:\nreplaced the valve"]
    with in_schema(company.schema_name):
        comment = Ticket.objects.get().comments.get(author_id=town.users.pavel.pk)
        assert comment.attachments.count() == 1
    [sent_photo] = [call for call in telegram.log_of("sendPhoto") if call.chat_id == PEOPLE["anna"][0]]
    assert sent_photo.files["photo"].content_type == "image/jpeg"


def test_staff_list_their_tasks_and_open_a_card(chat, company, town):
    # given two tickets: Pavel gets the first, Petar the second (fewest open tickets wins)
    chat.send(message("anna", "The toilet flush is broken"))
    chat.send(message("boris", "The kitchen tap is dripping"))
    with in_schema(company.schema_name):
        first, second = Ticket.objects.select_related("assignee").order_by("pk")
    assert (first.assignee.user_id, second.assignee.user_id) == (town.users.pavel.pk, town.users.petar.pk)
    # when Pavel asks for his tasks
    [(listing, keys)] = chat.send(message("pavel", "my tasks"))["pavel"]
    # then only his, with a button to open it
    assert listing == (
        f"Your open tasks:\n#{first.pk} · plumbing · assigned — Green Hills, 12: The toilet flush is broken"
    )
    assert keys == [[f"task:company:{first.pk}:card"]]
    # when he opens the card
    [(card, card_keys)] = chat.send(press("pavel", keys[0][0]))["pavel"]
    assert card == (
        f"Task #{first.pk}: plumbing\nVitosha 12, Sofia, building A, entrance 1, unit 12\n"
        "Status: assigned\nThe toilet flush is broken"
    )
    assert card_keys == [[f"task:company:{first.pk}:take"]]
    # when a resident asks for tasks, or to take one
    assert texts(chat.send(message("anna", f"take {first.pk}"))["anna"]) == [
        "Tasks are for staff members of the management company."
    ]
    assert ticket_of(company, first.pk).status == "assigned"


def test_staff_report_an_incident_on_the_condo(chat, company, town):
    # when the security guard reports broken glass
    sent = chat.send(message("grigor", "Broken glass at the main entrance door"))
    # then the ticket is on the condo (no unit, no entry question) and goes to security
    with in_schema(company.schema_name):
        ticket = Ticket.objects.select_related("category").get()
    assert (ticket.unit_id, ticket.author_kind, ticket.category.code, ticket.emergency) == (
        None,
        "staff",
        "security",
        False,
    )
    assert texts(sent["grigor"]) == [created(ticket.pk, "security", "Grigor")]


def test_another_companys_tickets_stay_out_of_reach(chat, company, other_company, town):
    # given Olga's ticket in the other company
    with in_schema(other_company.schema_name):
        olga_ticket = ticket_create(
            condo_id=town.olga_unit.building.condo_id,
            unit_id=town.olga_unit.pk,
            author_id=town.users.olga.pk,
            author_kind="resident",
            category_code="plumbing",
            description="No water pressure",
        )
    number = olga_ticket.pk
    # when people of the first company ask for it or press crafted buttons naming that company
    assert texts(chat.send(message("anna", f"ticket {number}"))["anna"]) == [
        f"I can't find ticket #{number} among your tickets."
    ]
    assert texts(chat.send(press("anna", f"entry:other_company:{number}:1"))["anna"]) == [
        f"I can't find ticket #{number} among your tickets."
    ]
    assert texts(chat.send(press("ivan", f"task:other_company:{number}:card"))["ivan"]) == [
        f"I can't find ticket #{number} among your tickets."
    ]
    # then nothing changed there, and Olga still sees her own ticket
    stored = ticket_of(other_company, number)
    assert (stored.entry_allowed, stored.status) == (None, "new")
    assert texts(chat.send(message("olga", f"ticket {number}"))["olga"])[0].startswith(
        f"Ticket #{number} (plumbing): new\n"
    )


def test_a_photo_waits_while_the_resident_chooses_the_unit(chat, company, telegram, town):
    # given Anna lives in two units
    with in_schema(company.schema_name):
        u12 = town.u12
        u16 = _unit(u12.building, u12.entrance, "16")
        resident_link(unit=u16, user=town.users.anna)
    # when she sends a photo with the words "течёт кран"
    picture = telegram.add_file(jpeg(), file_path="photos/tap.jpg")
    sent = chat.send(photo("anna", picture.file_id, "течёт кран"))
    # then she is asked which unit, and nothing is created yet
    assert sent["anna"] == [
        ("Which unit is this about?", [[f"place:company:{u12.pk}"], [f"place:company:{u16.pk}"]])
    ]
    with in_schema(company.schema_name):
        assert not Ticket.objects.exists()
    # when she chooses unit 16
    sent = chat.send(press("anna", f"place:company:{u16.pk}"))
    # then the ticket is on unit 16 and the photo of the first message is attached to it
    with in_schema(company.schema_name):
        ticket = Ticket.objects.get()
        attachments = list(
            TicketAttachment.objects.filter(ticket=ticket).values_list("content_type", flat=True)
        )
    number = ticket.pk
    assert texts(sent["anna"]) == [
        "Got it: Vitosha 12, Sofia, building A, entrance 1, unit 16.",
        created(number, "plumbing", "Pavel"),
        f"Photo attached to ticket #{number}.",
        "May staff enter your unit when nobody is home?",
    ]
    assert (ticket.unit_id, ticket.description, attachments) == (u16.pk, "течёт кран", ["image/jpeg"])


def test_staff_see_only_their_own_tasks_not_every_ticket_of_their_condo(chat, company, town):
    # given Anna's ticket went to Pavel
    chat.send(message("anna", "The toilet flush is broken"))
    with in_schema(company.schema_name):
        ticket = Ticket.objects.select_related("assignee").get()
    assert ticket.assignee.user_id == town.users.pavel.pk
    number = ticket.pk
    not_found = [f"I can't find ticket #{number} among your tickets."]
    card = (
        f"Task #{number}: plumbing\nVitosha 12, Sofia, building A, entrance 1, unit 12\n"
        "Status: assigned\nThe toilet flush is broken"
    )
    # when other staff of Green Hills ask for it, by number or through a card button
    assert texts(chat.send(message("petar", f"ticket {number}"))["petar"]) == not_found
    assert texts(chat.send(message("grigor", f"ticket {number}"))["grigor"]) == not_found
    assert texts(chat.send(press("petar", f"task:company:{number}:card"))["petar"]) == not_found
    # then only the assignee and the condo admin get the card
    assert chat.send(message("pavel", f"ticket {number}"))["pavel"] == [
        (card, [[f"task:company:{number}:take"]])
    ]
    [(admin_card, _)] = chat.send(message("ivan", f"ticket {number}"))["ivan"]
    assert admin_card == card
