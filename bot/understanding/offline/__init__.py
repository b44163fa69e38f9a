"""Offline, rule-based understanding (SPEC §6) for English, Russian and Bulgarian.

No network, no database: regular expressions compiled once at import plus small walks over
the message's words. Used when no AI key is set and as the safety net when an AI answer
fails validation. Deterministic: the same text (and `today`) always gives the same answer.
It never guesses silently — a number without a meter, or a request without its details,
comes back as `unknown` with a reply asking for what is missing.

People write as they write: "хв 12,5 гв 7,3", "х.в.", "эл-во", "1 234,5", "12.5м3",
"studena 12,5", "халодная", "elektricity", "lift ne rabotaet". Words are therefore compared
by spelling key (Latin transliteration and Cyrillic give one key), by stem and within a
typo distance that grows with the word's length (`words`); numbers are normalised to dot
decimals (`readings`).

Decision order (first match wins):
  slash command → comment on a ticket → staff action on a ticket number → a ticket number
  opening the message with a colon or dash and words ("42: replaced the valve": a comment,
  unless it reads as meter readings) → task / ticket number → payment history → "how much do
  I owe" → pay → problem report by exact phrases →
  meter readings → reading history ("what did I submit", "показания за прошлый месяц") →
  readings without values or without meters ("счетчик 1: 12,3": a reading needs a meter code,
  so the person is asked which meter) → problem report read typo-tolerantly, or water where it
  does not belong ("water coming through the ceiling") → ticket without details → list tickets
  → my tasks → invoice → contacts → help → a request for a service ("need a plumber") → lone
  numbers → greeting → unknown.

A ticket's category: the first group named in `tickets.CATEGORY_PRIORITY`; a gas smell is
"other" (no seeded category handles gas) unless intruders, locks or cameras are named; smoke or
fire is the burning equipment's category (electrical, heating), else security. Numbers: a unit
may name the meter ("4567 kWh"), and in English "1,234" is 1234 (see `readings`).

Modules: `adapter` (the decision), `readings`, `tickets`, `words` (spelling keys and typo
distance), `patterns` (building expressions), `lexicon/` (the words, data only).
"""

from bot.understanding.offline.adapter import understand_offline

__all__ = ["understand_offline"]
