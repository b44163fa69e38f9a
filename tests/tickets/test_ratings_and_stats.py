"""Ratings (resident side, resolved tickets, once; the rater's comment with it or after it,
once) and the figures: average rating per staff member and per category, average resolution
time per condo and per category."""

from datetime import timedelta

import pytest
from django.utils import timezone

from config.api import ApiError
from shared_apps.accounts.models import User
from shared_apps.audit.models import AuditEntry
from tenant_apps.condos.models import UnitType
from tenant_apps.condos.services import building_create, condo_create, entrance_create, unit_create
from tenant_apps.residents.services import resident_link
from tenant_apps.tickets.models import Ticket, TicketStatus
from tenant_apps.tickets.services import ticket_rate, ticket_rating_comment_set
from tenants.schemas import in_schema
from tests.tickets.conftest import new_ticket


def set_state(company, ticket, **fields):
    with in_schema(company.schema_name):
        Ticket.objects.filter(pk=ticket.pk).update(**fields)
        return Ticket.objects.get(pk=ticket.pk)


def rate(company, ticket, user, rating, comment=""):
    with in_schema(company.schema_name):
        return ticket_rate(ticket=ticket, rating=rating, comment=comment, actor_id=user.pk)


def comment_on_rating(company, ticket, user, comment):
    with in_schema(company.schema_name):
        return ticket_rating_comment_set(ticket=ticket, comment=comment, actor_id=user.pk)


def stored_rating(company, ticket) -> tuple:
    with in_schema(company.schema_name):
        stored = Ticket.objects.get(pk=ticket.pk)
    return stored.rating, stored.rating_comment


def test_rating_rules(company, place, crew):
    # given Anna's ticket, still in progress
    ticket = set_state(
        company, new_ticket(company, crew.users.anna, place.u12), status=TicketStatus.IN_PROGRESS
    )
    with pytest.raises(ApiError) as too_early:
        rate(company, ticket, crew.users.anna, 5)
    ticket = set_state(company, ticket, status=TicketStatus.RESOLVED, resolved_at=timezone.now())
    # when others try, and then a person of the unit rates
    with pytest.raises(ApiError) as staff:
        rate(company, ticket, crew.users.pavel, 5)
    with pytest.raises(ApiError) as neighbour:
        rate(company, ticket, crew.users.boris, 5)
    with pytest.raises(ApiError) as out_of_range:
        rate(company, ticket, crew.users.anna, 6)
    rated = rate(company, ticket, crew.users.anna, 4, " Quick and tidy ")
    with pytest.raises(ApiError) as twice:
        rate(company, ticket, crew.users.anna, 1)
    # then
    assert (too_early.value.status, too_early.value.code) == (409, "ticket_not_resolved")
    assert (staff.value.status, neighbour.value.status) == (403, 403)
    assert (out_of_range.value.status, list(out_of_range.value.fields)) == (400, ["rating"])
    assert (rated.rating, rated.rating_comment, rated.rated_at is not None) == (4, "Quick and tidy", True)
    assert (twice.value.status, twice.value.code) == (409, "already_rated")


def test_a_housemate_may_rate_a_closed_ticket(company, place, crew):
    ticket = new_ticket(company, crew.users.anna, place.u12)
    ticket = set_state(company, ticket, status=TicketStatus.CLOSED, resolved_at=timezone.now())
    mark = User.objects.create_user(email="mark@home.test")
    with in_schema(company.schema_name):
        resident_link(unit=place.u12, user=mark)
    assert rate(company, ticket, mark, 5).rating == 5


def test_the_rater_adds_one_comment_after_the_rating(company, place, crew):
    # given Anna's resolved ticket, not rated yet, and Mark, who lives with her
    ticket = new_ticket(company, crew.users.anna, place.u12)
    ticket = set_state(company, ticket, status=TicketStatus.RESOLVED, resolved_at=timezone.now())
    mark = User.objects.create_user(email="mark@home.test")
    with in_schema(company.schema_name):
        resident_link(unit=place.u12, user=mark)
    # when Anna comments before rating
    with pytest.raises(ApiError) as before:
        comment_on_rating(company, ticket, crew.users.anna, "Quick and tidy")
    # when she rates 4 alone (the bot's button press), and others try to add the comment
    rate(company, ticket, crew.users.anna, 4)
    with pytest.raises(ApiError) as housemate:
        comment_on_rating(company, ticket, mark, "Quick and tidy")
    with pytest.raises(ApiError) as assignee:
        comment_on_rating(company, ticket, crew.users.pavel, "Quick and tidy")
    with pytest.raises(ApiError) as blank:
        comment_on_rating(company, ticket, crew.users.anna, "   ")
    with pytest.raises(ApiError) as too_long:
        comment_on_rating(company, ticket, crew.users.anna, "x" * 1001)
    # then nothing is stored yet
    assert (before.value.status, before.value.code) == (409, "not_rated")
    assert (housemate.value.status, assignee.value.status) == (403, 403)
    assert (blank.value.status, blank.value.fields) == (400, {"comment": ["Write a comment"]})
    assert (too_long.value.status, too_long.value.fields) == (400, {"comment": ["At most 1000 characters"]})
    assert stored_rating(company, ticket) == (4, "")
    # when Anna writes her comment, then a second one
    commented = comment_on_rating(company, ticket, crew.users.anna, " Quick and tidy ")
    with pytest.raises(ApiError) as twice:
        comment_on_rating(company, ticket, crew.users.anna, "Changed my mind")
    # then the first comment is stored, once, and audited
    assert (commented.rating, commented.rating_comment) == (4, "Quick and tidy")
    assert (twice.value.status, twice.value.code) == (409, "already_commented")
    assert stored_rating(company, ticket) == (4, "Quick and tidy")
    with in_schema(company.schema_name):
        entry = AuditEntry.objects.get(action="ticket.rating_comment")
    assert (entry.actor_id, entry.target_id, entry.changes) == (
        crew.users.anna.pk,
        str(ticket.pk),
        {"length": 14},
    )


def test_a_rating_comment_stays_in_its_company(company, other_company, place, crew):
    # given Anna's rated ticket here and Olga's rated ticket in the other company
    ticket = new_ticket(company, crew.users.anna, place.u12)
    set_state(company, ticket, status=TicketStatus.RESOLVED, resolved_at=timezone.now())
    ticket = rate(company, ticket, crew.users.anna, 5)
    olga = User.objects.create_user(email="olga@lake.test")
    with in_schema(other_company.schema_name):
        lake = condo_create(name="Lake View")
        building = building_create(condo=lake, name="L")
        unit = unit_create(
            building=building,
            entrance=entrance_create(building=building, name="1"),
            number="1",
            area="50",
            unit_type=UnitType.objects.get(condo=lake, code="residential"),
        )
        resident_link(unit=unit, user=olga)
    theirs = new_ticket(other_company, olga, unit)
    set_state(other_company, theirs, status=TicketStatus.RESOLVED, resolved_at=timezone.now())
    theirs = rate(other_company, theirs, olga, 2)
    # when each tries the other's ticket, then each comments their own
    with pytest.raises(ApiError) as olga_here:
        comment_on_rating(company, ticket, olga, "Slow")
    with pytest.raises(ApiError) as anna_there:
        comment_on_rating(other_company, theirs, crew.users.anna, "Great")
    comment_on_rating(company, ticket, crew.users.anna, "Great")
    # then the strangers are refused and every comment is where its rater wrote it
    assert (olga_here.value.status, anna_there.value.status) == (403, 403)
    assert stored_rating(company, ticket) == (5, "Great")
    assert stored_rating(other_company, theirs) == (2, "")


@pytest.fixture
def history(company, place, crew):
    """Pavel: 5 (2 h) and 4 (4 h); Elena: 3 (1 h, closed); Lina in Lake View: 2 (10 h);
    Petar's ticket still in progress, unrated."""
    start = timezone.now() - timedelta(days=3)

    def done(author, unit, category, assignee, rating, hours, status=TicketStatus.RESOLVED):
        ticket = new_ticket(company, author, unit, category=category)
        set_state(
            company,
            ticket,
            status=status,
            assignee=assignee,
            created_at=start,
            resolved_at=start + timedelta(hours=hours),
            rating=rating,
        )

    done(crew.users.anna, place.u12, "plumbing", crew.pavel, 5, 2)
    done(crew.users.anna, place.u12, "plumbing", crew.pavel, 4, 4)
    done(crew.users.anna, place.u12, "electrical", crew.elena, 3, 1, TicketStatus.CLOSED)
    done(crew.users.boris, place.u1, "plumbing", crew.lina, 2, 10)
    busy = new_ticket(company, crew.users.anna, place.u12)
    set_state(company, busy, status=TicketStatus.IN_PROGRESS, assignee=crew.petar, created_at=start)


def test_director_sees_exact_figures(company, place, crew, boss, history):
    # when
    response = boss.get("/tickets/stats")
    # then
    assert response.status_code == 200, response.content
    assert response.json() == {
        "ratings_by_staff": [
            {"staff_id": crew.pavel.pk, "name": "Pavel", "ratings": 2, "average_rating": "4.50"},
            {"staff_id": crew.elena.pk, "name": "Elena", "ratings": 1, "average_rating": "3.00"},
            {"staff_id": crew.lina.pk, "name": "Lina", "ratings": 1, "average_rating": "2.00"},
        ],
        "ratings_by_category": [
            {"category": "electrical", "ratings": 1, "average_rating": "3.00"},
            {"category": "plumbing", "ratings": 3, "average_rating": "3.67"},
        ],
        "resolution_by_condo": [
            {"condo_id": place.hills.pk, "tickets": 3, "average_resolution_hours": "2.33"},
            {"condo_id": place.lake.pk, "tickets": 1, "average_resolution_hours": "10.00"},
        ],
        "resolution_by_category": [
            {"category": "electrical", "tickets": 1, "average_resolution_hours": "1.00"},
            {"category": "plumbing", "tickets": 3, "average_resolution_hours": "5.33"},
        ],
    }
    lake = boss.get("/tickets/stats", condo=place.lake.pk).json()
    assert lake["resolution_by_condo"] == [
        {"condo_id": place.lake.pk, "tickets": 1, "average_resolution_hours": "10.00"}
    ]


def test_condo_admin_sees_their_condo_staff_their_own_residents_nothing(
    company, place, crew, history, sign_in, as_role
):
    # condo admin of Green Hills
    ivan = sign_in(crew.users.ivan, company)
    figures = ivan.get("/tickets/stats").json()
    assert [row["staff_id"] for row in figures["ratings_by_staff"]] == [crew.pavel.pk, crew.elena.pk]
    assert ivan.get("/tickets/stats", condo=place.lake.pk).status_code == 403
    # staff: their own average only
    pavel = sign_in(crew.users.pavel, company)
    assert pavel.get("/tickets/stats").status_code == 403
    assert pavel.get("/tickets/stats/me").json() == {
        "staff_id": crew.pavel.pk,
        "ratings": 2,
        "average_rating": "4.50",
    }
    assert sign_in(crew.users.petar, company).get("/tickets/stats/me").json() == {
        "staff_id": crew.petar.pk,
        "ratings": 0,
        "average_rating": None,
    }
    # accountant reads; residents never
    assert as_role("accountant").get("/tickets/stats").status_code == 200
    anna = sign_in(crew.users.anna, company)
    assert anna.get("/tickets/stats").status_code == 403
    assert anna.get("/tickets/stats/me").status_code == 403
