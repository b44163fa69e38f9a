"""What the assistant says in ticket dialogues, in English, Russian and Bulgarian (the texts of
notifications, statuses and categories live in tenant_apps/tickets/notifications.py)."""

from bot.messages import catalogue_add

catalogue_add(
    {
        "ticket_created": {
            "en": "Ticket #{number} is created ({category}). You can send photos of the problem now.",
            "ru": "Заявка №{number} создана ({category}). Можете прислать фото проблемы.",
            "bg": "Заявка №{number} е създадена ({category}). Можете да изпратите снимки на проблема.",
        },
        "ticket_created_assigned": {
            "en": "Ticket #{number} is created ({category}) and assigned to {staff}. "
            "You can send photos of the problem now.",
            "ru": "Заявка №{number} создана ({category}) и передана исполнителю: {staff}. "
            "Можете прислать фото проблемы.",
            "bg": "Заявка №{number} е създадена ({category}) и възложена на {staff}. "
            "Можете да изпратите снимки на проблема.",
        },
        "ticket_emergency_call": {
            "en": "This looks like an emergency ({reason}). Call the emergency phone now: {phone}.",
            "ru": "Похоже на аварию ({reason}). Срочно позвоните по аварийному телефону: {phone}.",
            "bg": "Това прилича на авария ({reason}). Обадете се веднага на аварийния телефон: {phone}.",
        },
        "ticket_emergency_no_phone": {
            "en": "This looks like an emergency ({reason}). The ticket is marked urgent and the staff "
            "on duty are alerted.",
            "ru": "Похоже на аварию ({reason}). Заявка отмечена как срочная, дежурные сотрудники "
            "предупреждены.",
            "bg": "Това прилича на авария ({reason}). Заявката е отбелязана като спешна, дежурните "
            "служители са уведомени.",
        },
        "ticket_entry_question": {
            "en": "May staff enter your unit when nobody is home?",
            "ru": "Могут ли сотрудники зайти в квартиру, когда никого нет дома?",
            "bg": "Могат ли служителите да влязат в имота, когато няма никой вкъщи?",
        },
        "ticket_button_yes": {"en": "Yes", "ru": "Да", "bg": "Да"},
        "ticket_button_no": {"en": "No", "ru": "Нет", "bg": "Не"},
        "ticket_entry_yes": {
            "en": "Noted for ticket #{number}: staff may enter when nobody is home.",
            "ru": "Записал для заявки №{number}: можно заходить, когда никого нет дома.",
            "bg": "Записах за заявка №{number}: може да се влиза, когато няма никой вкъщи.",
        },
        "ticket_entry_no": {
            "en": "Noted for ticket #{number}: staff will come only when someone is home.",
            "ru": "Записал для заявки №{number}: сотрудники придут, только когда кто-то дома.",
            "bg": "Записах за заявка №{number}: служителите ще дойдат само когато има някой вкъщи.",
        },
        "ticket_photo_attached": {
            "en": "Photo attached to ticket #{number}.",
            "ru": "Фото добавлено к заявке №{number}.",
            "bg": "Снимката е добавена към заявка №{number}.",
        },
        "ticket_photo_unavailable": {
            "en": "I could not get the photo from Telegram; please send it again.",
            "ru": "Не удалось получить фото из Telegram; пришлите его ещё раз.",
            "bg": "Не успях да получа снимката от Telegram; изпратете я отново.",
        },
        "ticket_not_found": {
            "en": "I can't find ticket #{number} among your tickets.",
            "ru": "Среди ваших заявок нет заявки №{number}.",
            "bg": "Сред вашите заявки няма заявка №{number}.",
        },
        "ticket_list": {
            "en": "Your tickets:\n{lines}",
            "ru": "Ваши заявки:\n{lines}",
            "bg": "Вашите заявки:\n{lines}",
        },
        "ticket_list_empty": {
            "en": "You have no tickets yet.",
            "ru": "У вас пока нет заявок.",
            "bg": "Все още нямате заявки.",
        },
        "ticket_detail": {
            "en": "Ticket #{number} ({category}): {status}\n{where}\n{description}",
            "ru": "Заявка №{number} ({category}): {status}\n{where}\n{description}",
            "bg": "Заявка №{number} ({category}): {status}\n{where}\n{description}",
        },
        "ticket_detail_assignee": {
            "en": "Assigned to: {staff}",
            "ru": "Исполнитель: {staff}",
            "bg": "Изпълнител: {staff}",
        },
        "ticket_detail_rating": {
            "en": "Your rating: {rating}/5",
            "ru": "Ваша оценка: {rating}/5",
            "bg": "Вашата оценка: {rating}/5",
        },
        "ticket_comment_added": {
            "en": "Comment added to ticket #{number}.",
            "ru": "Комментарий добавлен к заявке №{number}.",
            "bg": "Коментарът е добавен към заявка №{number}.",
        },
        "ticket_forbidden": {
            "en": "You can't do that with ticket #{number}.",
            "ru": "С заявкой №{number} этого сделать нельзя.",
            "bg": "Това не може да се направи със заявка №{number}.",
        },
        "ticket_illegal": {
            "en": "Ticket #{number} is {status} now, so this step is not possible.",
            "ru": "Заявка №{number} сейчас в статусе «{status}», этот шаг невозможен.",
            "bg": "Заявка №{number} сега е в статус „{status}“, тази стъпка не е възможна.",
        },
        "ticket_problem": {
            "en": "That did not work: {reason}",
            "ru": "Не получилось: {reason}",
            "bg": "Не се получи: {reason}",
        },
        "ticket_rate_comment_ask": {
            "en": "Thank you! Your rating of ticket #{number} ({rating}/5) is saved. Would you like to add "
            "a comment? Write it now, or press Skip.",
            "ru": "Спасибо! Ваша оценка заявки №{number} ({rating}/5) сохранена. Хотите добавить "
            "комментарий? Напишите его или нажмите «Пропустить».",
            "bg": "Благодаря! Оценката ви на заявка №{number} ({rating}/5) е запазена. Искате ли да добавите "
            "коментар? Напишете го или натиснете „Пропусни“.",
        },
        "ticket_rate_comment_saved": {
            "en": "Your comment on the rating of ticket #{number} is saved. Thank you!",
            "ru": "Комментарий к оценке заявки №{number} сохранён. Спасибо!",
            "bg": "Коментарът към оценката на заявка №{number} е запазен. Благодаря!",
        },
        "ticket_rate_comment_skipped": {
            "en": "All right, your rating of ticket #{number} stays without a comment.",
            "ru": "Хорошо, оценка заявки №{number} остаётся без комментария.",
            "bg": "Добре, оценката на заявка №{number} остава без коментар.",
        },
        "ticket_rate_skipped": {
            "en": "All right, no rating for ticket #{number}.",
            "ru": "Хорошо, без оценки для заявки №{number}.",
            "bg": "Добре, без оценка за заявка №{number}.",
        },
        "ticket_rated_already": {
            "en": "Ticket #{number} is already rated. Thank you!",
            "ru": "Заявка №{number} уже оценена. Спасибо!",
            "bg": "Заявка №{number} вече е оценена. Благодаря!",
        },
        "tasks_list": {
            "en": "Your open tasks:\n{lines}",
            "ru": "Ваши открытые задачи:\n{lines}",
            "bg": "Вашите отворени задачи:\n{lines}",
        },
        "tasks_empty": {
            "en": "You have no open tasks.",
            "ru": "У вас нет открытых задач.",
            "bg": "Нямате отворени задачи.",
        },
        "tasks_staff_only": {
            "en": "Tasks are for staff members of the management company.",
            "ru": "Задачи доступны сотрудникам управляющей компании.",
            "bg": "Задачите са за служителите на управляващата компания.",
        },
    }
)
