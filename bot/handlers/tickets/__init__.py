"""Ticket intents (SPEC §8): residents report problems (with photos, emergency triage, entry
permission), follow and comment their tickets and rate the work; staff see their tasks and move
them through the state machine. Notifications of ticket events: tenant_apps/tickets/notifications.py.

Buttons outlive any flow, so they carry the company schema (a person may be in several):
`entry:<schema>:<ticket>:<1|0>`, `rate:<schema>:<ticket>:<1-5|0|skip>`,
`task:<schema>:<ticket>:<take|review|resolve|card>`.
"""

from bot.handlers.tickets import rating, residents, staff  # noqa: F401  (registers handlers, flows, buttons)
