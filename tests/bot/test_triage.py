"""Emergency triage (bot.understanding.triage): the reason code of a message that cannot
wait, in en/ru/bg, transliterated and with typos — and the near misses that are not."""

import pytest

from bot.understanding.triage import emergency_of

WINTER, SUMMER = 1, 7


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # active leaks and flooding
        ("заливает", "leak"),
        ("Соседи сверху заливают!!!", "leak"),
        ("нас затопило", "leak"),
        ("течёт с потолка в ванной", "leak"),
        ("течет с потолка", "leak"),
        ("вода с потолка льётся", "leak"),
        ("прорвало трубу в подвале", "leak"),
        ("хлещет вода из трубы", "leak"),
        ("заливаит кухню", "leak"),
        ("zalivaet", "leak"),
        ("тече от тавана", "leak"),
        ("тече вода от тавана на банята", "leak"),
        ("наводнение в мазето", "leak"),
        ("спукана тръба", "leak"),
        ("teche ot tavana", "leak"),
        ("flooding in the basement", "leak"),
        ("the kitchen is flooded", "leak"),
        ("water leaking from the ceiling", "leak"),
        ("burst pipe in apt 5", "leak"),
        ("floding", "leak"),
        ("съседите ни наводняват", "leak"),
        ("ни залива съседът", "leak"),
        ("water is pouring from the ceiling in the bathroom", "leak"),
        ("the pipe is leaking under the sink", "leak"),
        ("течёт батарея, всё мокрое", "leak"),
        ("тече ми радиатора", "leak"),
        ("течёт кран, на полу лужа", "leak"),
        # gas
        ("пахнет газом", "gas"),
        ("в подъезде сильный запах газа", "gas"),
        ("утечка газа", "gas"),
        ("пахнит газом", "gas"),
        ("pahnet gazom", "gas"),
        ("мирише на газ", "gas"),
        ("усеща се миризма на газ във входа", "gas"),
        ("smell of gas in the hallway", "gas"),
        ("I think there is a gas leak", "gas"),
        ("it smells like gas", "gas"),
        # electrical hazards
        ("искрит розетка", "electrical_hazard"),
        ("розетка искрит и трещит", "electrical_hazard"),
        ("бьёт током от крана", "electrical_hazard"),
        ("дым из розетки", "electrical_hazard"),
        ("дымится щиток", "electrical_hazard"),
        ("оплавилась розетка, пахнет гарью", "electrical_hazard"),
        ("искри контакта", "electrical_hazard"),
        ("бие ток от хладилника", "electrical_hazard"),
        ("iskri kontakta", "electrical_hazard"),
        ("bie tok", "electrical_hazard"),
        ("sparks from the socket", "electrical_hazard"),
        ("the outlet is sparking", "electrical_hazard"),
        ("smoke coming out of the outlet", "electrical_hazard"),
        ("burning smell from the wiring", "electrical_hazard"),
        ("got an electric shock from the switch", "electrical_hazard"),
        # someone stuck in the lift
        ("застрял в лифте", "elevator_stuck"),
        ("мы застряли в лифте", "elevator_stuck"),
        ("ребёнок застрял в лифте!", "elevator_stuck"),
        ("лифт застрял между этажами, внутри люди", "elevator_stuck"),
        ("застрял в лифти", "elevator_stuck"),
        ("zastryal v lifte", "elevator_stuck"),
        ("заседнал съм в асансьора", "elevator_stuck"),
        ("заседнахме в асансьора", "elevator_stuck"),
        ("човек е заклещен в асансьора", "elevator_stuck"),
        ("stuck in the elevator", "elevator_stuck"),
        ("someone is stuck in the lift", "elevator_stuck"),
        ("we are trapped in the elevator", "elevator_stuck"),
        ("stuck in the elevater", "elevator_stuck"),
    ],
)
def test_emergencies_are_recognised_in_every_season(text, reason):
    # when / then
    assert emergency_of(text, month=WINTER) == reason
    assert emergency_of(text, month=SUMMER) == reason


@pytest.mark.parametrize(
    "text",
    [
        "нет отопления",
        "в квартире нет отопления уже два дня",
        "батареи холодные",
        "не греют батареи",
        "отопление не работает",
        "отопление отключили",
        "atoplenie ne rabotaet",
        "няма парно",
        "парното не топли",
        "радиаторите са студени",
        "no heating",
        "the heating is off",
        "heating doesnt work",
        "radiators are cold",
        "heating is not working",
    ],
)
def test_missing_heating_is_an_emergency_only_in_the_cold_season(text):
    # when / then
    assert [emergency_of(text, month=month) for month in range(1, 13)] == [
        "no_heating", "no_heating", "no_heating", "no_heating", None, None,
        None, None, None, "no_heating", "no_heating", "no_heating",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        # a dripping or running tap, a leaking pipe without flooding
        "капает кран",
        "у меня течёт кран на кухне",
        "течет смеситель",
        "капе кранчето в банята",
        "the tap is dripping",
        "leaking tap in the kitchen",
        "the toilet is leaking a little",
        # a lift that does not work is not someone stuck in it
        "не работает лифт",
        "лифт сломался",
        "асансьорът не работи",
        "the elevator doesn't work",
        "the lift is broken again",
        # gas without a smell or a leak
        "газ 45,7",
        "счёт за газ",
        "gas meter reading 345.6",
        "газовая плита не работает",
        "не пахнет газом, всё в порядке",
        # electricity without a hazard
        "нет света в подъезде",
        "розетка не работает",
        "перегорела лампочка",
        "не свети лампата",
        "no power in my flat",
        # heating words that are no complaint
        "отопление 123",
        "когда включат отопление?",
        "счёт за отопление",
        "heating 0.75",
        # nothing at all
        "холодная 12,5 горячая 7,3",
        "спасибо",
        "",
        "   ",
        "уже не заливает, спасибо",
    ],
)
def test_near_misses_are_not_emergencies(text):
    # when / then
    assert emergency_of(text, month=WINTER) is None
    assert emergency_of(text, month=SUMMER) is None


def test_the_most_dangerous_reason_wins():
    # when / then
    assert emergency_of("заливает щиток, искрит", month=WINTER) == "electrical_hazard"
    assert emergency_of("пахнет газом и нет отопления", month=WINTER) == "gas"
    assert emergency_of("застрял в лифте, а в подъезде заливает", month=WINTER) == "elevator_stuck"
    assert emergency_of("заливает, батареи холодные", month=WINTER) == "leak"


def test_a_negation_covers_the_next_two_words():
    # when / then: the sparks count, the gas does not
    assert emergency_of("no gas smell but sparks", month=WINTER) == "electrical_hazard"
    assert emergency_of("не пахнет газом", month=WINTER) is None
