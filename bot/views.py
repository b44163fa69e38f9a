import hmac
import json
import logging

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from bot.intake import update_receive

logger = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def telegram_webhook(request):
    """Telegram's webhook: the secret token is compared in constant time; the update is stored
    and queued, and Telegram gets its 200 at once."""
    secret = settings.TELEGRAM_WEBHOOK_SECRET
    given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
    if not secret or not hmac.compare_digest(given.encode(), secret.encode()):
        return JsonResponse(
            {"error": {"code": "permission_denied", "message": "Wrong secret token."}}, status=403
        )
    try:
        payload = json.loads(request.body)
        int(payload["update_id"])
    except (ValueError, KeyError, TypeError):
        return JsonResponse(
            {"error": {"code": "bad_request", "message": "Not a Telegram update."}}, status=400
        )
    update_receive(payload)
    return HttpResponse(status=200)
