"""The texts of ticket notifications and cards, in every language of the assistant."""

from bot.messages import catalogue_add

catalogue_add(
    {
        "ticket_status_new": {"en": "new", "ru": "новая", "bg": "нова"},
        "ticket_status_assigned": {"en": "assigned", "ru": "назначена", "bg": "възложена"},
        "ticket_status_in_progress": {"en": "in progress", "ru": "в работе", "bg": "в процес"},
        "ticket_status_review": {"en": "under review", "ru": "на проверке", "bg": "за проверка"},
        "ticket_status_resolved": {"en": "resolved", "ru": "выполнена", "bg": "решена"},
        "ticket_status_closed": {"en": "closed", "ru": "закрыта", "bg": "затворена"},
        "ticket_category_plumbing": {"en": "plumbing", "ru": "сантехника", "bg": "ВиК"},
        "ticket_category_electrical": {"en": "electrical", "ru": "электрика", "bg": "електричество"},
        "ticket_category_heating": {"en": "heating", "ru": "отопление", "bg": "отопление"},
        "ticket_category_cleaning": {"en": "cleaning", "ru": "уборка", "bg": "почистване"},
        "ticket_category_security": {"en": "security", "ru": "охрана", "bg": "охрана"},
        "ticket_category_elevator": {"en": "elevator", "ru": "лифт", "bg": "асансьор"},
        "ticket_category_other": {"en": "other", "ru": "другое", "bg": "друго"},
        "ticket_emergency_leak": {"en": "water leak", "ru": "протечка", "bg": "теч"},
        "ticket_emergency_gas": {"en": "gas smell", "ru": "запах газа", "bg": "миризма на газ"},
        "ticket_emergency_no_heating": {"en": "no heating", "ru": "нет отопления", "bg": "няма отопление"},
        "ticket_emergency_electrical_hazard": {
            "en": "electrical hazard",
            "ru": "опасность поражения током",
            "bg": "опасност от ток",
        },
        "ticket_emergency_elevator_stuck": {
            "en": "people stuck in the elevator",
            "ru": "застрял лифт",
            "bg": "заседнал асансьор",
        },
        "ticket_card": {
            "en": "Task #{number}: {category}\n{where}\nStatus: {status}\n{description}",
            "ru": "Задача №{number}: {category}\n{where}\nСтатус: {status}\n{description}",
            "bg": "Задача №{number}: {category}\n{where}\nСтатус: {status}\n{description}",
        },
        "ticket_card_emergency": {
            "en": "EMERGENCY: {reason}",
            "ru": "АВАРИЯ: {reason}",
            "bg": "АВАРИЯ: {reason}",
        },
        "ticket_card_entry_yes": {
            "en": "Staff may enter when nobody is home.",
            "ru": "Можно заходить, когда никого нет дома.",
            "bg": "Може да се влиза, когато няма никой вкъщи.",
        },
        "ticket_card_entry_no": {
            "en": "Enter only when someone is home.",
            "ru": "Заходить только когда кто-то дома.",
            "bg": "Влиза се само когато има някой вкъщи.",
        },
        "ticket_button_take": {"en": "Take", "ru": "Взять в работу", "bg": "Поемам"},
        "ticket_button_review": {"en": "Send to review", "ru": "На проверку", "bg": "За проверка"},
        "ticket_button_resolve": {"en": "Resolve", "ru": "Выполнено", "bg": "Решено"},
        "ticket_button_skip": {"en": "Skip", "ru": "Пропустить", "bg": "Пропусни"},
        "task_moved": {
            "en": "Task #{number} is now {status}.",
            "ru": "Задача №{number}: статус «{status}».",
            "bg": "Задача №{number}: статус „{status}“.",
        },
        "ticket_new_task": {
            "en": "A new task for you.",
            "ru": "Вам назначена новая задача.",
            "bg": "Имате нова задача.",
        },
        "ticket_assigned_resident": {
            "en": "Your ticket #{number} ({category}) is assigned to {staff}.",
            "ru": "Ваша заявка №{number} ({category}) передана исполнителю: {staff}.",
            "bg": "Заявката ви №{number} ({category}) е възложена на {staff}.",
        },
        "ticket_status_changed": {
            "en": "Ticket #{number} ({category}) is now {status}.",
            "ru": "Заявка №{number} ({category}): статус «{status}».",
            "bg": "Заявка №{number} ({category}): статус „{status}“.",
        },
        "ticket_rate_request": {
            "en": "Ticket #{number} ({category}) is resolved. How would you rate the work, from 1 to 5?",
            "ru": "Заявка №{number} ({category}) выполнена. Оцените, пожалуйста, работу от 1 до 5.",
            "bg": "Заявка №{number} ({category}) е решена. Моля, оценете работата от 1 до 5.",
        },
        "ticket_comment_to_resident": {
            "en": "New comment on your ticket #{number} from {author}:\n{text}",
            "ru": "Новый комментарий к вашей заявке №{number} от {author}:\n{text}",
            "bg": "Нов коментар по заявката ви №{number} от {author}:\n{text}",
        },
        "ticket_comment_to_staff": {
            "en": "The resident commented on task #{number}:\n{text}",
            "ru": "Житель прокомментировал задачу №{number}:\n{text}",
            "bg": "Живущият коментира задача №{number}:\n{text}",
        },
        "ticket_emergency_alert": {
            "en": "EMERGENCY ticket #{number}: {reason}\n{where}\n{description}",
            "ru": "АВАРИЙНАЯ заявка №{number}: {reason}\n{where}\n{description}",
            "bg": "АВАРИЙНА заявка №{number}: {reason}\n{where}\n{description}",
        },
        "ticket_task_taken_away": {
            "en": "Task #{number} ({category}) has been taken off your list.",
            "ru": "Задача №{number} ({category}) снята с вас.",
            "bg": "Задача №{number} ({category}) е снета от вас.",
        },
        "ticket_back_in_queue": {
            "en": "Your ticket #{number} ({category}) is waiting for a new assignee.",
            "ru": "Ваша заявка №{number} ({category}) ожидает нового исполнителя.",
            "bg": "Заявката ви №{number} ({category}) чака нов изпълнител.",
        },
        "ticket_comment_files": {"en": "(files attached)", "ru": "(вложения)", "bg": "(прикачени файлове)"},
        "ticket_staff_member": {"en": "a staff member", "ru": "сотрудник", "bg": "служител"},
    }
)
