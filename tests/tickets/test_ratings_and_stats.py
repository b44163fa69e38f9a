"""Ratings (resident side, resolved tickets, once) and the figures: average rating per staff
member and per category, average resolution time per condo and per category."""

from datetime import timedelta

import pytest
from django.utils import timezone

from config.api import ApiError
from shared_apps.accounts.models import User
from tenant_apps.residents.services import resident_link
from tenant_apps.tickets.models import Ticket, TicketStatus
from tenant_apps.tickets.services import ticket_rate
from tenants.schemas import in_schema
from tests.tickets.conftest import new_ticket


def set_state(company, ticket, **fields):
    with in_schema(company.schema_name):
        Ticket.objects.filter(pk=ticket.pk).update(**fields)
        return Ticket.objects.get(pk=ticket.pk)


def rate(company, ticket, user, rating, comment=""):
    with in_schema(company.schema_name):
        return ticket_rate(ticket=ticket, rating=rating, comment=comment, actor_id=user.pk)


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
